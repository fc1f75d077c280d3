// PLACEHOLDER: replaced by the real Semver scheme implementation.
#include "version/schemes.h"

namespace vigil::version {
namespace {

class SemverImpl final : public Scheme {
 public:
  SchemeId id() const override { return SchemeId::kSemver; }
  std::string_view name() const override { return "semver"; }
  Result<void> Encode(std::string_view, std::string&) const override {
    return Fail(ErrorCode::kInternal, "semver versions are not implemented yet");
  }
};

}  // namespace

const Scheme& SemverScheme() {
  static const SemverImpl scheme;
  return scheme;
}

}  // namespace vigil::version
