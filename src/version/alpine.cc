// PLACEHOLDER: replaced by the real Alpine scheme implementation.
#include "version/schemes.h"

namespace vigil::version {
namespace {

class AlpineImpl final : public Scheme {
 public:
  SchemeId id() const override { return SchemeId::kAlpine; }
  std::string_view name() const override { return "alpine"; }
  Result<void> Encode(std::string_view, std::string&) const override {
    return Fail(ErrorCode::kInternal, "alpine versions are not implemented yet");
  }
};

}  // namespace

const Scheme& AlpineScheme() {
  static const AlpineImpl scheme;
  return scheme;
}

}  // namespace vigil::version
