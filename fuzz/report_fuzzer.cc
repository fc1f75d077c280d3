// Feeds arbitrary bytes to the report parser, with and without a team override, and twice through a
// manifest memo as ingest does: the memoised parse must agree with the full one, never crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fleet/manifest.h"
#include "fleet/manifest_memo.h"
#include "fleet/report.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto plain = vigil::fleet::ParseReport(text);
  (void)vigil::fleet::ParseReport(text, "fuzz-team");

  // A fresh memo per input keeps every run reproducible on its own.
  vigil::fleet::ManifestMemo memo;
  auto first = vigil::fleet::ParseReport(text, std::nullopt, &memo);
  Check(first.has_value() == plain.has_value());
  if (!first || first->packages_json.empty()) return 0;
  Check(!first->memoised && first->packages == plain->packages);
  const std::string digest = vigil::fleet::ManifestDigest(first->packages);
  memo.Insert(first->packages_json, {digest, first->packages.size(), first->listed_packages});

  // The same bytes again: the raw array is found in the memo, and the rest parses as before.
  const auto second = vigil::fleet::ParseReport(text, std::nullopt, &memo);
  Check(second.has_value() && second->memoised.has_value());
  Check(second->memoised->digest == digest && second->packages.empty());
  Check(second->listed_packages == first->listed_packages);
  Check(second->report_id == first->report_id && second->asset_name == first->asset_name);
  return 0;
}
