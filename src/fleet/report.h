// The inventory report an agent sends (docs/formats/report.md): the JSON of `vigil inventory
// --format json` plus a report id and what the agent knows of its asset. Building one for
// `vigil collect`, and parsing and validating one for ingest. Pure functions; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "fleet/asset.h"
#include "fleet/manifest_memo.h"
#include "inventory/package.h"
#include "store/store.h"

namespace vigil::fleet {

inline constexpr int kReportFormat = 1;

struct Report {
  std::string report_id;
  std::string asset_name;
  std::string inventory_kind;  // $.asset.kind: file, directory, host, image
  AssetMetadata metadata;
  std::optional<inventory::OsRelease> os;
  std::vector<store::ManifestPackage> packages;  // the manifest: sorted, distinct, matchable only
  std::size_t listed_packages = 0;               // entries of "packages", matchable or not
  // Set when the memo knew the "packages" array: `packages` is then left empty.
  std::optional<MemoisedManifest> memoised;
  // With a memo that did not know it: the raw "packages" array, to memoise once its manifest is stored.
  std::string packages_json;
};

// The message of the error ParseReport returns when the text is not JSON at all.
inline constexpr std::string_view kReportNotJson = "$: not valid JSON";

// Parses and validates a report. Errors are kInvalidArgument naming the JSON path of what is wrong
// ("$.packages[3].version: expected a string"). `team`, when given, replaces whatever
// $.asset_metadata.team says (an agent writes only its own team's assets). With a `memo` that knows
// the exact bytes of the "packages" array, the packages are not read (see Report::memoised); every
// other field is still validated.
[[nodiscard]] Result<Report> ParseReport(std::string_view json, std::optional<std::string_view> team = std::nullopt,
                                         ManifestMemo* memo = nullptr);

// A fresh random report id (a version 4 UUID).
[[nodiscard]] std::string NewReportId();

// The report for an inventory: `inventory_json` as report::InventoryJson prints it, with the report
// id, the collection time (Unix seconds) and the asset name and metadata added. `asset_name` empty:
// the inventory's own asset name.
[[nodiscard]] Result<std::string> BuildReport(std::string_view inventory_json, std::string_view report_id,
                                              std::int64_t collected, std::string_view asset_name,
                                              const AssetMetadata& metadata);

}  // namespace vigil::fleet
