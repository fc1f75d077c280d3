// PLACEHOLDER: replaced by the real RubyGems scheme implementation.
#include "version/schemes.h"

namespace vigil::version {
namespace {

class RubyGemsImpl final : public Scheme {
 public:
  SchemeId id() const override { return SchemeId::kRubyGems; }
  std::string_view name() const override { return "rubygems"; }
  Result<void> Encode(std::string_view, std::string&) const override {
    return Fail(ErrorCode::kInternal, "rubygems versions are not implemented yet");
  }
};

}  // namespace

const Scheme& RubyGemsScheme() {
  static const RubyGemsImpl scheme;
  return scheme;
}

}  // namespace vigil::version
