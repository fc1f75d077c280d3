// PLACEHOLDER: replaced by the real Pypi scheme implementation.
#include "version/schemes.h"

namespace vigil::version {
namespace {

class PypiImpl final : public Scheme {
 public:
  SchemeId id() const override { return SchemeId::kPypi; }
  std::string_view name() const override { return "pypi"; }
  Result<void> Encode(std::string_view, std::string&) const override {
    return Fail(ErrorCode::kInternal, "pypi versions are not implemented yet");
  }
};

}  // namespace

const Scheme& PypiScheme() {
  static const PypiImpl scheme;
  return scheme;
}

}  // namespace vigil::version
