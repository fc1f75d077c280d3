// Feeds arbitrary bytes to the OSV parser both ways (copied and in place with padding): it must
// return a value or an error, never crash, and both ways must agree.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "knowledge/osv/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static vigil::knowledge::osv::OsvParser parser;
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  auto copied = parser.Parse(json);
  std::string padded(json);
  padded.append(vigil::knowledge::osv::kJsonPadding, '\0');
  auto in_place =
      parser.Parse(std::string_view(padded.data(), size), vigil::knowledge::osv::Padding::kPadded);
  if (copied.has_value() != in_place.has_value()) std::abort();
  if (copied && copied->id != in_place->id) std::abort();
  return 0;
}
