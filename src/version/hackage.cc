// Hackage versions as parsed and ordered by Cabal's Version: dot-separated non-negative integers
// without leading zeros and of at most nine digits, compared as integer lists (so 1.0 < 1.0.0).
// Version tags ("1.0-beta") are deprecated in Cabal and rejected here. Encoded as a sort key.
#include <string>
#include <string_view>

#include "version/integer_list.h"
#include "version/schemes.h"

namespace vigil::version {
namespace {

constexpr std::string_view kName = "hackage";

class HackageImpl final : public Scheme {
 public:
  SchemeId id() const override { return SchemeId::kHackage; }
  std::string_view name() const override { return kName; }

  Result<void> Encode(std::string_view text, std::string& out) const override {
    const IntegerListRules rules{
        .scheme = kName,
        .separators = ".",
        .min_components = 1,
        // Cabal's parser refuses more than nine digits so that a part always fits an Int.
        .max_value = "999999999",
        .leading_zeros = LeadingZeros::kRejected,
    };
    return EncodeIntegerList(text, rules, out);
  }
};

}  // namespace

const Scheme& HackageScheme() {
  static const HackageImpl scheme;
  return scheme;
}

}  // namespace vigil::version
