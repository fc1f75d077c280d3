// Ingest of one inventory report into the store: the asset is created or updated, its manifest
// stored once per distinct package set (with its findings when an advisory snapshot is at hand) and
// appended to the asset's manifest history when it changed, the report recorded by id so that a
// resent report changes nothing, every change audited in the same transaction. The server calls this per request; `vigil
// ingest` per file. Thread-compatible (one Store per thread, as the Store requires).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "knowledge/snapshot.h"
#include "store/store.h"

namespace vigil::fleet {

class BlastRadiusIndex;
class ManifestMemo;
struct Report;

enum class IngestStatus : std::uint8_t {
  kNewAsset,           // the first report of this asset
  kManifestChanged,    // a known asset now runs another package set
  kManifestUnchanged,  // a known asset runs the same set as before (its last-seen time moves)
  kDuplicate,          // this report id was ingested before; nothing changed
};

[[nodiscard]] std::string_view StatusName(IngestStatus status);  // "new_asset", "manifest_changed", …

struct IngestResult {
  IngestStatus status = IngestStatus::kNewAsset;
  std::string report_id;
  std::string asset;     // its name
  std::string manifest;  // digest of the manifest the report carries (for a duplicate: as first ingested)
  std::optional<std::string> previous_manifest;
  bool new_manifest = false;  // the package set was not stored before
  std::size_t packages = 0;   // entries of the manifest
};

// Ingests the report `json` (docs/formats/report.md) received at `now` (Unix seconds) from `actor`
// (for the audit log). Invalid input is kInvalidArgument naming the JSON path. When `index` is
// given it is updated after the transaction commits. When `snapshot` is given, a manifest stored
// for the first time gets its findings in the same transaction (since = `now`); without one they
// wait for the next RecomputeFindings (findings.h).
[[nodiscard]] Result<IngestResult> Ingest(store::Store& store, std::string_view json, std::int64_t now,
                                          std::string_view actor, BlastRadiusIndex* index = nullptr,
                                          const knowledge::Snapshot* snapshot = nullptr);

// As above, with the report parsed for `team` (see the next overload) and, when `memo` is given, its
// package array looked up in the memo: a known array skips reading its packages, and an unknown one
// is memoised once its manifest is stored. A memoised manifest the store lacks (another server's
// memo, a pruned manifest) costs a full parse, nothing else. `index`, if given with a memo, must be
// the one every ingest with that memo updated (or one built from the store since).
[[nodiscard]] Result<IngestResult> Ingest(store::Store& store, std::string_view json, std::int64_t now,
                                          std::string_view actor, std::optional<std::string_view> team,
                                          ManifestMemo* memo, BlastRadiusIndex* index,
                                          const knowledge::Snapshot* snapshot);

// Ingests a parsed report (ParseReport), as above. `team`, when given, is the only team whose asset
// the report may update: an existing asset of another team is kPermissionDenied and nothing changes
// (checked before the report id, so a resent report learns nothing either). A memoised report
// (Report::memoised) whose manifest the store lacks is kFailedPrecondition and changes nothing.
[[nodiscard]] Result<IngestResult> Ingest(store::Store& store, const Report& report, std::int64_t now,
                                          std::string_view actor, std::optional<std::string_view> team,
                                          BlastRadiusIndex* index = nullptr,
                                          const knowledge::Snapshot* snapshot = nullptr);

}  // namespace vigil::fleet
