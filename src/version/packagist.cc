// Packagist (Composer) versions: PHP's version_compare order over the version after the parts of
// Composer's normalisation that do not contradict it (see Encode). version_compare splits a
// version into runs of digits and runs of letters at every . - _ + and other punctuation; a
// number outranks dev < alpha=a < beta=b < RC=rc but not patch=pl=p; unknown words rank lowest.
//
// The order is not total in one corner kept for the OSV reference fixture (osv-scanner's rules):
// a `#` token equals any number and also the end of a version, so 1.2.3.# equals both 1.2.3 and
// 1.2.3.1. CompareEncoded therefore walks the tokens; keys without `#` are plain sort keys.
#include "version/schemes.h"
#include "version/semver_parts.h"
#include "version/sort_key.h"
#include "version/ascii.h"

namespace vigil::version {
namespace {

constexpr std::string_view kName = "packagist";

// Token tags, in version_compare's order of special forms; a number sits between RC and patch.
// kNumber alone at the end of a key marks the end of the version, which version_compare also
// ranks like a number against a word (1.0-rc < 1.0 < 1.0-pl) but below a number (1.0 < 1.0.0).
constexpr char kUnknown = 0x01;
constexpr char kDev = 0x02;
constexpr char kAlpha = 0x03;
constexpr char kBeta = 0x04;
constexpr char kRc = 0x05;
constexpr char kNumber = 0x06;
constexpr char kPatch = 0x07;
constexpr char kHash = 0x08;

// Composer's normalizeBranch turns a wildcard in `1.2.x-dev` into this number, so a branch sorts
// after every release of its series.
constexpr std::string_view kWildcardNumber = "9999999";
constexpr int kBranchParts = 4;

// AppendNumber's length prefix (sort_key.cc): one byte, or 0xFF and a four-byte length.
constexpr unsigned char kLongNumberLength = 0xFF;
constexpr std::size_t kLongNumberHeader = 5;

bool IsWildcard(char c) { return c == 'x' || c == 'X' || c == '*'; }
// The characters version_compare always turns into a '.' between tokens.
bool IsPhpSeparator(char c) { return c == '.' || c == '-' || c == '_' || c == '+'; }
// Printable ASCII without space: anything else never occurs in a Composer version.
bool IsVersionChar(char c) { return c > ' ' && c < 0x7F; }

bool StartsWithLower(std::string_view word, std::string_view prefix) {
  if (word.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (ToLower(word[i]) != prefix[i]) return false;
  }
  return true;
}

// version_compare matches special forms by prefix (so "patch" is "p" and "alpha1" cannot occur,
// digits being split off); Composer accepts the stability words in any case.
char WordTag(std::string_view word) {
  if (StartsWithLower(word, "dev")) return kDev;
  if (StartsWithLower(word, "a")) return kAlpha;
  if (StartsWithLower(word, "b")) return kBeta;
  if (StartsWithLower(word, "rc")) return kRc;
  if (StartsWithLower(word, "p")) return kPatch;
  return kUnknown;
}

// Recognises Composer's wildcard branch `1.2.x-dev` (digits, up to three more parts that are
// digits or x/X/*, at least one wildcard, then [.-]?dev) and returns the end of its numeric part.
std::size_t WildcardBranchEnd(std::string_view text) {
  std::size_t pos = 0;
  int parts = 0;
  bool wildcard = false;
  while (parts < kBranchParts) {
    const std::size_t begin = pos;
    if (parts > 0) {
      if (pos >= text.size() || text[pos] != '.') break;
      ++pos;
    }
    if (parts > 0 && pos < text.size() && IsWildcard(text[pos])) {
      ++pos;
      wildcard = true;
    } else {
      const std::size_t digits = pos;
      while (pos < text.size() && IsDigit(text[pos])) ++pos;
      if (pos == digits) {
        pos = begin;
        break;
      }
    }
    ++parts;
  }
  if (!wildcard) return 0;
  std::size_t suffix = pos;
  if (suffix < text.size() && (text[suffix] == '.' || text[suffix] == '-')) ++suffix;
  const std::string_view rest = text.substr(suffix);
  return rest.size() == 3 && StartsWithLower(rest, "dev") ? pos : 0;
}

void AppendWildcardBranch(std::string_view numbers, std::string& out) {
  int parts = 0;
  std::size_t pos = 0;
  while (pos < numbers.size()) {
    std::size_t end = numbers.find('.', pos);
    if (end == std::string_view::npos) end = numbers.size();
    const std::string_view part = numbers.substr(pos, end - pos);
    out.push_back(kNumber);
    AppendNumber(out, IsWildcard(part.front()) ? kWildcardNumber : part);
    ++parts;
    pos = end + 1;
  }
  for (; parts < kBranchParts; ++parts) {
    out.push_back(kNumber);
    AppendNumber(out, kWildcardNumber);
  }
  out.push_back(kDev);
  out.push_back(kNumber);
}

// One token of an encoded version; kNumber with an empty `number` is the end of the version.
struct Token {
  char tag;
  std::string_view number;
};

class TokenReader {
 public:
  explicit TokenReader(std::string_view key) : key_(key) {}

