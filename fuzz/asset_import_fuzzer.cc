// Feeds arbitrary bytes to the CMDB export parser (CSV, or JSON when the text starts with '['):
// records or an error, never a crash, and every record named.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fleet/asset_import.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto records = vigil::fleet::ParseAssetExport(text, "fuzz.csv");
  if (!records) return 0;
  for (const auto& record : *records) {
    if (record.name.empty()) std::abort();
  }
  return 0;
}
