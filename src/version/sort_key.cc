#include "version/sort_key.h"

namespace vigil::version {
namespace {

// Lengths below kLongLength take one byte; longer numbers are marked by kLongLength followed by a
// four-byte big-endian length, so that every long number sorts after every short one.
constexpr unsigned char kLongLength = 0xFF;

}  // namespace

void AppendNumber(std::string& out, std::string_view digits) {
  while (!digits.empty() && digits.front() == '0') digits.remove_prefix(1);
  const std::size_t n = digits.size();
  if (n < kLongLength) {
    out.push_back(static_cast<char>(n));
  } else {
    out.push_back(static_cast<char>(kLongLength));
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((n >> shift) & 0xFF));
  }
  out.append(digits);
}

void AppendNumber(std::string& out, std::uint64_t value) {
  char buffer[20];
  int i = sizeof buffer;
  do {
    buffer[--i] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  AppendNumber(out, std::string_view(buffer + i, sizeof buffer - i));
}

}  // namespace vigil::version
