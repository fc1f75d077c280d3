// The blast-radius index: which assets run a version of a package that a vulnerability affects,
// answered from memory. Package versions are looked up in the advisory snapshot once each, when a
// manifest holding them first arrives; each vulnerability group then lists its package versions,
// each package version its manifests and each manifest its assets, so a query costs lookups, the
// affected manifests and the page listed, whatever the number of affected assets. Not thread-safe:
// the server serialises updates and queries. The snapshot must outlive the index.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "knowledge/snapshot.h"
#include "store/store.h"

namespace vigil::fleet {

struct AffectedPackage {
  store::ManifestPackage package;
  std::optional<std::string> fixed_version;  // the upgrade that clears it; absent when none is known
};

struct AffectedAsset {
  std::string name;
  std::optional<std::string> team;
  std::vector<std::string> customers;
  std::optional<std::string> environment;
  bool internet_exposed = false;
  std::vector<AffectedPackage> packages;  // sorted; usually one
};

struct BlastRadius {
  std::string id;                    // the vulnerability's id: the smallest record id of its group
  std::vector<std::string> aliases;  // every other id and alias of the group
  std::size_t total_assets = 0;      // every affected asset in scope, however many `assets` lists
  std::vector<AffectedAsset> assets;  // by name: the page asked for (QueryOptions)
  std::optional<std::string> next_cursor;  // when assets were left off: the `after` of the next page
  // Assets per team, customer (an asset counts for each of its customers) and environment;
  // assets without one count under "unassigned". Always over all `total_assets`.
  std::map<std::string, std::size_t> by_team;
  std::map<std::string, std::size_t> by_customer;
  std::map<std::string, std::size_t> by_environment;
  std::size_t internet_exposed = 0;
};

inline constexpr std::string_view kUnassigned = "unassigned";

// What a query lists: the counts are always complete, the asset list is a page.
struct QueryOptions {
  std::size_t limit = SIZE_MAX;  // most assets listed
  std::string after;             // list only assets whose name sorts after this (a cursor)
  std::optional<std::string> team;      // only this team's assets (counts included)
  std::optional<std::string> customer;  // only the assets serving this customer (counts included)
};

class BlastRadiusIndex {
 public:
  explicit BlastRadiusIndex(const knowledge::Snapshot& snapshot) : snapshot_(&snapshot) {}
  // Not copyable: assets and manifest sets point into the index's own name storage.
  BlastRadiusIndex(const BlastRadiusIndex&) = delete;
  BlastRadiusIndex& operator=(const BlastRadiusIndex&) = delete;
  BlastRadiusIndex(BlastRadiusIndex&&) = default;
  BlastRadiusIndex& operator=(BlastRadiusIndex&&) = default;

  // Every manifest and asset of the store.
  [[nodiscard]] static Result<BlastRadiusIndex> Build(store::Store& store, const knowledge::Snapshot& snapshot);

  [[nodiscard]] bool HasManifest(std::string_view digest) const;
  // Adds a manifest (sorted, distinct packages); a digest already known is left as it is.
  void AddManifest(std::string_view digest, std::span<const store::ManifestPackage> packages);
  // Adds or updates an asset by name: its metadata and the manifest it runs (which must have been
  // added; an unknown or absent manifest leaves the asset running nothing).
  void PutAsset(const store::AssetRow& asset);

  // kNotFound when the snapshot knows no vulnerability by that id or alias. Counts come from
  // per-manifest tallies and the page from per-manifest name-ordered sets, so the cost is that of
  // the affected manifests and the page, not of the affected assets (but for a customer scope,
  // which visits every affected asset).
  [[nodiscard]] Result<BlastRadius> Query(std::string_view id_or_alias, const QueryOptions& options = {}) const;

  [[nodiscard]] std::size_t asset_count() const { return assets_.size(); }
  [[nodiscard]] std::size_t manifest_count() const { return manifests_.size(); }
  [[nodiscard]] std::size_t package_version_count() const { return packages_.size(); }

 private:
  static constexpr std::uint32_t kNone = UINT32_MAX;

  struct GroupHit {
    std::uint32_t group;
    std::string_view fixed;  // snapshot memory; empty when one of the group's matching records has no fix
  };
  struct PackageVersion {
    store::ManifestPackage key;
    std::vector<GroupHit> groups;
    std::vector<std::uint32_t> manifests;
  };
  using AssetSet = std::set<std::pair<std::string_view, std::uint32_t>>;  // (name, asset) in name order
  // Assets per key, sorted by key: a flat table that a query sums in one pass.
  struct Tallies {
    std::vector<std::pair<std::uint64_t, std::uint32_t>> entries;
    void Add(std::uint64_t key, int delta);
  };
  struct Manifest {
    AssetSet assets;
    Tallies all;      // (kind, value) over every team: what an unscoped query sums
    Tallies by_team;  // (team, kind, value): a team-scoped query sums its team's range
  };
  // Compact: strings are interned; the name is the key of asset_ids_ (stable node memory).
  struct Asset {
    const std::string* name = nullptr;
    std::uint32_t team = 0;          // teams_ index; 0: unassigned
    std::uint32_t customer_set = 0;  // customer_sets_ index; 0: none
    std::uint8_t environment = 0;    // environments_ index; 0: unassigned
    bool internet_exposed = false;
    std::uint32_t manifest = kNone;
  };
  // A string table; index 0 is "unassigned".
  struct Strings {
    std::vector<std::string> names{std::string(kUnassigned)};
    std::unordered_map<std::string, std::uint32_t> ids;
    std::uint32_t Intern(const std::optional<std::string>& name);
  };

  enum TallyKind : std::uint8_t { kTotal, kTeam, kEnvironment, kExposed, kCustomer };
  static std::uint64_t TallyKey(std::uint32_t team, TallyKind kind, std::uint32_t value) {
    return (static_cast<std::uint64_t>(team) << 40) | (static_cast<std::uint64_t>(kind) << 32) | value;
  }

  std::uint32_t InternPackage(const store::ManifestPackage& key);
  std::uint32_t InternCustomers(const std::vector<std::string>& customers);
  void Tally(const Asset& asset, int delta);
  void Detach(std::uint32_t asset);
  AffectedAsset Facts(std::uint32_t asset) const;

  const knowledge::Snapshot* snapshot_;
  std::map<store::ManifestPackage, std::uint32_t> package_ids_;
  std::vector<PackageVersion> packages_;
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> group_packages_;
  std::unordered_map<std::string, std::uint32_t> manifest_ids_;
  std::vector<Manifest> manifests_;
  std::unordered_map<std::string, std::uint32_t> asset_ids_;
  std::vector<Asset> assets_;
  Strings teams_, environments_, customers_;
  std::vector<std::vector<std::uint32_t>> customer_sets_{{}};  // sorted customers_ indices
  std::map<std::vector<std::uint32_t>, std::uint32_t> customer_set_ids_;
  std::vector<knowledge::Match> matches_;  // scratch of InternPackage
  knowledge::AffectedScratch scratch_;
};

}  // namespace vigil::fleet
