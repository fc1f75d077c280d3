// Dart pub versions as parsed and ordered by package:pub_semver's Version: MAJOR.MINOR.PATCH
// (leading zeros allowed, each a 64-bit int), an optional pre-release and an optional build. Unlike
// SemVer 2.0 the build is compared: a version with a build sorts after the same one without, and
// build identifiers compare like pre-release ones (numbers, as Dart's int.tryParse reads them,
// before strings). Encoded as a sort key.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "version/invalid_version.h"
#include "version/schemes.h"
#include "version/sort_key.h"
#include "version/ascii.h"

namespace vigil::version {
namespace {

constexpr std::string_view kName = "pub";

// Key markers: a list end sorts below its items, numeric items below string items.
constexpr char kListEnd = 0x01;
constexpr char kNumberItem = 0x02;
constexpr char kStringItem = 0x03;
constexpr char kStringEnd = 0x00;
// A pre-release sorts before the release; a build sorts after the version without one.
constexpr char kWithPreRelease = 0x01;
constexpr char kWithoutPreRelease = 0x02;
constexpr char kWithoutBuild = 0x01;
constexpr char kWithBuild = 0x02;

constexpr std::string_view kMaxInt = "9223372036854775807";
constexpr std::uint64_t kSignBit = std::uint64_t{1} << 63;
constexpr int kBitsPerByte = 8;
constexpr int kHexRadix = 16;
constexpr int kDecimalRadix = 10;

constexpr bool IsIdentifierChar(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + kDecimalRadix;
  if (c >= 'A' && c <= 'F') return c - 'A' + kDecimalRadix;
  return -1;
}

// Accumulates digits of `radix` into a magnitude no larger than `limit`; nullopt when a character
// is not a digit or the value exceeds the limit.
std::optional<std::uint64_t> Magnitude(std::string_view digits, int radix, std::uint64_t limit) {
  if (digits.empty()) return std::nullopt;
  std::uint64_t value = 0;
  for (const char c : digits) {
    const int digit = radix == kHexRadix ? HexValue(c) : (IsDigit(c) ? c - '0' : -1);
    if (digit < 0) return std::nullopt;
    const auto d = static_cast<std::uint64_t>(digit);
    if (value > (limit - d) / static_cast<std::uint64_t>(radix)) return std::nullopt;
    value = value * static_cast<std::uint64_t>(radix) + d;
  }
  return value;
}

// Dart's int.tryParse(part) for the characters a pre-release or build identifier may hold: an
// optional '-', then decimal digits or a 0x-prefixed hexadecimal number (positive hexadecimal
// numbers may use all 64 bits and wrap to negative, as in the Dart VM). The result is the
// two's-complement bit pattern of the int.
std::optional<std::uint64_t> DartTryParseInt(std::string_view part) {
  const bool negative = !part.empty() && part.front() == '-';
  if (negative) part.remove_prefix(1);
  const std::uint64_t signed_limit = negative ? kSignBit : kSignBit - 1;
  std::optional<std::uint64_t> magnitude;
  if (part.size() >= 2 && part[0] == '0' && (part[1] == 'x' || part[1] == 'X')) {
    magnitude = Magnitude(part.substr(2), kHexRadix, negative ? signed_limit : ~std::uint64_t{0});
  } else {
    magnitude = Magnitude(part, kDecimalRadix, signed_limit);
  }
  if (!magnitude) return std::nullopt;
  return negative ? ~*magnitude + 1 : *magnitude;
}

void AppendItem(std::string_view part, std::string& out) {
  if (const auto number = DartTryParseInt(part)) {
    out.push_back(kNumberItem);
    // Flipping the sign bit makes the unsigned big-endian bytes order like the signed values.
    const std::uint64_t biased = *number ^ kSignBit;
    for (int shift = 64 - kBitsPerByte; shift >= 0; shift -= kBitsPerByte) {
      out.push_back(static_cast<char>((biased >> shift) & 0xFF));
    }
  } else {
    out.push_back(kStringItem);
    out.append(part);
    out.push_back(kStringEnd);
  }
}

class PubImpl final : public Scheme {
 public:
  SchemeId id() const override { return SchemeId::kPub; }
  std::string_view name() const override { return kName; }

  Result<void> Encode(std::string_view text, std::string& out) const override {
    const std::size_t original = out.size();
    auto fail = [&](std::size_t offset, std::string_view reason) {
      Truncate(out, original);
      return InvalidVersion(kName, text, offset, reason);
    };
    std::size_t i = 0;
    constexpr std::string_view kParts[] = {"major", "minor", "patch"};
    for (const std::string_view part : kParts) {
      if (part != kParts[0]) {
        if (i == text.size() || text[i] != '.') return fail(i, "expected '.' before the " + std::string(part) + " number");
        ++i;
      }
      const std::size_t start = i;
      while (i < text.size() && IsDigit(text[i])) ++i;
      std::string_view digits = text.substr(start, i - start);
      if (digits.empty()) return fail(start, "expected the " + std::string(part) + " number");
      while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
      if (digits.size() > kMaxInt.size() || (digits.size() == kMaxInt.size() && digits > kMaxInt)) {
        return fail(start, "the " + std::string(part) + " number does not fit a 64-bit int");
      }
      AppendNumber(out, digits);
    }

    const std::size_t pre_marker = out.size();
    out.push_back(kWithoutPreRelease);
    if (i < text.size() && text[i] == '-') {
      out[pre_marker] = kWithPreRelease;
      if (auto r = EncodeIdentifiers(text, ++i, out); !r) return fail(r.error(), "empty pre-release identifier");
    }
    if (i < text.size() && text[i] == '+') {
      out.push_back(kWithBuild);
      if (auto r = EncodeIdentifiers(text, ++i, out); !r) return fail(r.error(), "empty build identifier");
    } else {
      out.push_back(kWithoutBuild);
    }
    if (i != text.size()) return fail(i, "unexpected character '" + std::string(1, text[i]) + "'");
    return {};
  }

 private:
  // Dot-separated non-empty identifiers of [0-9A-Za-z-], from `i` up to the first other character;
  // the error is the offset of an empty identifier.
  static std::expected<void, std::size_t> EncodeIdentifiers(std::string_view text, std::size_t& i, std::string& out) {
    for (;;) {
      const std::size_t start = i;
      while (i < text.size() && IsIdentifierChar(text[i])) ++i;
      if (i == start) return std::unexpected(start);
      AppendItem(text.substr(start, i - start), out);
      if (i == text.size() || text[i] != '.') break;
      ++i;
    }
    out.push_back(kListEnd);
    return {};
  }
};

}  // namespace

const Scheme& PubScheme() {
  static const PubImpl scheme;
  return scheme;
}

}  // namespace vigil::version
