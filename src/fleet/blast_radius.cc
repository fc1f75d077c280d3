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

std::uint32_t BlastRadiusIndex::Strings::Intern(const std::optional<std::string>& name) {
  if (!name) return 0;
  const auto [it, inserted] = ids.try_emplace(*name, static_cast<std::uint32_t>(names.size()));
  if (inserted) names.push_back(*name);
  return it->second;
}

std::uint32_t BlastRadiusIndex::InternCustomers(const std::vector<std::string>& customers) {
  if (customers.empty()) return 0;
  std::vector<std::uint32_t> set;
  for (const auto& c : customers) set.push_back(customers_.Intern(c));
  std::sort(set.begin(), set.end());
  set.erase(std::unique(set.begin(), set.end()), set.end());
  const auto [it, inserted] = customer_set_ids_.try_emplace(set, static_cast<std::uint32_t>(customer_sets_.size()));
  if (inserted) customer_sets_.push_back(std::move(set));
  return it->second;
}

void BlastRadiusIndex::Tallies::Add(std::uint64_t key, int delta) {
  const auto it = std::lower_bound(entries.begin(), entries.end(), key,
                                   [](const auto& entry, std::uint64_t k) { return entry.first < k; });
  if (it == entries.end() || it->first != key) {
    entries.insert(it, {key, static_cast<std::uint32_t>(delta)});
    return;
  }
  it->second = static_cast<std::uint32_t>(static_cast<std::int64_t>(it->second) + delta);
  if (it->second == 0) entries.erase(it);
}

void BlastRadiusIndex::Tally(const Asset& asset, int delta) {
  Manifest& m = manifests_[asset.manifest];
  const auto add = [&](TallyKind kind, std::uint32_t value) {
    m.all.Add(TallyKey(0, kind, value), delta);
    if (kind != kTeam) m.by_team.Add(TallyKey(asset.team, kind, value), delta);
  };
  add(kTotal, 0);
  add(kTeam, asset.team);
  add(kEnvironment, asset.environment);
  if (asset.internet_exposed) add(kExposed, 0);
  if (asset.customer_set == 0) add(kCustomer, 0);
  for (const auto customer : customer_sets_[asset.customer_set]) add(kCustomer, customer);
}

void BlastRadiusIndex::Detach(std::uint32_t asset) {
  Asset& a = assets_[asset];
  if (a.manifest == kNone) return;
  manifests_[a.manifest].assets.erase({*a.name, asset});
  Tally(a, -1);
  a.manifest = kNone;
}

void BlastRadiusIndex::PutAsset(const store::AssetRow& row) {
  const auto [it, inserted] = asset_ids_.try_emplace(row.name, static_cast<std::uint32_t>(assets_.size()));
  if (inserted) assets_.emplace_back();
  const std::uint32_t id = it->second;
  Detach(id);
  Asset& a = assets_[id];
  a.name = &it->first;
  a.team = teams_.Intern(row.team);
  a.customer_set = InternCustomers(row.customers);
  a.environment = static_cast<std::uint8_t>(environments_.Intern(row.environment));
  a.internet_exposed = row.internet_exposed;
  if (!row.manifest) return;
  const auto m = manifest_ids_.find(*row.manifest);
  if (m == manifest_ids_.end()) return;
  a.manifest = m->second;
  manifests_[a.manifest].assets.emplace(*a.name, id);
  Tally(a, +1);
}

AffectedAsset BlastRadiusIndex::Facts(std::uint32_t asset) const {
  const Asset& a = assets_[asset];
  AffectedAsset out;
  out.name = *a.name;
  if (a.team != 0) out.team = teams_.names[a.team];
  for (const auto c : customer_sets_[a.customer_set]) out.customers.push_back(customers_.names[c]);
  std::sort(out.customers.begin(), out.customers.end());
  if (a.environment != 0) out.environment = environments_.names[a.environment];
  out.internet_exposed = a.internet_exposed;
  return out;
}

