// PLACEHOLDER: replaced by the real Pub scheme implementation.
#include "version/schemes.h"

namespace vigil::version {
namespace {

class PubImpl final : public Scheme {
 public:
  SchemeId id() const override { return SchemeId::kPub; }
  std::string_view name() const override { return "pub"; }
  Result<void> Encode(std::string_view, std::string&) const override {
    return Fail(ErrorCode::kInternal, "pub versions are not implemented yet");
  }
};

}  // namespace

const Scheme& PubScheme() {
  static const PubImpl scheme;
  return scheme;
}

}  // namespace vigil::version
