// Findings: computed per manifest by the matcher, stored per manifest, derived per asset.
#include "fleet/findings.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "audit/audit.h"
#include "audit/digest.h"
#include "inventory/package.h"
#include "match/matcher.h"

namespace vigil::fleet {
namespace {

bool SameKeys(const std::vector<store::ManifestFindingRow>& stored, const std::vector<store::FindingKey>& keys) {
  return std::equal(stored.begin(), stored.end(), keys.begin(), keys.end(),
                    [](const store::ManifestFindingRow& row, const store::FindingKey& key) { return row.key == key; });
}

void AddKeys(audit::CanonicalEncoder& encoder, std::string_view digest, const auto& keys, const auto& key_of) {
  encoder.Add(digest).Add(static_cast<std::int64_t>(keys.size()));
  for (const auto& item : keys) {
    const store::FindingKey& key = key_of(item);
    encoder.Add(key.vulnerability).Add(key.ecosystem).Add(key.name).Add(key.version);
  }
}

constexpr std::size_t kAssetBatch = 256;

// The stored findings of each manifest a listing meets, and what the snapshot says of them, each
// read or matched once.
class ManifestCache {
 public:
  ManifestCache(store::Store& store, const knowledge::Snapshot& snapshot) : store_(store), snapshot_(snapshot) {}

  Result<void> Load(const std::string& manifest) {
    if (entries_.contains(manifest)) return {};
    auto rows = store_.GetManifestFindings(manifest);
    if (!rows) return std::unexpected(rows.error());
    entries_.emplace(manifest, Entry{std::move(*rows), std::nullopt, std::nullopt});
    return {};
  }
  // `manifest` must have been loaded.
  const std::vector<store::ManifestFindingRow>& Rows(const std::string& manifest) const { return entries_.at(manifest).rows; }

  const match::Finding* Facts(const std::string& manifest, const store::FindingKey& key) {
    Entry& entry = entries_.at(manifest);
    if (!entry.facts) {
      // The matcher looks the manifest's vulnerable package versions up again, for today's facts.
      std::vector<inventory::Package> packages;
      for (const auto& row : entry.rows) {
        if (!packages.empty() && packages.back().ecosystem == row.key.ecosystem && packages.back().name == row.key.name &&
            packages.back().version == row.key.version) {
          continue;
        }
        inventory::Package p;
        p.ecosystem = row.key.ecosystem;
        p.name = row.key.name;
        p.version = row.key.version;
        packages.push_back(std::move(p));
      }
      entry.facts.emplace();
      for (auto& f : match::MatchPackages(snapshot_, packages).findings) {
        store::FindingKey fact_key{f.id, f.ecosystem, f.name, f.version};
        entry.facts->emplace(std::move(fact_key), std::move(f));
      }
    }
    const auto it = entry.facts->find(key);
    return it == entry.facts->end() ? nullptr : &it->second;
  }

  // Whether one of the manifest's findings passes `wanted` (remembered per manifest).
  template <class Wanted>
  bool AnyWanted(const std::string& manifest, const Wanted& wanted) {
    Entry& entry = entries_.at(manifest);
    if (!entry.any_wanted) {
      entry.any_wanted = std::ranges::any_of(entry.rows, [&](const store::ManifestFindingRow& row) {
        return wanted(row.key, Facts(manifest, row.key));
      });
    }
    return *entry.any_wanted;
  }

