// Findings of the fleet (asset × vulnerability × package version). They are stored per manifest,
// shared by every asset running it, and derived per asset from its manifest history: open ones are
// those of its current manifest, fixed ones those an earlier manifest had and the next one did not.
// Pure functions over the store and the advisory snapshot; thread-compatible.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "knowledge/snapshot.h"
#include "match/matcher.h"
#include "store/store.h"

namespace vigil::fleet {

// The findings of a package set, by the matcher's rules (one per vulnerability group and package
// version, named by the group's smallest matching record id), sorted and distinct.
[[nodiscard]] std::vector<store::FindingKey> ComputeFindings(const knowledge::Snapshot& snapshot,
                                                             std::span<const store::ManifestPackage> packages);

struct RecomputeSummary {
  std::size_t manifests = 0;  // manifests examined
  std::size_t changed = 0;    // manifests whose findings changed
  std::size_t added = 0;
  std::size_t removed = 0;
};

// Brings the stored findings of every manifest in line with `snapshot` (after the advisory
// database changed, or to catch up at server start), in one transaction with one audit entry
// "findings.recompute" counting what was added and removed; no entry when nothing changed. A
// finding added now gets since = `now`.
[[nodiscard]] Result<RecomputeSummary> RecomputeFindings(store::Store& store, const knowledge::Snapshot& snapshot,
                                                         std::int64_t now, std::string_view actor);

// One finding of one asset.
struct AssetFinding {
  store::FindingKey key;
  std::string manifest;                  // the manifest it was found in (the last one, for a fixed finding)
  std::int64_t first_seen = 0;           // Unix seconds
  std::optional<std::int64_t> fixed_at;  // absent: open
};

// Derives an asset's findings from its manifest history (append order) and each manifest's stored
// findings (`findings_of`, called once per history entry). A finding opens with the first entry of
// a run of consecutive entries whose manifests all have it; first_seen is that entry's since, or
// the finding's since in that manifest when later (vigil learnt of it later). It is fixed at the
// since of the first entry after the run whose manifest lacks it; a run fixed before vigil knew
// of it (fixed_at < first_seen) is left out. Findings stored for no manifest any more (an advisory
// withdrawn or changed) are not fixed: they are gone from the history too. Sorted by key, then
// first_seen.
using FindingsOf = std::function<const std::vector<store::ManifestFindingRow>&(const std::string& manifest)>;
[[nodiscard]] std::vector<AssetFinding> DeriveAssetFindings(std::span<const store::AssetManifestRow> history,
                                                            const FindingsOf& findings_of);

enum class FindingState : std::uint8_t { kOpen, kFixed, kAll };

// What a findings listing returns: every field set must hold.
struct FindingQuery {
  store::AssetFilter assets;
  std::optional<std::string> asset;           // one asset by name
  std::optional<std::uint32_t> min_severity;  // knowledge::cvss::Severity; findings without a score never pass
  std::optional<bool> known_exploited;
  FindingState state = FindingState::kOpen;
  std::optional<std::string> vulnerability;  // any id or alias of its group
};

// Where a listing stopped: the last finding returned, by the listing's order (asset name, then
// key, then first_seen).
struct FindingCursor {
  std::string asset;
  store::FindingKey key;
  std::int64_t first_seen = 0;
};

struct ListedFinding {
  store::AssetRow asset;
  AssetFinding finding;
  // What the current snapshot says of it: aliases, fix, CVSS, KEV, EPSS. Absent when the snapshot
  // no longer matches it (the findings are then recomputed on the next advisory update).
  std::optional<match::Finding> facts;
};

struct FindingsPage {
  std::vector<ListedFinding> findings;
  std::optional<FindingCursor> next;  // set when more findings follow
};

// Up to `limit` findings after `after` in listing order. Severity, KEV, fix and aliases come from
// `snapshot` at query time. Each manifest's findings are read and looked up once per call.
[[nodiscard]] Result<FindingsPage> ListFindings(store::Store& store, const knowledge::Snapshot& snapshot,
                                                const FindingQuery& query, const std::optional<FindingCursor>& after,
                                                std::size_t limit);

}  // namespace vigil::fleet
