// CRAN versions as ordered by R's package_version(): two or more non-negative integers separated
// by '.' or '-', compared element-wise as numbers, a longer version winning when one is a prefix of
// the other (so 1.0 < 1.0.0). Encoded as a sort key.
#include <cstddef>
#include <string>
#include <string_view>

#include "version/invalid_version.h"
#include "version/integer_list.h"
#include "version/schemes.h"

namespace vigil::version {
namespace {

constexpr std::string_view kName = "cran";

class CranImpl final : public Scheme {
 public:
  SchemeId id() const override { return SchemeId::kCran; }
  std::string_view name() const override { return kName; }

  Result<void> Encode(std::string_view text, std::string& out) const override {
    const IntegerListRules rules{
        .scheme = kName,
        .separators = ".-",
        .min_components = 2,
        // R stores components as integers: a larger one becomes NA and cannot be compared.
        .max_value = "2147483647",
        .leading_zeros = LeadingZeros::kAllowed,
    };
    return EncodeIntegerList(text, rules, out);
  }
};

}  // namespace

const Scheme& CranScheme() {
  static const CranImpl scheme;
  return scheme;
}

}  // namespace vigil::version
