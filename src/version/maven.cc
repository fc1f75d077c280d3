// Maven's ComparableVersion (maven-artifact 3.8.7) on a flat encoding. ComparableVersion parses a
// version into nested lists of int, string and list items; its order is not total in corner cases
// (an item compared with the end of a shorter list), so instead of a sort key the encoding is the
// normalised item tree written as a token stream, and CompareEncoded walks two streams with
// ComparableVersion's own rules.
//
// Every list the parser opens is the last item of the list that was current, so the tree is a
// chain: items of level 0, kOpenTag, items of level 1, kOpenTag, ... and the end of the stream closes
// every level. No close markers are needed and the walk needs neither recursion nor a stack.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "version/schemes.h"
#include "version/ascii.h"

namespace vigil::version {
namespace {

// Token tags.
constexpr char kOpenTag = 0x01;
constexpr char kNumberTag = 0x02;  // followed by the number class, a length and the digits
constexpr char kStringTag = 0x03;  // followed by the qualifier rank; unknown ones then a length and text

// ComparableVersion keeps numbers of up to 9 digits in an int, up to 18 in a long, longer ones in a
// BigInteger, and orders items of different classes by class alone (even two zeros).
enum class NumberClass : std::uint8_t { kInt, kLong, kBig };
constexpr std::size_t kMaxIntDigits = 9;
constexpr std::size_t kMaxLongDigits = 18;

// Known qualifiers in ascending order; the empty one (a release) is what a missing item equals.
// Unknown qualifiers rank after all of them and order among themselves by text.
constexpr std::array<std::string_view, 7> kQualifiers = {"alpha", "beta", "milestone", "rc", "snapshot", "", "sp"};
constexpr std::uint8_t kReleaseRank = 5;
constexpr std::uint8_t kUnknownRank = kQualifiers.size();

struct Alias {
  std::string_view from;
  std::string_view to;
};
constexpr std::array<Alias, 4> kAliases = {{{"ga", ""}, {"final", ""}, {"release", ""}, {"cr", "rc"}}};

// Item kinds in ComparableVersion's cross-kind order: a string < a list < a number.
enum class Kind : std::uint8_t { kString, kList, kNumber, kEnd };

constexpr std::uint8_t kVarintMore = 0x80;
constexpr std::uint8_t kVarintBits = 0x7F;
constexpr int kVarintShift = 7;
constexpr int kMaxShift = 64;

void AppendLength(std::string& out, std::size_t n) {
  while (n >= kVarintMore) {
    out.push_back(static_cast<char>((n & kVarintBits) | kVarintMore));
    n >>= kVarintShift;
  }
  out.push_back(static_cast<char>(n));
}

// One decoded token; `text` is the digits of a number or the text of an unknown qualifier.
struct Token {
  Kind kind = Kind::kEnd;
  std::uint8_t rank = 0;  // number class or qualifier rank
  std::string_view text;
};

// Reads the token at `pos` of an encoding made by Encode and advances `pos`.
Token Next(std::string_view s, std::size_t& pos) {
  Token token;
  if (pos >= s.size()) return token;
  const char tag = s[pos++];
  if (tag == kOpenTag) {
    token.kind = Kind::kList;
    return token;
  }
  token.kind = tag == kNumberTag ? Kind::kNumber : Kind::kString;
  if (pos >= s.size()) return Token{};
  token.rank = static_cast<std::uint8_t>(s[pos++]);
  if (token.kind == Kind::kString && token.rank != kUnknownRank) return token;
  std::size_t length = 0;
  for (int shift = 0;; shift += kVarintShift) {
    if (pos >= s.size() || shift >= kMaxShift) return Token{};
    const auto byte = static_cast<std::uint8_t>(s[pos++]);
    length |= static_cast<std::size_t>(byte & kVarintBits) << shift;
    if ((byte & kVarintMore) == 0) break;
  }
  // A truncated encoding (say, a damaged snapshot) ends the stream instead of reading past it.
  if (length > s.size() - pos) return Token{};
  token.text = s.substr(pos, length);
  pos += length;
  return token;
}

int Sign(int c) { return (c > 0) - (c < 0); }

// item.compareTo(null): how an item compares with a missing one. Lists are looked through by the
// caller, since a list compares with null as its items do, in order.
int CompareWithMissing(const Token& t) {
  if (t.kind == Kind::kNumber) return t.text.empty() ? 0 : 1;
  if (t.kind == Kind::kString) return Sign(static_cast<int>(t.rank) - kReleaseRank);
  return 0;
}

// Two present items, not both lists.
int CompareItems(const Token& a, const Token& b) {
  if (a.kind != b.kind) return a.kind < b.kind ? -1 : 1;
  if (a.rank != b.rank) return a.rank < b.rank ? -1 : 1;
  if (a.kind == Kind::kNumber && a.text.size() != b.text.size()) return a.text.size() < b.text.size() ? -1 : 1;
  return Sign(a.text.compare(b.text));
}


// ComparableVersion lower-cases the whole version first; ASCII is all that is accepted here.
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// `lower` is lower case.
bool EqualsIgnoringCase(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (Lower(text[i]) != lower[i]) return false;
  }
  return true;
}

class Encoder {
 public:
  explicit Encoder(std::string& out) : out_(out), level_items_end_(out.size()), last_item_end_(out.size()) {}

