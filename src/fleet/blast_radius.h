// The blast-radius index: which assets run a version of a package that a vulnerability affects,
// answered from memory. Package versions are looked up in the advisory snapshot once each, when a
// manifest holding them first arrives; each vulnerability group then lists its package versions,
// each package version its manifests and each manifest its assets, so a query is lookups plus the
// answer's own size, whatever the fleet's. Not thread-safe: the server serialises updates and
// queries (or gives each reader its own copy). The snapshot must outlive the index.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
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
  std::vector<AffectedAsset> assets;  // by name
  // Assets per team, customer (an asset counts for each of its customers) and environment;
  // assets without one count under "unassigned".
  std::map<std::string, std::size_t> by_team;
  std::map<std::string, std::size_t> by_customer;
  std::map<std::string, std::size_t> by_environment;
  std::size_t internet_exposed = 0;
};

inline constexpr std::string_view kUnassigned = "unassigned";

class BlastRadiusIndex {
 public:
  explicit BlastRadiusIndex(const knowledge::Snapshot& snapshot) : snapshot_(&snapshot) {}

  // Every manifest and asset of the store.
  [[nodiscard]] static Result<BlastRadiusIndex> Build(store::Store& store, const knowledge::Snapshot& snapshot);

  [[nodiscard]] bool HasManifest(std::string_view digest) const;
  // Adds a manifest (sorted, distinct packages); a digest already known is left as it is.
  void AddManifest(std::string_view digest, std::span<const store::ManifestPackage> packages);
  // Adds or updates an asset by name: its metadata and the manifest it runs (which must have been
  // added; an unknown or absent manifest leaves the asset running nothing).
  void PutAsset(const store::AssetRow& asset);

  // kNotFound when the snapshot knows no vulnerability by that id or alias.
  [[nodiscard]] Result<BlastRadius> Query(std::string_view id_or_alias) const;

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
  struct Manifest {
    std::vector<std::uint32_t> assets;
  };
  struct Asset {
    AffectedAsset facts;  // without packages
    std::uint32_t manifest = kNone;
    std::uint32_t slot = 0;  // position in its manifest's asset list
  };

  std::uint32_t InternPackage(const store::ManifestPackage& key);
  void Detach(std::uint32_t asset);

  const knowledge::Snapshot* snapshot_;
  std::map<store::ManifestPackage, std::uint32_t> package_ids_;
  std::vector<PackageVersion> packages_;
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> group_packages_;
  std::unordered_map<std::string, std::uint32_t> manifest_ids_;
  std::vector<Manifest> manifests_;
  std::unordered_map<std::string, std::uint32_t> asset_ids_;
  std::vector<Asset> assets_;
  std::vector<knowledge::Match> matches_;  // scratch of InternPackage
  knowledge::AffectedScratch scratch_;
};

}  // namespace vigil::fleet
