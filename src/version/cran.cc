// PLACEHOLDER: replaced by the real Cran scheme implementation.
#include "version/schemes.h"

namespace vigil::version {
namespace {

class CranImpl final : public Scheme {
 public:
  SchemeId id() const override { return SchemeId::kCran; }
  std::string_view name() const override { return "cran"; }
  Result<void> Encode(std::string_view, std::string&) const override {
    return Fail(ErrorCode::kInternal, "cran versions are not implemented yet");
  }
};

}  // namespace

const Scheme& CranScheme() {
  static const CranImpl scheme;
  return scheme;
}

}  // namespace vigil::version
