// SemVer 2.0 (semver.org §11) as npm's `semver` package applies it: npm, crates.io, Hex, SwiftURL.
#include "version/schemes.h"
#include "version/semver_parts.h"

namespace vigil::version {
namespace {

class SemverImpl final : public Scheme {
 public:
  SchemeId id() const override { return SchemeId::kSemver; }
  std::string_view name() const override { return "semver"; }
  Result<void> Encode(std::string_view text, std::string& out) const override {
    return EncodeSemver(text, out, name());
  }
};

}  // namespace

const Scheme& SemverScheme() {
  static const SemverImpl scheme;
  return scheme;
}

}  // namespace vigil::version