  Token Next() {
    if (pos_ >= key_.size()) return {kNumber, {}};
    const char tag = key_[pos_++];
    if (tag != kNumber || pos_ >= key_.size()) return {tag, {}};
    const auto length = static_cast<unsigned char>(key_[pos_]);
    std::size_t size = 1 + length;
    if (length == kLongNumberLength && pos_ + kLongNumberHeader <= key_.size()) {
      std::size_t long_length = 0;
      for (std::size_t i = 1; i < kLongNumberHeader; ++i) {
        long_length = (long_length << 8) | static_cast<unsigned char>(key_[pos_ + i]);
      }
      size = kLongNumberHeader + long_length;
    }
    const std::string_view number = key_.substr(pos_, size);
    pos_ += number.size();
    return {kNumber, number};
  }

  bool AtEnd() const { return pos_ >= key_.size(); }

 private:
  std::string_view key_;
  std::size_t pos_ = 0;
};

int Sign(int c) { return (c > 0) - (c < 0); }

class PackagistImpl final : public Scheme {
 public:
  SchemeId id() const override { return SchemeId::kPackagist; }
  std::string_view name() const override { return kName; }

  // Composer's normalisation steps applied: a `v`/`V` before the first digit and `+build`
  // metadata are dropped, stability words match in any case, and wildcard branches (`1.2.x-dev`)
  // become 1.2.9999999.9999999-dev. Not applied, because PHP's order and the reference fixture
  // disagree with them: padding to four parts (1.0 < 1.0.0) and rejecting other forms.
  Result<void> Encode(std::string_view text, std::string& out) const override {
    const std::size_t start_size = out.size();
    auto invalid = [&](std::size_t offset, std::string_view reason) {
      Truncate(out, start_size);
      return InvalidVersion(kName, text, offset, reason);
    };
    if (text.empty()) return invalid(0, "empty version");
    std::size_t pos = 0;
    if ((text[0] == 'v' || text[0] == 'V') && text.size() > 1 && IsDigit(text[1])) pos = 1;
    std::size_t end = text.size();
    if (!StartsWithLower(text, "dev-")) {
      if (const std::size_t plus = text.find('+'); plus != std::string_view::npos) {
        if (plus + 1 == text.size()) return invalid(plus + 1, "empty build metadata");
        end = plus;
      }
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (!IsVersionChar(text[i])) return invalid(i, "unexpected control, space or non-ASCII character");
    }
    const std::string_view version = text.substr(pos, end - pos);
    if (version.empty()) return invalid(pos, "empty version");

    if (const std::size_t branch = WildcardBranchEnd(version); branch != 0) {
      AppendWildcardBranch(version.substr(0, branch), out);
      return {};
    }
    // version_compare keeps a leading separator as a token of its own and turns a trailing one
    // into an empty token ranking below everything; Composer rejects both.
    if (!IsDigit(version.front()) && !IsLetter(version.front())) {
      return invalid(pos, "version starts with a separator");
    }
    bool after_separator = false;
    for (std::size_t i = 0; i < version.size();) {
      const char c = version[i];
      const std::size_t begin = i;
      after_separator = false;
      if (IsDigit(c)) {
        while (i < version.size() && IsDigit(version[i])) ++i;
        out.push_back(kNumber);
        AppendNumber(out, version.substr(begin, i - begin));
      } else if (IsLetter(c)) {
        while (i < version.size() && IsLetter(version[i])) ++i;
        out.push_back(WordTag(version.substr(begin, i - begin)));
      } else if (c == '#' || (!IsPhpSeparator(c) && IsDigit(version[i - 1]))) {
        // PHP's canonicalisation keeps an odd character that follows a digit, with the letters
        // after it, as a token: an unknown word, or with `#` a number-level one (osv-scanner
        // keeps `#` everywhere, which the reference fixture relies on).
        for (++i; i < version.size() && IsLetter(version[i]);) ++i;
        out.push_back(c == '#' ? kHash : kUnknown);
      } else {
        after_separator = true;
        ++i;
      }
    }
    if (after_separator) return invalid(end - 1, "version ends with a separator");
    out.push_back(kNumber);
    return {};
  }

  bool OrderIsTotal() const override { return false; }

  int CompareEncoded(std::string_view a, std::string_view b) const override {
    TokenReader ra(a);
    TokenReader rb(b);
    while (!ra.AtEnd() || !rb.AtEnd()) {
      const Token ta = ra.Next();
      const Token tb = rb.Next();
      if (const int c = CompareTokens(ta, tb); c != 0) return c;
    }
    return 0;
  }

 private:
  static int CompareTokens(const Token& a, const Token& b) {
    const bool a_number = a.tag == kNumber && !a.number.empty();
    const bool b_number = b.tag == kNumber && !b.number.empty();
    if (a_number && b_number) return Sign(a.number.compare(b.number));
    // A number outranks the end of a version; `#` equals both.
    if (a_number && b.tag == kNumber) return 1;
    if (b_number && a.tag == kNumber) return -1;
    const auto level = [](char tag) { return tag == kHash ? kNumber : tag; };
    return Sign(level(a.tag) - level(b.tag));
  }
};

}  // namespace

const Scheme& PackagistScheme() {
  static const PackagistImpl scheme;
  return scheme;
}

}  // namespace vigil::version