  void Number(std::string_view digits) {
    std::size_t zeros = 0;
    while (zeros < digits.size() && digits[zeros] == '0') ++zeros;
    // Like ComparableVersion, an all-zero number keeps its full length when picking its class.
    const std::size_t length = zeros == digits.size() ? digits.size() : digits.size() - zeros;
    const NumberClass number_class = length <= kMaxIntDigits    ? NumberClass::kInt
                                     : length <= kMaxLongDigits ? NumberClass::kLong
                                                                : NumberClass::kBig;
    digits.remove_prefix(zeros);
    out_.push_back(kNumberTag);
    out_.push_back(static_cast<char>(number_class));
    AppendLength(out_, digits.size());
    out_.append(digits);
    Added(!digits.empty());
  }

  void String(std::string_view text, bool followed_by_digit) {
    std::string_view known = text;
    if (followed_by_digit && text.size() == 1) {
      if (EqualsIgnoringCase(text, "a")) known = "alpha";
      if (EqualsIgnoringCase(text, "b")) known = "beta";
      if (EqualsIgnoringCase(text, "m")) known = "milestone";
    }
    for (const Alias& alias : kAliases) {
      if (EqualsIgnoringCase(known, alias.from)) known = alias.to;
    }
    std::uint8_t rank = 0;
    while (rank < kUnknownRank && !EqualsIgnoringCase(known, kQualifiers[rank])) ++rank;
    out_.push_back(kStringTag);
    out_.push_back(static_cast<char>(rank));
    if (rank == kUnknownRank) {
      AppendLength(out_, text.size());
      for (const char c : text) out_.push_back(Lower(c));
    }
    Added(rank != kReleaseRank);
  }

  // Starts a nested list. Normalisation drops the null items (zeros, releases) that end the list
  // being left; whether the new list ends up empty is only known at the end.
  void Open() {
    out_.resize(level_items_end_);
    out_.push_back(kOpenTag);
    level_items_end_ = out_.size();
    level_has_items_ = false;
  }

  // Drops the trailing null items and the lists left empty by that.
  void Finish() { out_.resize(last_item_end_); }

  // Whether the current list has items, counting those normalisation will remove.
  bool level_has_items() const { return level_has_items_; }

 private:
  void Added(bool non_null) {
    level_has_items_ = true;
    if (non_null) level_items_end_ = last_item_end_ = out_.size();
  }

  std::string& out_;
  std::size_t level_items_end_;
  std::size_t last_item_end_;
  bool level_has_items_ = false;
};

class MavenImpl final : public Scheme {
 public:
  SchemeId id() const override { return SchemeId::kMaven; }
  std::string_view name() const override { return "maven"; }

  Result<void> Encode(std::string_view text, std::string& out) const override {
    // ComparableVersion lower-cases with Java's Unicode rules and treats Unicode digits as digits;
    // Maven versions are ASCII in practice, so other bytes are refused rather than guessed at.
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (static_cast<unsigned char>(text[i]) >= 0x80) {
        return Fail(ErrorCode::kInvalidArgument, "maven version \"" + std::string(text) +
                                                     "\": non-ASCII character at offset " + std::to_string(i));
      }
    }
    const std::string_view v = text;
    Encoder encoder(out);
    bool is_digit = false;
    std::size_t start = 0;
    auto item = [&](std::size_t end) {
      if (end == start) {
        encoder.Number("0");
      } else if (is_digit) {
        encoder.Number(v.substr(start, end - start));
      } else {
        encoder.String(v.substr(start, end - start), false);
      }
    };
    for (std::size_t i = 0; i < v.size(); ++i) {
      const char c = v[i];
      if (c == '.' || c == '-') {
        item(i);
        start = i + 1;
        if (c == '-') encoder.Open();
      } else if (IsDigit(c)) {
        if (!is_digit && i > start) {
          // "1.0.0.x1" is read as "1.0.0-x-1": the qualifier opens a list unless it starts one.
          if (encoder.level_has_items()) encoder.Open();
          encoder.String(v.substr(start, i - start), true);
          start = i;
          encoder.Open();
        }
        is_digit = true;
      } else {
        if (is_digit && i > start) {
          encoder.Number(v.substr(start, i - start));
          start = i;
          encoder.Open();
        }
        is_digit = false;
      }
    }
    if (v.size() > start) {
      if (!is_digit && encoder.level_has_items()) encoder.Open();
      item(v.size());
    }
    encoder.Finish();
    return {};
  }

  // ListItem.compareTo walked over both chains at once. Both sides descend together (a list only
  // meets a list at the same depth); once one side ends, every remaining item of the other,
  // including those of its nested lists, is compared with null until one differs.
  bool OrderIsTotal() const override { return false; }

  int CompareEncoded(std::string_view a, std::string_view b) const override {
    std::size_t pa = 0;
    std::size_t pb = 0;
    while (true) {
      const Token ta = Next(a, pa);
      const Token tb = Next(b, pb);
      if (ta.kind == Kind::kEnd && tb.kind == Kind::kEnd) return 0;
      if (ta.kind == Kind::kEnd || tb.kind == Kind::kEnd) {
        const bool a_ended = ta.kind == Kind::kEnd;
        std::string_view rest = a_ended ? b : a;
        std::size_t pos = a_ended ? pb : pa;
        for (Token t = a_ended ? tb : ta; t.kind != Kind::kEnd; t = Next(rest, pos)) {
          if (const int c = CompareWithMissing(t); c != 0) return a_ended ? -c : c;
        }
        return 0;
      }
      if (ta.kind == Kind::kList && tb.kind == Kind::kList) continue;
      if (const int c = CompareItems(ta, tb); c != 0) return c;
    }
  }
};

}  // namespace

const Scheme& MavenScheme() {
  static const MavenImpl scheme;
  return scheme;
}

}  // namespace vigil::version
