// RubyGems' Gem::Version (rubygems 3.3, Debian 12's ruby) as a sort key. A version is valid when
// Gem::Version.correct? accepts it; '-' reads as ".pre."; segments are runs of digits or of letters;
// the canonical segments drop the trailing zeros of the numeric part (before the first letters) and
// of the rest; missing segments compare as 0 and letters sort below numbers.
//
// The key writes each canonical segment together with the number of zero segments before it, so
// that a version ending early (padded with zeros) sorts correctly against zeros followed by a
// string (lower) or a number (higher): a string token keeps its zero count ascending, a number token
// descending, and the end of the version sits between the two.
#include <cstdint>
#include <string>
#include <string_view>

#include "version/schemes.h"
#include "version/sort_key.h"
#include "version/ascii.h"

namespace vigil::version {
namespace {

constexpr char kStringTag = 0x01;
constexpr char kEndTag = 0x02;
constexpr char kNumberTag = 0x03;
constexpr char kStringEnd = 0x00;  // below every letter, so "a" < "ab"

// Gem::Version writes '-' as ".pre.", which adds a "pre" segment.
constexpr std::string_view kDashSegment = "pre";

// Ruby's \s.
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

std::string Describe(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7F) return std::string("'") + c + "'";
  constexpr char kHex[] = "0123456789ABCDEF";
  constexpr int kNibble = 4;
  constexpr unsigned kLowNibble = 0xF;
  return std::string("byte 0x") + kHex[byte >> kNibble] + kHex[byte & kLowNibble];
}

// Checks Gem::Version's ANCHORED_VERSION_PATTERN,
//   \A\s*([0-9]+(?>\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?)?\s*\z
// and returns the version without its surrounding white space.
Result<std::string_view> Validate(std::string_view text) {
  auto fail = [&](std::size_t at, std::string_view why) {
    return Fail(ErrorCode::kInvalidArgument, "rubygems version \"" + std::string(text) + "\": " +
                                                 std::string(why) + " at offset " + std::to_string(at));
  };
  std::size_t begin = 0;
  while (begin < text.size() && IsSpace(text[begin])) ++begin;
  std::size_t end = text.size();
  while (end > begin && IsSpace(text[end - 1])) --end;
  if (begin == end) return text.substr(begin, 0);
  if (!IsDigit(text[begin])) return fail(begin, Describe(text[begin]) + " where the first digit belongs");

  std::size_t i = begin;
  while (i < end && IsDigit(text[i])) ++i;
  bool prerelease = false;
  while (i < end) {
    const char c = text[i];
    if (c != '.' && c != '-') {
      const bool first_segment = text.substr(begin, i - begin).find('.') == std::string_view::npos && !prerelease;
      return fail(i, Describe(c) + (first_segment && IsLetter(c) ? " in the first segment, which must be a number"
                                                                 : " where '.' or '-' belongs"));
    }
    if (c == '-') prerelease = true;
    const std::size_t segment = ++i;
    while (i < end && (IsAlnum(text[i]) || (prerelease && text[i] == '-'))) ++i;
    if (i == segment) {
      return fail(segment, segment == end ? "missing segment after '" + std::string(1, c) + "'"
                                          : Describe(text[segment]) + " where a segment belongs");
    }
  }
  return text.substr(begin, end - begin);
}

class KeyWriter {
 public:
  explicit KeyWriter(std::string& out) : out_(out) {}

  void Number(std::string_view digits) {
    while (!digits.empty() && digits.front() == '0') digits.remove_prefix(1);
    if (digits.empty()) {
      ++zeros_;
      return;
    }
    out_.push_back(kNumberTag);
    // More zeros before a number make the version smaller: the count is stored inverted.
    const std::size_t mark = out_.size();
    AppendNumber(out_, static_cast<std::uint64_t>(zeros_));
    for (std::size_t i = mark; i < out_.size(); ++i) out_[i] = static_cast<char>(~out_[i]);
    AppendNumber(out_, digits);
    zeros_ = 0;
  }

  void String(std::string_view letters) {
    // Zeros ending the numeric part are not canonical: "1.0.a" equals "1.a".
    if (!seen_string_) zeros_ = 0;
    seen_string_ = true;
    out_.push_back(kStringTag);
    AppendNumber(out_, static_cast<std::uint64_t>(zeros_));
    out_.append(letters);
    out_.push_back(kStringEnd);
    zeros_ = 0;
  }

  // Trailing zeros are dropped; the end tag compares like the zeros that pad a shorter version.
  void Finish() { out_.push_back(kEndTag); }

 private:
  std::string& out_;
  std::size_t zeros_ = 0;
  bool seen_string_ = false;
};

class RubyGemsImpl final : public Scheme {
 public:
  SchemeId id() const override { return SchemeId::kRubyGems; }
  std::string_view name() const override { return "rubygems"; }

  Result<void> Encode(std::string_view text, std::string& out) const override {
    const auto valid = Validate(text);
    if (!valid) return std::unexpected(valid.error());
    const std::string_view v = *valid;
    KeyWriter writer(out);
    std::size_t i = 0;
    while (i < v.size()) {
      if (v[i] == '-') {
        writer.String(kDashSegment);
        ++i;
        continue;
      }
      const std::size_t start = i;
      if (IsDigit(v[i])) {
        while (i < v.size() && IsDigit(v[i])) ++i;
        writer.Number(v.substr(start, i - start));
      } else if (IsLetter(v[i])) {
        while (i < v.size() && IsLetter(v[i])) ++i;
        writer.String(v.substr(start, i - start));
      } else {
        ++i;
      }
    }
    writer.Finish();
    return {};
  }
};

}  // namespace

const Scheme& RubyGemsScheme() {
  static const RubyGemsImpl scheme;
  return scheme;
}

}  // namespace vigil::version
