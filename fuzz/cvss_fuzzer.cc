// Scores arbitrary bytes as a CVSS vector: must never crash, and any accepted vector's scores lie
// in 0..10.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "knowledge/cvss/cvss.h"

namespace {

constexpr double kMaxScore = 10.0;

void CheckRange(double score) {
  if (!(score >= 0.0 && score <= kMaxScore)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto scores = vigil::knowledge::cvss::Score(input);
  if (!scores) {
    if (scores.error().message.empty()) std::abort();
    return 0;
  }
  CheckRange(scores->base_score);
  CheckRange(scores->score);
  if (scores->temporal_score) CheckRange(*scores->temporal_score);
  if (scores->environmental_score) CheckRange(*scores->environmental_score);
  return 0;
}
