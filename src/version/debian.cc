// PLACEHOLDER: replaced by the real Debian scheme implementation.
#include "version/schemes.h"

namespace vigil::version {
namespace {

class DebianImpl final : public Scheme {
 public:
  SchemeId id() const override { return SchemeId::kDebian; }
  std::string_view name() const override { return "debian"; }
  Result<void> Encode(std::string_view, std::string&) const override {
    return Fail(ErrorCode::kInternal, "debian versions are not implemented yet");
  }
};

}  // namespace

const Scheme& DebianScheme() {
  static const DebianImpl scheme;
  return scheme;
}

}  // namespace vigil::version