 private:
  struct Entry {
    std::vector<store::ManifestFindingRow> rows;
    std::optional<std::map<store::FindingKey, match::Finding>> facts;
    std::optional<bool> any_wanted;
  };
  store::Store& store_;
  const knowledge::Snapshot& snapshot_;
  std::unordered_map<std::string, Entry> entries_;
};

Result<std::optional<store::AssetRow>> AssetByName(store::Store& store, const std::string& name) {
  std::optional<store::AssetRow> found;
  auto read = store.Write([&](store::Transaction& tx) -> Result<void> {
    auto asset = tx.GetAssetByName(name);
    if (!asset) return std::unexpected(asset.error());
    found = std::move(*asset);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  return found;
}

}  // namespace

std::vector<store::FindingKey> ComputeFindings(const knowledge::Snapshot& snapshot,
                                               std::span<const store::ManifestPackage> packages) {
  std::vector<inventory::Package> inventory(packages.size());
  for (std::size_t i = 0; i < packages.size(); ++i) {
    inventory[i].ecosystem = packages[i].ecosystem;
    inventory[i].name = packages[i].name;
    inventory[i].version = packages[i].version;
  }
  const auto matched = match::MatchPackages(snapshot, inventory);
  std::vector<store::FindingKey> out;
  out.reserve(matched.findings.size());
  for (const auto& f : matched.findings) out.push_back({f.id, f.ecosystem, f.name, f.version});
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<RecomputeSummary> RecomputeFindings(store::Store& store, const knowledge::Snapshot& snapshot, std::int64_t now,
                                           std::string_view actor) {
  RecomputeSummary summary;
  std::map<std::string, std::vector<store::FindingKey>> computed;
  auto visited = store.ForEachManifest(
      [&](std::string_view digest, std::span<const store::ManifestPackage> packages) -> Result<void> {
        computed.emplace(std::string(digest), ComputeFindings(snapshot, packages));
        return {};
      });
  if (!visited) return std::unexpected(visited.error());
  summary.manifests = computed.size();
  // Only manifests whose findings differ are written; the audit digests cover those.
  audit::CanonicalEncoder before("vigil.findings.v1");
  audit::CanonicalEncoder after("vigil.findings.v1");
  for (auto it = computed.begin(); it != computed.end();) {
    auto stored = store.GetManifestFindings(it->first);
    if (!stored) return std::unexpected(stored.error());
    if (SameKeys(*stored, it->second)) {
      it = computed.erase(it);
      continue;
    }
    AddKeys(before, it->first, *stored, [](const store::ManifestFindingRow& row) -> const store::FindingKey& { return row.key; });
    AddKeys(after, it->first, it->second, [](const store::FindingKey& key) -> const store::FindingKey& { return key; });
    ++it;
  }
  summary.changed = computed.size();
  if (computed.empty()) return summary;
  auto written = store.Write([&](store::Transaction& tx) -> Result<void> {
    for (const auto& [digest, keys] : computed) {
      auto diff = tx.ReplaceManifestFindings(digest, keys, now);
      if (!diff) return std::unexpected(diff.error());
      summary.added += diff->added;
      summary.removed += diff->removed;
    }
    std::string object = "findings:+";
    object += std::to_string(summary.added);
    object += ",-";
    object += std::to_string(summary.removed);
    object += " in ";
    object += std::to_string(summary.changed);
    object += " manifests";
    auto logged = audit::Append(tx, {std::string(actor), "findings.recompute", object, before.Sha256Hex(), after.Sha256Hex()}, now);
    if (!logged) return std::unexpected(logged.error());
    return {};
  });
  if (!written) return std::unexpected(written.error());
  return summary;
}

std::vector<AssetFinding> DeriveAssetFindings(std::span<const store::AssetManifestRow> history,
                                              const FindingsOf& findings_of) {
  struct Open {
    std::int64_t first_seen;
    std::string manifest;
  };
  std::map<store::FindingKey, Open> open;
  std::vector<AssetFinding> out;
  const auto by_key = [](const store::ManifestFindingRow& row, const store::FindingKey& key) { return row.key < key; };
  for (const auto& entry : history) {
    const auto& rows = findings_of(entry.manifest);
    for (auto it = open.begin(); it != open.end();) {
      const auto found = std::lower_bound(rows.begin(), rows.end(), it->first, by_key);
      if (found != rows.end() && found->key == it->first) {
        it->second.manifest = entry.manifest;
        ++it;
        continue;
      }
      if (entry.since >= it->second.first_seen) {
        out.push_back({it->first, std::move(it->second.manifest), it->second.first_seen, entry.since});
      }
      it = open.erase(it);
    }
    for (const auto& row : rows) {
      open.try_emplace(row.key, Open{std::max(entry.since, row.since), entry.manifest});
    }
  }
  for (auto& [key, o] : open) out.push_back({key, std::move(o.manifest), o.first_seen, std::nullopt});
  std::sort(out.begin(), out.end(), [](const AssetFinding& a, const AssetFinding& b) {
    return std::tie(a.key, a.first_seen) < std::tie(b.key, b.first_seen);
  });
  return out;
}

Result<FindingsPage> ListFindings(store::Store& store, const knowledge::Snapshot& snapshot, const FindingQuery& query,
                                  const std::optional<FindingCursor>& after, std::size_t limit) {
  FindingsPage page;
  ManifestCache cache(store, snapshot);
  const auto group = query.vulnerability ? snapshot.FindGroup(*query.vulnerability) : std::nullopt;
  // Whether a finding passes the filters that depend only on what it is, not on the asset's history.
  const auto wanted = [&](const store::FindingKey& key, const match::Finding* facts) {
    if (query.vulnerability && key.vulnerability != *query.vulnerability &&
        (!group || snapshot.FindGroup(key.vulnerability) != group)) {
      return false;
    }
    if (query.min_severity && (facts == nullptr || !facts->cvss_score || facts->severity < *query.min_severity)) {
      return false;
    }
    if (query.known_exploited && (facts != nullptr && facts->known_exploited) != *query.known_exploited) return false;
    return true;
  };
  // An asset none of whose manifests has a wanted finding is skipped without deriving anything;
  // for open findings only its current manifest matters, so it costs no store read.
  const auto may_have = [&](const std::string& manifest) -> Result<bool> {
    if (auto r = cache.Load(manifest); !r) return std::unexpected(r.error());
    return cache.AnyWanted(manifest, wanted);
  };
  // Adds the asset's findings after `resume`; true once the page is full and more follow.
  const auto visit = [&](const store::AssetRow& asset, const FindingCursor* resume) -> Result<bool> {
    if (query.state == FindingState::kOpen) {
      if (!asset.manifest) return false;
      auto any = may_have(*asset.manifest);
      if (!any) return std::unexpected(any.error());
      if (!*any) return false;
    }
    auto history = store.ListAssetManifests(asset.id);
    if (!history) return std::unexpected(history.error());
    bool any = false;
    for (const auto& entry : *history) {
      auto has = may_have(entry.manifest);
      if (!has) return std::unexpected(has.error());
      any = any || *has;
    }
    if (!any) return false;
    const auto derived =
        DeriveAssetFindings(*history, [&](const std::string& manifest) -> const auto& { return cache.Rows(manifest); });
    for (const auto& f : derived) {
      if (resume != nullptr && std::tie(f.key, f.first_seen) <= std::tie(resume->key, resume->first_seen)) continue;
      if (query.state == FindingState::kOpen && f.fixed_at) continue;
      if (query.state == FindingState::kFixed && !f.fixed_at) continue;
      const match::Finding* facts = cache.Facts(f.manifest, f.key);
      if (!wanted(f.key, facts)) continue;
      if (page.findings.size() == limit) {
        const auto& last = page.findings.back();
        page.next = FindingCursor{last.asset.name, last.finding.key, last.finding.first_seen};
        return true;
      }
      page.findings.push_back({asset, f, facts != nullptr ? std::optional(*facts) : std::nullopt});
    }
    return false;
  };
  const auto visit_by_name = [&](const std::string& name, const FindingCursor* resume) -> Result<bool> {
    auto asset = AssetByName(store, name);
    if (!asset) return std::unexpected(asset.error());
    if (!*asset || !query.assets.Matches(**asset)) return false;
    return visit(**asset, resume);
  };

  if (query.asset) {
    if (after && after->asset > *query.asset) return page;
    const bool resumes = after && after->asset == *query.asset;
    if (auto done = visit_by_name(*query.asset, resumes ? &*after : nullptr); !done) return std::unexpected(done.error());
    return page;
  }
  std::optional<std::string> last;
  if (after) {
    auto done = visit_by_name(after->asset, &*after);
    if (!done) return std::unexpected(done.error());
    if (*done) return page;
    last = after->asset;
  }
  while (true) {
    auto batch = store.ListAssetsAfter(query.assets, last, kAssetBatch);
    if (!batch) return std::unexpected(batch.error());
    for (const auto& asset : *batch) {
      auto done = visit(asset, nullptr);
      if (!done) return std::unexpected(done.error());
      if (*done) return page;
    }
    if (batch->size() < kAssetBatch) return page;
    last = batch->back().name;
  }
}

}  // namespace vigil::fleet
