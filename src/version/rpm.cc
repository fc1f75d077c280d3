// PLACEHOLDER: replaced by the real Rpm scheme implementation.
#include "version/schemes.h"

namespace vigil::version {
namespace {

class RpmImpl final : public Scheme {
 public:
  SchemeId id() const override { return SchemeId::kRpm; }
  std::string_view name() const override { return "rpm"; }
  Result<void> Encode(std::string_view, std::string&) const override {
    return Fail(ErrorCode::kInternal, "rpm versions are not implemented yet");
  }
};

}  // namespace

const Scheme& RpmScheme() {
  static const RpmImpl scheme;
  return scheme;
}

}  // namespace vigil::version
