// Go module versions (golang.org/x/mod/semver): SemVer with an optional `v` (the Go proxy writes
// it, OSV Go data omits it). Pseudo-versions such as v0.0.0-20210101000000-abcdef123456 are
// ordinary prereleases and `+incompatible` is build metadata, so neither needs a special case.
#include "version/schemes.h"
#include "version/semver_parts.h"

namespace vigil::version {
namespace {

class GoImpl final : public Scheme {
 public:
  SchemeId id() const override { return SchemeId::kGo; }
  std::string_view name() const override { return "go"; }
  Result<void> Encode(std::string_view text, std::string& out) const override {
    return EncodeSemver(text, out, name());
  }
};

}  // namespace

const Scheme& GoScheme() {
  static const GoImpl scheme;
  return scheme;
}

}  // namespace vigil::version
