// RPM versions, ordered as rpm orders an EVR (epoch, version, release).
//
// Splitting follows rpm's parseEVR (rpmio/rpmver.c): the epoch is the leading run of digits when
// a colon follows it (an empty one, ":1", is epoch 0; no colon means epoch 0 as well, so "a:1" is
// all version); the release is whatever follows the LAST hyphen; the version is in between and
// may itself contain colons ("1:2:3" is epoch 1, version "2:3").
//
// Comparison follows rpm.labelCompare: epochs, then versions, then releases, each with
// rpmvercmp. A version without a release sorts before the same version with any release, even an
// empty one ("1" < "1-" < "1-0"); that is what labelCompare does with a missing release and what
// OSV's Red Hat fixtures expect.
//
// rpmvercmp ignores every character other than ASCII letters, digits, '~' and '^' except as a
// segment boundary; it compares digit runs numerically (leading zeros ignored) and letter runs
// with strcmp. At each position: '~' < end of string < '^' < letters < digits. The sort key
// writes each token as one tag byte in that order plus its value, and a kEnd tag after the last.
#include <string>

#include "version/schemes.h"
#include "version/sort_key.h"
#include "version/ascii.h"

namespace vigil::version {
namespace {

enum Tag : char {
  kTilde = 1,
  kEnd = 2,
  kCaret = 3,
  kAlpha = 4,  // followed by the letters and a NUL, below every letter
  kNumber = 5,
};


void EncodeVercmp(std::string_view s, std::string& out) {
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '~') {
      out.push_back(kTilde);
      ++i;
    } else if (c == '^') {
      out.push_back(kCaret);
      ++i;
    } else if (IsDigit(c)) {
      const std::size_t start = i;
      while (i < s.size() && IsDigit(s[i])) ++i;
      out.push_back(kNumber);
      AppendNumber(out, s.substr(start, i - start));
    } else if (IsLetter(c)) {
      const std::size_t start = i;
      while (i < s.size() && IsLetter(s[i])) ++i;
      out.push_back(kAlpha);
      out.append(s.substr(start, i - start));
      out.push_back('\0');
    } else {
      ++i;  // a separator: only ends the current segment
    }
  }
  out.push_back(kEnd);
}

class RpmImpl final : public Scheme {
 public:
  SchemeId id() const override { return SchemeId::kRpm; }
  std::string_view name() const override { return "rpm"; }

  Result<void> Encode(std::string_view text, std::string& out) const override {
    const auto fail = [&](std::size_t offset, std::string_view reason) {
      return Fail(ErrorCode::kInvalidArgument, "rpm version \"" + std::string(text) + "\": " + std::string(reason) +
                                                   " at offset " + std::to_string(offset));
    };
    // rpm handles versions as C strings; a NUL would silently cut the version short.
    if (const auto nul = text.find('\0'); nul != std::string_view::npos) return fail(nul, "NUL byte");

    std::size_t epoch_end = 0;
    while (epoch_end < text.size() && IsDigit(text[epoch_end])) ++epoch_end;
    std::string_view epoch;
    std::size_t version_begin = 0;
    if (epoch_end < text.size() && text[epoch_end] == ':') {
      epoch = text.substr(0, epoch_end);
      version_begin = epoch_end + 1;
    }
    const auto hyphen = text.rfind('-');
    const bool has_release = hyphen != std::string_view::npos;
    const std::size_t version_end = has_release ? hyphen : text.size();
    // rpm.labelCompare rejects an EVR whose version is empty ("", "1:", "-1", "2:-").
    if (version_end == version_begin) return fail(version_begin, "version part is empty");

    AppendNumber(out, epoch);
    EncodeVercmp(text.substr(version_begin, version_end - version_begin), out);
    if (has_release) EncodeVercmp(text.substr(hyphen + 1), out);
    return {};
  }
};

}  // namespace

const Scheme& RpmScheme() {
  static const RpmImpl scheme;
  return scheme;
}

}  // namespace vigil::version