Result<BlastRadius> BlastRadiusIndex::Query(std::string_view id_or_alias, const QueryOptions& options) const {
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

  // A scope naming a team or customer the index has never seen sees nothing.
  std::uint32_t team = 0, customer = 0;
  if (options.team) {
    const auto found = teams_.ids.find(*options.team);
    if (found == teams_.ids.end()) return out;
    team = found->second;
  }
  if (options.customer) {
    const auto found = customers_.ids.find(*options.customer);
    if (found == customers_.ids.end()) return out;
    customer = found->second;
  }
  const auto visible = [&](const Asset& a) {
    if (options.team && a.team != team) return false;
    if (options.customer) {
      const auto& set = customer_sets_[a.customer_set];
      if (!std::binary_search(set.begin(), set.end(), customer)) return false;
    }
    return true;
  };

  // The affected manifests, each with the packages that make it affected.
  std::vector<std::pair<std::uint32_t, AffectedPackage>> hits;
  if (const auto found = group_packages_.find(*group); found != group_packages_.end()) {
    for (const auto package : found->second) {
      const PackageVersion& pv = packages_[package];
      const auto hit = std::find_if(pv.groups.begin(), pv.groups.end(), [&](const GroupHit& g) { return g.group == *group; });
      AffectedPackage affected{pv.key, hit->fixed.empty() ? std::nullopt : std::optional<std::string>(hit->fixed)};
      for (const auto manifest : pv.manifests) hits.emplace_back(manifest, affected);
    }
  }
  std::sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second.package < b.second.package;
  });
  struct Affected {
    std::uint32_t manifest;
    std::vector<AffectedPackage> packages;
  };
  std::vector<Affected> affected;
  for (auto& [manifest, package] : hits) {
    if (affected.empty() || affected.back().manifest != manifest) affected.push_back({manifest, {}});
    affected.back().packages.push_back(std::move(package));
  }

  std::vector<std::size_t> by_team(teams_.names.size()), by_customer(customers_.names.size()),
      by_environment(environments_.names.size());
  if (options.customer) {
    // Tallies are per team, not per customer set: visit the assets.
    for (const auto& m : affected) {
      for (const auto& [name, asset] : manifests_[m.manifest].assets) {
        const Asset& a = assets_[asset];
        if (!visible(a)) continue;
        ++out.total_assets;
        ++by_team[a.team];
        ++by_environment[a.environment];
        if (a.internet_exposed) ++out.internet_exposed;
        for (const auto c : customer_sets_[a.customer_set]) ++by_customer[c];
      }
    }
  } else {
    for (const auto& m : affected) {
      const Manifest& manifest = manifests_[m.manifest];
      auto from = manifest.all.entries.begin(), to = manifest.all.entries.end();
      if (options.team) {
        const auto by_key = [](const auto& entry, std::uint64_t k) { return entry.first < k; };
        from = std::lower_bound(manifest.by_team.entries.begin(), manifest.by_team.entries.end(), TallyKey(team, kTotal, 0), by_key);
        to = std::lower_bound(from, manifest.by_team.entries.end(), TallyKey(team + 1, kTotal, 0), by_key);
      }
      for (auto it = from; it != to; ++it) {
        const auto [key, count] = *it;
        const auto value = static_cast<std::uint32_t>(key & 0xffffffffU);
        switch (static_cast<TallyKind>((key >> 32) & 0xffU)) {
          case kTotal:
            out.total_assets += count;
            if (options.team) by_team[team] += count;
            break;
          case kTeam: by_team[value] += count; break;
          case kEnvironment: by_environment[value] += count; break;
          case kExposed: out.internet_exposed += count; break;
          case kCustomer: by_customer[value] += count; break;
        }
      }
    }
  }
  const auto fill = [](const Strings& strings, const std::vector<std::size_t>& counts, std::map<std::string, std::size_t>& to) {
    for (std::size_t i = 0; i < counts.size(); ++i) {
      if (counts[i] != 0) to[strings.names[i]] += counts[i];
    }
  };
  fill(teams_, by_team, out.by_team);
  fill(customers_, by_customer, out.by_customer);
  fill(environments_, by_environment, out.by_environment);

  // The page: a merge of the affected manifests' name-ordered asset sets from the cursor on.
  using Cursor = std::pair<AssetSet::const_iterator, std::size_t>;  // position, index in `affected`
  const auto later = [](const Cursor& a, const Cursor& b) { return a.first->first > b.first->first; };
  std::vector<Cursor> heap;
  for (std::size_t i = 0; i < affected.size(); ++i) {
    const auto& set = manifests_[affected[i].manifest].assets;
    auto from = options.after.empty() ? set.begin() : set.upper_bound({options.after, kNone});
    if (from != set.end()) heap.emplace_back(from, i);
  }
  std::make_heap(heap.begin(), heap.end(), later);
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), later);
    auto& [position, index] = heap.back();
    const std::uint32_t asset = position->second;
    if (visible(assets_[asset])) {
      if (out.assets.size() == options.limit) {
        out.next_cursor = out.assets.empty() ? options.after : out.assets.back().name;
        break;
      }
      out.assets.push_back(Facts(asset));
      out.assets.back().packages = affected[index].packages;
    }
    if (++position == manifests_[affected[index].manifest].assets.end()) {
      heap.pop_back();
    } else {
      std::push_heap(heap.begin(), heap.end(), later);
    }
  }
  return out;
}

}  // namespace vigil::fleet
