// SHA-256 through OpenSSL and the canonical field encoding of digest.h.
#include "audit/digest.h"

#include <openssl/sha.h>

namespace vigil::audit {
namespace {

constexpr char kAbsent = '\x00';
constexpr char kPresent = '\x01';
constexpr int kLengthBytes = 8;
constexpr int kBitsPerByte = 8;

}  // namespace

Sha256Digest Sha256(std::string_view bytes) {
  Sha256Digest digest;
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest.data());
  return digest;
}

std::string Hex(std::span<const std::uint8_t> bytes) {
  static constexpr std::string_view kDigits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const std::uint8_t byte : bytes) {
    out += kDigits[byte >> 4];
    out += kDigits[byte & 0xf];
  }
  return out;
}

bool IsSha256Hex(std::string_view text) {
  if (text.size() != kSha256Bytes * 2) return false;
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

CanonicalEncoder& CanonicalEncoder::Add(std::string_view field) {
  bytes_ += kPresent;
  const auto length = static_cast<std::uint64_t>(field.size());
  for (int i = kLengthBytes - 1; i >= 0; --i) bytes_ += static_cast<char>((length >> (i * kBitsPerByte)) & 0xff);
  bytes_ += field;
  return *this;
}

CanonicalEncoder& CanonicalEncoder::AddOptional(const std::optional<std::string>& field) {
  if (!field) {
    bytes_ += kAbsent;
    return *this;
  }
  return Add(std::string_view(*field));
}

CanonicalEncoder& CanonicalEncoder::AddOptional(std::optional<std::int64_t> field) {
  if (!field) {
    bytes_ += kAbsent;
    return *this;
  }
  return Add(*field);
}

}  // namespace vigil::audit
