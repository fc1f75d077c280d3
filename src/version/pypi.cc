// PyPI versions as ordered by `packaging.version`: PEP 440 (epoch, release, pre, post, dev, local),
// with the pre-PEP 440 "legacy" order of packaging < 22 (setuptools' parse_version) as the fallback
// for strings PEP 440 rejects, because such versions were uploaded to PyPI and appear in advisories.
// Both parse into a sort key; every PEP 440 version sorts after every legacy one, as in packaging.
#include <cstddef>
#include <string>
#include <string_view>

#include "version/invalid_version.h"
#include "version/schemes.h"
#include "version/sort_key.h"
#include "version/ascii.h"

namespace vigil::version {
namespace {

constexpr std::string_view kName = "pypi";

// Key layout. The first byte says which grammar parsed the version.
constexpr char kLegacyKey = 0x01;
constexpr char kPep440Key = 0x02;
// Three-way markers for optional parts: "absent" sorts below or above "present" depending on the
// part (packaging's NegativeInfinity / Infinity).
constexpr char kLow = 0x01;
constexpr char kMid = 0x02;
constexpr char kHigh = 0x03;
// Ends a list and a string inside a key; below every byte a list item or a character may start with.
constexpr char kListEnd = 0x01;
constexpr char kStringEnd = 0x00;
// Legacy keys: each part is printable ASCII followed by kPartEnd; the key ends with kLegacyEnd.
constexpr char kPartEnd = 0x01;
constexpr char kLegacyEnd = 0x00;
// setuptools pads numeric legacy parts to this width with zeros and compares them as text.
constexpr std::size_t kLegacyNumberWidth = 8;
constexpr std::string_view kLegacyZero = "00000000";

constexpr char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr bool IsSeparator(char c) { return c == '-' || c == '_' || c == '.'; }
// Python's `\s` and str.strip() within ASCII: also the information separators 0x1C-0x1F.
constexpr bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f'); }
constexpr bool IsPrintable(char c) { return c >= ' ' && c <= '~'; }

bool AllZeros(std::string_view digits) { return digits.find_first_not_of('0') == std::string_view::npos; }

// Pre-release kinds in PEP 440 order (a < b < rc).
enum class PreKind : char { kNone = 0, kAlpha = 1, kBeta = 2, kCandidate = 3 };

struct Keyword {
  std::string_view spelling;
  PreKind kind;
};

// Longer spellings first: "alpha" must not be read as "a" followed by garbage.
constexpr Keyword kPreKeywords[] = {
    {"alpha", PreKind::kAlpha},   {"a", PreKind::kAlpha},       {"beta", PreKind::kBeta},
    {"b", PreKind::kBeta},        {"preview", PreKind::kCandidate}, {"pre", PreKind::kCandidate},
    {"rc", PreKind::kCandidate},  {"c", PreKind::kCandidate},
};
constexpr std::string_view kPostKeywords[] = {"post", "rev", "r"};

struct Pep440 {
  std::string_view epoch;
  std::string_view release;  // digits separated by '.'
  PreKind pre = PreKind::kNone;
  std::string_view pre_number;
  bool has_post = false;
  std::string_view post_number;
  bool has_dev = false;
  std::string_view dev_number;
  bool has_local = false;
  std::string_view local;  // after '+'
};

// A hand-written equivalent of packaging's VERSION_PATTERN (case-insensitive, anchored, with
// surrounding whitespace). Each optional part either matches completely or consumes nothing.
class Pep440Parser {
 public:
  explicit Pep440Parser(std::string_view text) : s_(text) {}

  bool Parse(Pep440& v) {
    while (!s_.empty() && IsSpace(s_.front())) s_.remove_prefix(1);
    while (!s_.empty() && IsSpace(s_.back())) s_.remove_suffix(1);
    if (Peek() == 'v' || Peek() == 'V') ++i_;
    std::string_view first = Digits();
    if (first.empty()) return false;
    if (Peek() == '!') {
      ++i_;
      v.epoch = first;
      first = Digits();
      if (first.empty()) return false;
    }
    const std::size_t release_start = i_ - first.size();
    while (Peek() == '.' && IsDigit(Peek(1))) {
      ++i_;
      Digits();
    }
    v.release = s_.substr(release_start, i_ - release_start);
    ParsePre(v);
    ParsePost(v);
    ParseDev(v);
    if (Peek() == '+') {
      ++i_;
      if (!ParseLocal(v)) return false;
    }
    return i_ == s_.size();
  }

 private:
  char Peek(std::size_t ahead = 0) const { return i_ + ahead < s_.size() ? s_[i_ + ahead] : '\0'; }

