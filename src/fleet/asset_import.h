// Bulk import of asset metadata from a CMDB export: CSV with a header row, or a JSON array of
// objects, with the fields name, external_id, kind, team, customers, environment, internet_exposed,
// data_classes, criticality, tags. All rows are checked before any is written; the import is one
// transaction with an audit entry per asset it changes. Thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "fleet/asset.h"
#include "store/store.h"

namespace vigil::fleet {

class BlastRadiusIndex;

struct AssetRecord {
  std::string name;
  AssetMetadata metadata;
};

// Parses an export; `file` names it in errors, which are kInvalidArgument as
// "FILE:LINE: FIELD: why" (CSV) or "FILE: $[I].FIELD: why" (JSON). A document starting with '['
// (after blanks) is JSON, anything else CSV. In CSV a column the header lacks leaves that field
// as stored, an empty cell clears it, and lists are separated by ';'.
[[nodiscard]] Result<std::vector<AssetRecord>> ParseAssetExport(std::string_view text, std::string_view file);

struct ImportResult {
  std::size_t created = 0;
  std::size_t updated = 0;
  std::size_t unchanged = 0;
};

// Upserts every record by name in one transaction. `index`, if given, is updated after commit.
[[nodiscard]] Result<ImportResult> ImportAssets(store::Store& store, const std::vector<AssetRecord>& records,
                                                std::int64_t now, std::string_view actor,
                                                BlastRadiusIndex* index = nullptr);

}  // namespace vigil::fleet
