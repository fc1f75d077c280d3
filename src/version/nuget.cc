// PLACEHOLDER: replaced by the real NuGet scheme implementation.
#include "version/schemes.h"

namespace vigil::version {
namespace {

class NuGetImpl final : public Scheme {
 public:
  SchemeId id() const override { return SchemeId::kNuGet; }
  std::string_view name() const override { return "nuget"; }
  Result<void> Encode(std::string_view, std::string&) const override {
    return Fail(ErrorCode::kInternal, "nuget versions are not implemented yet");
  }
};

}  // namespace

const Scheme& NuGetScheme() {
  static const NuGetImpl scheme;
  return scheme;
}

}  // namespace vigil::version