  std::string_view Digits() {
    const std::size_t start = i_;
    while (IsDigit(Peek())) ++i_;
    return s_.substr(start, i_ - start);
  }

  bool ConsumeWord(std::string_view word) {
    if (s_.size() - i_ < word.size()) return false;
    for (std::size_t k = 0; k < word.size(); ++k) {
      if (Lower(s_[i_ + k]) != word[k]) return false;
    }
    i_ += word.size();
    return true;
  }

  void SkipSeparator() {
    if (IsSeparator(Peek())) ++i_;
  }

  void ParsePre(Pep440& v) {
    const std::size_t save = i_;
    SkipSeparator();
    for (const auto& keyword : kPreKeywords) {
      if (ConsumeWord(keyword.spelling)) {
        v.pre = keyword.kind;
        SkipSeparator();
        v.pre_number = Digits();
        return;
      }
    }
    i_ = save;
  }

  void ParsePost(Pep440& v) {
    if (Peek() == '-' && IsDigit(Peek(1))) {  // implicit post-release: "1.0-1"
      ++i_;
      v.has_post = true;
      v.post_number = Digits();
      return;
    }
    const std::size_t save = i_;
    SkipSeparator();
    for (const auto keyword : kPostKeywords) {
      if (ConsumeWord(keyword)) {
        v.has_post = true;
        SkipSeparator();
        v.post_number = Digits();
        return;
      }
    }
    i_ = save;
  }

  void ParseDev(Pep440& v) {
    const std::size_t save = i_;
    SkipSeparator();
    if (ConsumeWord("dev")) {
      v.has_dev = true;
      SkipSeparator();
      v.dev_number = Digits();
      return;
    }
    i_ = save;
  }

