// NuGet.Versioning's NuGetVersion: up to four numeric parts (missing ones are 0, so 1.0 ==
// 1.0.0.0), dot-separated release labels compared case-insensitively with numeric labels first and
// numerically, and build metadata that does not take part in ordering.
#include <cstdint>

#include "version/schemes.h"
#include "version/semver_parts.h"
#include "version/sort_key.h"
#include "version/ascii.h"

namespace vigil::version {
namespace {

constexpr std::string_view kName = "nuget";
constexpr int kMaxParts = 4;
// NuGet treats a label as a number only if Int32.TryParse accepts it; longer digit strings are
// compared as text.
constexpr std::uint64_t kMaxNumericLabel = 2147483647;
constexpr std::size_t kMaxNumericLabelDigits = 10;

// Sort-key bytes: a prerelease sorts below the release; numeric labels below text labels; a text
// label ends with a zero byte so that a prefix sorts first.
constexpr char kPrerelease = 0x00;
constexpr char kRelease = 0x01;
constexpr char kNumericLabel = 0x01;
constexpr char kTextLabel = 0x02;
constexpr char kLabelEnd = 0x00;

bool IsLabelChar(char c) { return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-'; }

bool FitsInt32(std::string_view digits) {
  if (digits.size() > kMaxNumericLabelDigits) return false;
  std::uint64_t value = 0;
  for (char c : digits) value = value * 10 + static_cast<std::uint64_t>(c - '0');
  return value <= kMaxNumericLabel;
}

class NuGetImpl final : public Scheme {
 public:
  SchemeId id() const override { return SchemeId::kNuGet; }
  std::string_view name() const override { return kName; }

  Result<void> Encode(std::string_view text, std::string& out) const override {
    const std::size_t start_size = out.size();
    auto invalid = [&](std::size_t offset, std::string_view reason) {
      Truncate(out, start_size);
      return InvalidVersion(kName, text, offset, reason);
    };
    std::size_t pos = 0;
    int parts = 0;
    while (true) {
      const std::size_t begin = pos;
      while (pos < text.size() && IsDigit(text[pos])) ++pos;
      if (pos == begin) return invalid(pos, text.empty() ? "empty version" : "expected a number");
      if (++parts > kMaxParts) return invalid(begin, "more than four numeric parts");
      AppendNumber(out, text.substr(begin, pos - begin));
      if (pos >= text.size() || text[pos] != '.') break;
      ++pos;
    }
    for (; parts < kMaxParts; ++parts) AppendNumber(out, std::string_view());

    if (pos < text.size() && text[pos] == '-') {
      ++pos;
      out.push_back(kPrerelease);
      while (true) {
        const std::size_t begin = pos;
        bool numeric = true;
        for (; pos < text.size() && IsLabelChar(text[pos]); ++pos) numeric = numeric && IsDigit(text[pos]);
        if (pos == begin) return invalid(pos, "empty release label");
        const std::string_view label = text.substr(begin, pos - begin);
        if (numeric && label.size() > 1 && label.front() == '0') {
          return invalid(begin, "leading zero in numeric release label");
        }
        if (numeric && FitsInt32(label)) {
          out.push_back(kNumericLabel);
          AppendNumber(out, label);
        } else {
          out.push_back(kTextLabel);
          for (char c : label) out.push_back(ToLower(c));
          out.push_back(kLabelEnd);
        }
        if (pos >= text.size() || text[pos] != '.') break;
        ++pos;
      }
    } else {
      out.push_back(kRelease);
    }

    if (pos < text.size() && text[pos] == '+') {
      ++pos;
      while (true) {
        const std::size_t begin = pos;
        while (pos < text.size() && IsLabelChar(text[pos])) ++pos;
        if (pos == begin) return invalid(pos, "empty build metadata part");
        if (pos >= text.size() || text[pos] != '.') break;
        ++pos;
      }
    }
    if (pos < text.size()) return invalid(pos, std::string("unexpected character '") + text[pos] + "'");
    return {};
  }
};

}  // namespace

const Scheme& NuGetScheme() {
  static const NuGetImpl scheme;
  return scheme;
}

}  // namespace vigil::version
