#include "version/integer_list.h"

#include "version/invalid_version.h"
#include "version/sort_key.h"
#include "version/ascii.h"

namespace vigil::version {
namespace {

// A component marker sorts above the end marker, so a list sorts below its own extensions.
constexpr char kEnd = 0x01;
constexpr char kComponent = 0x02;


bool Exceeds(std::string_view digits, std::string_view max_value) {
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
  return digits.size() != max_value.size() ? digits.size() > max_value.size() : digits > max_value;
}

}  // namespace

Result<void> EncodeIntegerList(std::string_view text, const IntegerListRules& rules, std::string& out) {
  const std::size_t original = out.size();
  auto fail = [&](std::size_t offset, std::string_view reason) {
    Truncate(out, original);
    return InvalidVersion(rules.scheme, text, offset, reason);
  };
  if (text.empty()) return fail(0, "empty version");
  std::size_t components = 0;
  std::size_t i = 0;
  for (;;) {
    const std::size_t start = i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    const std::string_view digits = text.substr(start, i - start);
    if (digits.empty()) {
      return fail(start, i < text.size() ? "expected a digit, found '" + std::string(1, text[i]) + "'"
                                         : std::string("empty component"));
    }
    if (rules.leading_zeros == LeadingZeros::kRejected && digits.size() > 1 && digits.front() == '0') {
      return fail(start, "leading zero");
    }
    if (Exceeds(digits, rules.max_value)) return fail(start, "component larger than " + std::string(rules.max_value));
    out.push_back(kComponent);
    AppendNumber(out, digits);
    ++components;
    if (i == text.size()) break;
    if (rules.separators.find(text[i]) == std::string_view::npos) {
      return fail(i, "unexpected character '" + std::string(1, text[i]) + "'");
    }
    ++i;
  }
  if (components < rules.min_components) {
    return fail(text.size(), "needs at least " + std::to_string(rules.min_components) + " components");
  }
  out.push_back(kEnd);
  return {};
}

}  // namespace vigil::version