  // Alphanumeric segments separated by single separators.
  bool ParseLocal(Pep440& v) {
    const std::size_t start = i_;
    for (;;) {
      if (!IsAlnum(Peek())) return false;
      while (IsAlnum(Peek())) ++i_;
      if (!IsSeparator(Peek())) break;
      ++i_;
    }
    v.has_local = true;
    v.local = s_.substr(start, i_ - start);
    return true;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

// The key follows packaging's _cmpkey: epoch, release without trailing zeros, pre (a dev-only
// release sorts before every pre-release), post, dev, local.
void EncodePep440(const Pep440& v, std::string& out) {
  out.push_back(kPep440Key);
  AppendNumber(out, v.epoch);

  std::size_t keep = out.size();
  for (std::string_view rest = v.release; !rest.empty();) {
    const std::size_t dot = rest.find('.');
    const std::string_view component = rest.substr(0, dot);
    out.push_back(kMid);
    AppendNumber(out, component);
    if (!AllZeros(component)) keep = out.size();
    rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
  }
  Truncate(out, keep);
  out.push_back(kListEnd);

  if (v.pre != PreKind::kNone) {
    out.push_back(kMid);
    out.push_back(static_cast<char>(v.pre));
    AppendNumber(out, v.pre_number);
  } else {
    out.push_back(!v.has_post && v.has_dev ? kLow : kHigh);
  }

  if (v.has_post) {
    out.push_back(kMid);
    AppendNumber(out, v.post_number);
  } else {
    out.push_back(kLow);
  }

  if (v.has_dev) {
    out.push_back(kLow);
    AppendNumber(out, v.dev_number);
  } else {
    out.push_back(kMid);
  }

  if (!v.has_local) {
    out.push_back(kLow);
    return;
  }
  // Numeric local segments compare as numbers and above every alphanumeric segment.
  out.push_back(kMid);
  std::string_view rest = v.local;
  while (!rest.empty()) {
    std::size_t end = 0;
    while (end < rest.size() && !IsSeparator(rest[end])) ++end;
    const std::string_view segment = rest.substr(0, end);
    if (segment.find_first_not_of("0123456789") == std::string_view::npos) {
      out.push_back(kHigh);
      AppendNumber(out, segment);
    } else {
      out.push_back(kMid);
      for (const char c : segment) out.push_back(Lower(c));
      out.push_back(kStringEnd);
    }
    rest.remove_prefix(end == rest.size() ? end : end + 1);
  }
  out.push_back(kListEnd);
}

// Compares lower-cased ASCII `raw` with the lower-case `word`, as Python compares str.
int CompareLowered(std::string_view raw, std::string_view word) {
  const std::size_t n = raw.size() < word.size() ? raw.size() : word.size();
  for (std::size_t k = 0; k < n; ++k) {
    const char c = Lower(raw[k]);
    if (c != word[k]) return c < word[k] ? -1 : 1;
  }
  return raw.size() == word.size() ? 0 : raw.size() < word.size() ? -1 : 1;
}

// setuptools' replacements of whole words; empty if the word stays as it is.
std::string_view LegacyReplacement(std::string_view raw) {
  if (CompareLowered(raw, "pre") == 0 || CompareLowered(raw, "preview") == 0 || CompareLowered(raw, "rc") == 0) {
    return "c";
  }
  if (CompareLowered(raw, "dev") == 0) return "@";
  return {};
}

// The legacy key of packaging < 22 (_legacy_cmpkey): a sequence of text parts compared as strings.
class LegacyEncoder {
 public:
  explicit LegacyEncoder(std::string& out) : out_(out), parts_start_(out.size()) {}

  // A non-numeric part, written '*' + lower-cased text.
  void AddWord(std::string_view raw) {
    const std::string_view replacement = LegacyReplacement(raw);
    const std::string_view word = replacement.empty() ? raw : replacement;
    // A pre-release tag (a part below "*final") drops the '-' markers before it.
    if (CompareLowered(word, "final") < 0) {
      while (LastPart() == "*final-") PopPart();
    }
    while (LastPart() == kLegacyZero) PopPart();
    out_.push_back('*');
    for (const char c : word) out_.push_back(Lower(c));
    out_.push_back(kPartEnd);
  }

  void AddNumber(std::string_view digits) {
    if (digits.size() < kLegacyNumberWidth) out_.append(kLegacyNumberWidth - digits.size(), '0');
    out_.append(digits);
    out_.push_back(kPartEnd);
  }

  void Finish() {
    AddWord("final");
    out_.push_back(kLegacyEnd);
  }

 private:
  std::size_t LastPartStart() const {
    if (out_.size() == parts_start_) return parts_start_;
    std::size_t start = out_.size() - 1;  // at the last part's kPartEnd
    while (start > parts_start_ && out_[start - 1] != kPartEnd) --start;
    return start;
  }

  std::string_view LastPart() const {
    const std::size_t start = LastPartStart();
    if (start == out_.size()) return {};
    return std::string_view(out_).substr(start, out_.size() - 1 - start);
  }

  void PopPart() { Truncate(out_, LastPartStart()); }

  std::string& out_;
  std::size_t parts_start_;
};

enum class LegacyClass { kDigit, kAlpha, kDot, kDash, kOther };

LegacyClass ClassOf(char c) {
  if (IsDigit(c)) return LegacyClass::kDigit;
  if (IsLetter(c)) return LegacyClass::kAlpha;
  if (c == '.') return LegacyClass::kDot;
  if (c == '-') return LegacyClass::kDash;
  return LegacyClass::kOther;
}

// Splits like setuptools' component regex (\d+ | [a-z]+ | \. | -) on the lower-cased text; a run of
// text between matches becomes a part of its own.
void EncodeLegacy(std::string_view text, std::string& out) {
  out.push_back(kLegacyKey);
  LegacyEncoder encoder(out);
  std::size_t i = 0;
  while (i < text.size()) {
    const LegacyClass kind = ClassOf(text[i]);
    const std::size_t start = i++;
    if (kind == LegacyClass::kDot) continue;
    if (kind == LegacyClass::kDash) {
      encoder.AddWord("final-");
      continue;
    }
    while (i < text.size() && ClassOf(text[i]) == kind) ++i;
    const std::string_view run = text.substr(start, i - start);
    if (kind == LegacyClass::kDigit) {
      encoder.AddNumber(run);
    } else {
      encoder.AddWord(run);
    }
  }
  encoder.Finish();
}

class PypiImpl final : public Scheme {
 public:
  SchemeId id() const override { return SchemeId::kPypi; }
  std::string_view name() const override { return kName; }

  Result<void> Encode(std::string_view text, std::string& out) const override {
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (static_cast<unsigned char>(text[i]) >= 0x80) return InvalidVersion(kName, text, i, "non-ASCII byte");
    }
    Pep440 parsed;
    if (Pep440Parser(text).Parse(parsed)) {
      EncodePep440(parsed, out);
      return {};
    }
    // Not PEP 440: packaging < 22 accepted any text as a legacy version; we still refuse text that
    // cannot be a version at all.
    bool blank = true;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (!IsPrintable(text[i])) return InvalidVersion(kName, text, i, "control character");
      blank = blank && text[i] == ' ';
    }
    if (blank) return InvalidVersion(kName, text, 0, "empty version");
    EncodeLegacy(text, out);
    return {};
  }
};

}  // namespace

const Scheme& PypiScheme() {
  static const PypiImpl scheme;
  return scheme;
}

}  // namespace vigil::version
