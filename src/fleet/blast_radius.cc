// The blast-radius index: built from the store, kept current by ingest, queried per vulnerability.
#include "fleet/blast_radius.h"

#include <algorithm>

#include "version/registry.h"

namespace vigil::fleet {
namespace {

// Whether version `a` is later than `b` (an empty `b` is earliest) by the ecosystem's rules.
bool Later(const Result<const version::Scheme*>& scheme, std::string_view a, std::string_view b) {
  if (b.empty()) return true;
  if (!scheme) return false;
  const auto order = (*scheme)->Compare(a, b);
  return order && *order > 0;
}

std::string OrUnassigned(const std::optional<std::string>& value) {
  return value ? *value : std::string(kUnassigned);
}

}  // namespace

Result<BlastRadiusIndex> BlastRadiusIndex::Build(store::Store& store, const knowledge::Snapshot& snapshot) {
  BlastRadiusIndex index(snapshot);
  auto visited = store.ForEachManifest([&index](std::string_view digest, std::span<const store::ManifestPackage> packages) -> Result<void> {
    index.AddManifest(digest, packages);
    return {};
  });
  if (!visited) return std::unexpected(visited.error());
  auto assets = store.ListAssets();
  if (!assets) return std::unexpected(assets.error());
  for (const auto& asset : *assets) index.PutAsset(asset);
  return index;
}

bool BlastRadiusIndex::HasManifest(std::string_view digest) const {
  return manifest_ids_.contains(std::string(digest));
}

std::uint32_t BlastRadiusIndex::InternPackage(const store::ManifestPackage& key) {
  const auto [it, inserted] = package_ids_.try_emplace(key, static_cast<std::uint32_t>(packages_.size()));
  if (!inserted) return it->second;
  PackageVersion entry{key, {}, {}};
  matches_.clear();
  // A version the ecosystem's scheme rejects matches nothing, as in a scan (which reports it).
  if (snapshot_->Affected(key.ecosystem, key.name, key.version, matches_, scratch_)) {
    const auto scheme = version::SchemeForEcosystem(key.ecosystem);
    struct Merge {
      std::string_view fixed;
      bool unfixed;
    };
    std::map<std::uint32_t, Merge> by_group;
    for (const auto& m : matches_) {
      const auto group = snapshot_->vuln(m.vuln).group;
      auto [found, first] = by_group.try_emplace(group, Merge{m.fixed, m.fixed.empty()});
      if (first) continue;
      found->second.unfixed = found->second.unfixed || m.fixed.empty();
      if (!m.fixed.empty() && Later(scheme, m.fixed, found->second.fixed)) found->second.fixed = m.fixed;
    }
    for (const auto& [group, merged] : by_group) {
      entry.groups.push_back({group, merged.unfixed ? std::string_view{} : merged.fixed});
      group_packages_[group].push_back(it->second);
    }
  }
  packages_.push_back(std::move(entry));
  return it->second;
}

void BlastRadiusIndex::AddManifest(std::string_view digest, std::span<const store::ManifestPackage> packages) {
  const auto [it, inserted] = manifest_ids_.try_emplace(std::string(digest), static_cast<std::uint32_t>(manifests_.size()));
  if (!inserted) return;
  manifests_.emplace_back();
  for (const auto& p : packages) packages_[InternPackage(p)].manifests.push_back(it->second);
}

void BlastRadiusIndex::Detach(std::uint32_t asset) {
  Asset& a = assets_[asset];
  if (a.manifest == kNone) return;
  auto& list = manifests_[a.manifest].assets;
  list[a.slot] = list.back();
  assets_[list[a.slot]].slot = a.slot;
  list.pop_back();
  a.manifest = kNone;
}

void BlastRadiusIndex::PutAsset(const store::AssetRow& row) {
  const auto [it, inserted] = asset_ids_.try_emplace(row.name, static_cast<std::uint32_t>(assets_.size()));
  if (inserted) assets_.emplace_back();
  const std::uint32_t id = it->second;
  Asset& a = assets_[id];
  a.facts = {row.name, row.team, row.customers, row.environment, row.internet_exposed, {}};
  std::uint32_t manifest = kNone;
  if (row.manifest) {
    if (const auto m = manifest_ids_.find(*row.manifest); m != manifest_ids_.end()) manifest = m->second;
  }
  if (manifest == a.manifest) return;
  Detach(id);
  if (manifest == kNone) return;
  a.manifest = manifest;
  a.slot = static_cast<std::uint32_t>(manifests_[manifest].assets.size());
  manifests_[manifest].assets.push_back(id);
}

Result<BlastRadius> BlastRadiusIndex::Query(std::string_view id_or_alias) const {
  const auto group = snapshot_->FindGroup(id_or_alias);
  if (!group) {
    std::string message(id_or_alias);
    message += ": no such vulnerability in the advisory database";
    return Fail(ErrorCode::kNotFound, message);
  }
  BlastRadius out;
  std::string_view id;
  for (const auto vuln : snapshot_->GroupVulns(*group)) {
    const auto view = snapshot_->vuln(vuln);
    if (id.empty() || view.id < id) id = view.id;
  }
  if (id.empty()) id = id_or_alias;
  out.id = id;
  for (const auto name : snapshot_->GroupNames(*group)) {
    if (name != id) out.aliases.emplace_back(name);
  }

  std::unordered_map<std::uint32_t, std::size_t> position;  // asset -> index in out.assets
  if (const auto hits = group_packages_.find(*group); hits != group_packages_.end()) {
    for (const auto package : hits->second) {
      const PackageVersion& pv = packages_[package];
      const auto hit = std::find_if(pv.groups.begin(), pv.groups.end(), [&](const GroupHit& g) { return g.group == *group; });
      AffectedPackage affected{pv.key, hit->fixed.empty() ? std::nullopt : std::optional<std::string>(hit->fixed)};
      for (const auto manifest : pv.manifests) {
        for (const auto asset : manifests_[manifest].assets) {
          auto [at, first] = position.try_emplace(asset, out.assets.size());
          if (first) out.assets.push_back(assets_[asset].facts);
          out.assets[at->second].packages.push_back(affected);
        }
      }
    }
  }
  std::sort(out.assets.begin(), out.assets.end(), [](const AffectedAsset& a, const AffectedAsset& b) { return a.name < b.name; });
  for (auto& asset : out.assets) {
    std::sort(asset.packages.begin(), asset.packages.end(),
              [](const AffectedPackage& a, const AffectedPackage& b) { return a.package < b.package; });
    ++out.by_team[OrUnassigned(asset.team)];
    if (asset.customers.empty()) ++out.by_customer[std::string(kUnassigned)];
    for (const auto& customer : asset.customers) ++out.by_customer[customer];
    ++out.by_environment[OrUnassigned(asset.environment)];
    if (asset.internet_exposed) ++out.internet_exposed;
  }
  return out;
}

}  // namespace vigil::fleet
