// PLACEHOLDER: replaced by the real Maven scheme implementation.
#include "version/schemes.h"

namespace vigil::version {
namespace {

class MavenImpl final : public Scheme {
 public:
  SchemeId id() const override { return SchemeId::kMaven; }
  std::string_view name() const override { return "maven"; }
  Result<void> Encode(std::string_view, std::string&) const override {
    return Fail(ErrorCode::kInternal, "maven versions are not implemented yet");
  }
};

}  // namespace

const Scheme& MavenScheme() {
  static const MavenImpl scheme;
  return scheme;
}

}  // namespace vigil::version
