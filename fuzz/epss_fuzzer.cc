// Feeds arbitrary bytes to the EPSS CSV reader: a value or an error, never a crash, and every
// accepted score is within [0, 1].
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "knowledge/epss.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view csv(reinterpret_cast<const char*>(data), size);
  (void)vigil::knowledge::LooksLikeEpss(csv);
  auto parsed = vigil::knowledge::ParseEpss(csv);
  if (!parsed) return 0;
  for (const auto& score : parsed->scores) {
    if (!(score.epss >= 0 && score.epss <= 1 && score.percentile >= 0 && score.percentile <= 1)) std::abort();
  }
  return 0;
}
