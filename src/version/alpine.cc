// Alpine package versions, ordered as apk-tools orders them (src/version.c):
//   number{.number}...{letter}{_suffix{number}}...{~hash}{-r number}
// apk walks both versions token by token. Tokens of the same kind compare by value: numbers
// numerically, except that a dotted component with a leading zero on either side compares as a
// string ("1.05" < "1.5"); letters by character; suffixes alpha < beta < pre < rc < cvs < svn
// < git < hg < p; hashes as strings. At the first token whose kinds differ, a pre-release suffix
// is older, and otherwise the kind later in the grammar is older, so the order of kinds is
//   pre-release suffix < invalid < end < -r < ~hash < suffix number < other suffix < letter < digit.
// The sort key writes each token as a tag byte in that order plus its value.
//
// apk's `apk_version_validate` rejects anything outside the grammar, but `apk version -t`
// still compares such versions, and OSV data holds some. Like apk-tools 2.x (and OSV's own
// reference fixtures), vigil compares them too: an empty leading number counts as 0 (".1" is
// "0.1", "a" is "0a"), digits may follow the letter ("6.6.2p1"), "-r" without digits is "-r0";
// anything else that breaks the grammar becomes an invalid token that ends the version (what
// follows is ignored, and an "-r0" right before it is dropped, so "1-r0-x" = "1-x"). Only the
// empty version and NUL bytes are errors.
#include <array>
#include <string>

#include "version/schemes.h"
#include "version/sort_key.h"
#include "version/ascii.h"

namespace vigil::version {
namespace {

enum Tag : char {
  kPreSuffix = 1,
  kInvalid = 2,
  kEnd = 3,
  kRevision = 4,
  kHash = 5,
  kSuffixNumber = 6,
  kPostSuffix = 7,
  kLetter = 8,
  kDigit = 9,
};

// The last token read, which decides what may follow (apk's token_next).
enum class Token { kInitial, kDigit, kLetter, kSuffix, kSuffixNumber, kHash, kRevision };

struct Suffix {
  std::string_view name;
  Tag tag;
};
// Index order is the order among suffixes of the same tag.
constexpr std::array<Suffix, 9> kSuffixes = {{{"alpha", kPreSuffix},
                                              {"beta", kPreSuffix},
                                              {"pre", kPreSuffix},
                                              {"rc", kPreSuffix},
                                              {"cvs", kPostSuffix},
                                              {"svn", kPostSuffix},
                                              {"git", kPostSuffix},
                                              {"hg", kPostSuffix},
                                              {"p", kPostSuffix}}};

constexpr bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
constexpr bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f'); }

// A dotted component: with a leading zero it sorts as a string, below every component without.
void AppendComponent(std::string& out, std::string_view digits) {
  if (digits.front() == '0') {
    out.push_back('\0');
    out.append(digits);
    out.push_back('\0');  // below every digit, so a prefix sorts first
  } else {
    out.push_back('\1');
    AppendNumber(out, digits);
  }
}

class AlpineImpl final : public Scheme {
 public:
  SchemeId id() const override { return SchemeId::kAlpine; }
  std::string_view name() const override { return "alpine"; }

  Result<void> Encode(std::string_view text, std::string& out) const override {
    if (text.empty()) return Fail(ErrorCode::kInvalidArgument, "alpine version \"\": version is empty at offset 0");
    if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
      return Fail(ErrorCode::kInvalidArgument,
                  "alpine version \"" + std::string(text) + "\": NUL byte at offset " + std::to_string(nul));
    }

    std::size_t i = 0;
    const auto take = [&](auto predicate) {
      const std::size_t start = i;
      while (i < text.size() && predicate(text[i])) ++i;
      return text.substr(start, i - start);
    };
    AppendNumber(out, take(IsDigit));

    Token last = Token::kInitial;
    std::size_t zero_revision_at = std::string::npos;  // where an "-r0" token starts in `out`
    while (i < text.size()) {
      const char c = text[i];
      const bool after_number = last == Token::kInitial || last == Token::kDigit;
      if (IsLower(c) && after_number) {
        out.push_back(kLetter);
        out.push_back(c);
        ++i;
        last = Token::kLetter;
      } else if (c == '.' && after_number && i + 1 < text.size() && IsDigit(text[i + 1])) {
        ++i;
        out.push_back(kDigit);
        AppendComponent(out, take(IsDigit));
        last = Token::kDigit;
      } else if (IsDigit(c) && last == Token::kLetter) {
        out.push_back(kDigit);
        AppendComponent(out, take(IsDigit));
        last = Token::kDigit;
      } else if (IsDigit(c) && last == Token::kSuffix) {
        out.push_back(kSuffixNumber);
        AppendNumber(out, take(IsDigit));
        last = Token::kSuffixNumber;
      } else if (c == '_' && last <= Token::kSuffixNumber) {
        const std::size_t start = i++;
        const std::string_view name = take(IsLower);
        std::size_t index = 0;
        while (index < kSuffixes.size() && kSuffixes[index].name != name) ++index;
        if (index == kSuffixes.size()) {
          i = start;
          break;
        }
        out.push_back(kSuffixes[index].tag);
        out.push_back(static_cast<char>(index));
        last = Token::kSuffix;
      } else if (c == '~' && last < Token::kHash && i + 1 < text.size() && IsHex(text[i + 1])) {
        ++i;
        out.push_back(kHash);
        out.append(take(IsHex));
        out.push_back('\0');
        last = Token::kHash;
      } else if (c == '-' && last < Token::kRevision && i + 1 < text.size() && text[i + 1] == 'r') {
        i += 2;
        const std::size_t start = out.size();
        out.push_back(kRevision);
        const std::string_view digits = take(IsDigit);
        AppendNumber(out, digits);
        if (digits.find_first_not_of('0') == std::string_view::npos) zero_revision_at = start;
        last = Token::kRevision;
      } else {
        break;
      }
    }
    if (i < text.size()) {
      if (zero_revision_at != std::string::npos) Truncate(out, zero_revision_at);
      out.push_back(kInvalid);
    } else {
      out.push_back(kEnd);
    }
    return {};
  }
};

}  // namespace

const Scheme& AlpineScheme() {
  static const AlpineImpl scheme;
  return scheme;
}

}  // namespace vigil::version
