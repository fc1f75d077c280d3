// Feeds arbitrary bytes to the KEV catalog reader and sniffer: a value or an error, never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "knowledge/kev.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  (void)vigil::knowledge::LooksLikeKev(json);
  auto catalog = vigil::knowledge::ParseKev(json);
  if (catalog && catalog->errors.size() > vigil::knowledge::kMaxFeedErrors) std::abort();
  return 0;
}
