// SHA-256 digests and the canonical, unambiguous byte encoding that audit entries and object
// states are hashed over. Pure functions and a value type; thread-compatible.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace vigil::audit {

inline constexpr std::size_t kSha256Bytes = 32;
using Sha256Digest = std::array<std::uint8_t, kSha256Bytes>;

[[nodiscard]] Sha256Digest Sha256(std::string_view bytes);
[[nodiscard]] std::string Hex(std::span<const std::uint8_t> bytes);  // lowercase
[[nodiscard]] bool IsSha256Hex(std::string_view text);               // 64 lowercase hex digits

// Fields in order, each written as one byte 0x00 (absent) or 0x01 (present) and, when present,
// its length as 8 bytes big-endian followed by its bytes. The first field is a domain tag naming
// what is encoded and its version, so an encoding of one kind never equals one of another. Integers
// are written as their decimal text. No two different field sequences give the same bytes.
class CanonicalEncoder {
 public:
  explicit CanonicalEncoder(std::string_view domain) { Add(domain); }

  CanonicalEncoder& Add(std::string_view field);
  CanonicalEncoder& Add(std::int64_t field) { return Add(std::string_view(std::to_string(field))); }
  CanonicalEncoder& AddOptional(const std::optional<std::string>& field);
  CanonicalEncoder& AddOptional(std::optional<std::int64_t> field);

  [[nodiscard]] const std::string& bytes() const { return bytes_; }
  [[nodiscard]] std::string Sha256Hex() const { return Hex(Sha256(bytes_)); }

 private:
  std::string bytes_;
};

}  // namespace vigil::audit
