// Debian package versions, ordered as dpkg orders them (lib/dpkg/version.c: parseversion and
// verrevcmp). A version is "[epoch:]upstream[-revision]": the epoch ends at the first colon, the
// revision starts after the last hyphen. Errors are exactly what `dpkg --compare-versions` treats
// as fatal; what dpkg only warns about (an upstream part not starting with a digit, characters
// outside policy) is accepted and ordered as dpkg orders it.
//
// Sort key: epoch number, then the upstream part, then the revision part (a missing revision is
// the empty revision, which dpkg treats as "0"). verrevcmp reads a part as alternating groups of
// (non-digit run, digit run); each group is encoded as one rank byte per non-digit character,
// kEnd, then the digit run as a number. After the last group comes kEnd again: a part that ran
// out compares as if an empty non-digit run followed, which is what verrevcmp does.
#include <array>
#include <string_view>
#include <string>

#include "version/schemes.h"
#include "version/sort_key.h"
#include "version/ascii.h"

namespace vigil::version {
namespace {

constexpr unsigned char kTildeRank = 1;  // '~' sorts before everything, even the end of a part
constexpr unsigned char kEnd = 2;
constexpr std::string_view kMaxEpoch = "2147483647";  // dpkg stores the epoch in an int

constexpr bool IsBlank(char c) { return c == ' ' || c == '\t'; }
// strtol skips these before the epoch; blanks are already trimmed by then.
constexpr bool IsCSpace(char c) { return c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

// dpkg's order(): letters by ASCII value, then every other character by value plus 256. Because
// dpkg reads a plain (signed) char, bytes >= 0x80 are negative and land between the letters and
// the ASCII punctuation. This table maps each non-digit byte to a byte with the same order.
constexpr std::array<unsigned char, 256> MakeRanks() {
  std::array<unsigned char, 256> ranks{};
  unsigned next = kEnd + 1;
  for (unsigned c = 'A'; c <= 'Z'; ++c) ranks[c] = static_cast<unsigned char>(next++);
  for (unsigned c = 'a'; c <= 'z'; ++c) ranks[c] = static_cast<unsigned char>(next++);
  for (unsigned c = 0x80; c <= 0xFF; ++c) ranks[c] = static_cast<unsigned char>(next++);
  for (unsigned c = 1; c < 0x80; ++c) {
    if (!IsDigit(static_cast<unsigned char>(c)) && !IsLetter(static_cast<unsigned char>(c)) && c != '~') {
      ranks[c] = static_cast<unsigned char>(next++);
    }
  }
  ranks['~'] = kTildeRank;
  return ranks;
}
constexpr std::array<unsigned char, 256> kRanks = MakeRanks();

void EncodePart(std::string_view part, std::string& out) {
  std::size_t i = 0;
  do {  // the first group is always written, so that "" and "0" encode the same
    for (; i < part.size() && !IsDigit(static_cast<unsigned char>(part[i])); ++i) {
      out.push_back(static_cast<char>(kRanks[static_cast<unsigned char>(part[i])]));
    }
    out.push_back(static_cast<char>(kEnd));
    const std::size_t digits = i;
    while (i < part.size() && IsDigit(static_cast<unsigned char>(part[i]))) ++i;
    AppendNumber(out, part.substr(digits, i - digits));
  } while (i < part.size());
  out.push_back(static_cast<char>(kEnd));
}

class DebianImpl final : public Scheme {
 public:
  SchemeId id() const override { return SchemeId::kDebian; }
  std::string_view name() const override { return "debian"; }

  Result<void> Encode(std::string_view text, std::string& out) const override {
    const auto fail = [&](std::size_t offset, std::string_view reason) {
      return Fail(ErrorCode::kInvalidArgument, "debian version \"" + std::string(text) + "\": " + std::string(reason) +
                                                   " at offset " + std::to_string(offset));
    };
    if (const auto nul = text.find('\0'); nul != std::string_view::npos) return fail(nul, "NUL byte");

    std::size_t begin = 0;
    std::size_t end = text.size();
    while (begin < end && IsBlank(text[begin])) ++begin;
    while (end > begin && IsBlank(text[end - 1])) --end;
    if (begin == end) return fail(begin, "version string is empty");
    for (std::size_t i = begin; i < end; ++i) {
      if (IsBlank(text[i])) return fail(i, "version string has embedded spaces");
    }

    // Epoch: dpkg parses it with strtol up to the first colon, so a sign is allowed.
    std::string_view epoch;
    std::size_t version_begin = begin;
    if (const auto colon = text.find(':', begin); colon < end) {
      std::size_t i = begin;
      while (i < colon && IsCSpace(text[i])) ++i;
      const bool negative = i < colon && text[i] == '-';
      if (i < colon && (text[i] == '-' || text[i] == '+')) ++i;
      const std::size_t digits = i;
      while (i < colon && IsDigit(static_cast<unsigned char>(text[i]))) ++i;
      if (i == digits) return fail(begin, "epoch is empty");
      if (i != colon) return fail(i, "epoch is not a number");
      epoch = text.substr(digits, colon - digits);
      while (epoch.size() > 1 && epoch.front() == '0') epoch.remove_prefix(1);
      if (negative && epoch != "0") return fail(begin, "epoch is negative");
      if (epoch.size() > kMaxEpoch.size() || (epoch.size() == kMaxEpoch.size() && epoch > kMaxEpoch)) {
        return fail(digits, "epoch is too big");
      }
      if (colon + 1 == end) return fail(colon + 1, "nothing after the epoch colon");
      version_begin = colon + 1;
    }

    const std::string_view version = text.substr(version_begin, end - version_begin);
    std::string_view upstream = version;
    std::string_view revision;
    if (const auto hyphen = version.rfind('-'); hyphen != std::string_view::npos) {
      if (hyphen + 1 == version.size()) return fail(version_begin + hyphen + 1, "revision is empty");
      upstream = version.substr(0, hyphen);
      revision = version.substr(hyphen + 1);
    }
    if (upstream.empty()) return fail(version_begin, "upstream version is empty");

    AppendNumber(out, epoch);
    EncodePart(upstream, out);
    EncodePart(revision, out);
    return {};
  }
};

}  // namespace

const Scheme& DebianScheme() {
  static const DebianImpl scheme;
  return scheme;
}

}  // namespace vigil::version
