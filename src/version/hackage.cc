// PLACEHOLDER: replaced by the real Hackage scheme implementation.
#include "version/schemes.h"

namespace vigil::version {
namespace {

class HackageImpl final : public Scheme {
 public:
  SchemeId id() const override { return SchemeId::kHackage; }
  std::string_view name() const override { return "hackage"; }
  Result<void> Encode(std::string_view, std::string&) const override {
    return Fail(ErrorCode::kInternal, "hackage versions are not implemented yet");
  }
};

}  // namespace

const Scheme& HackageScheme() {
  static const HackageImpl scheme;
  return scheme;
}

}  // namespace vigil::version
