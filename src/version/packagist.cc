// PLACEHOLDER: replaced by the real Packagist scheme implementation.
#include "version/schemes.h"

namespace vigil::version {
namespace {

class PackagistImpl final : public Scheme {
 public:
  SchemeId id() const override { return SchemeId::kPackagist; }
  std::string_view name() const override { return "packagist"; }
  Result<void> Encode(std::string_view, std::string&) const override {
    return Fail(ErrorCode::kInternal, "packagist versions are not implemented yet");
  }
};

}  // namespace

const Scheme& PackagistScheme() {
  static const PackagistImpl scheme;
  return scheme;
}

}  // namespace vigil::version
