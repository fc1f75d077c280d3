// PLACEHOLDER: replaced by the real Go scheme implementation.
#include "version/schemes.h"

namespace vigil::version {
namespace {

class GoImpl final : public Scheme {
 public:
  SchemeId id() const override { return SchemeId::kGo; }
  std::string_view name() const override { return "go"; }
  Result<void> Encode(std::string_view, std::string&) const override {
    return Fail(ErrorCode::kInternal, "go versions are not implemented yet");
  }
};

}  // namespace

const Scheme& GoScheme() {
  static const GoImpl scheme;
  return scheme;
}

}  // namespace vigil::version
