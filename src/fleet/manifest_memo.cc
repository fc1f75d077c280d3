// The manifest memo: an LRU list of entries, indexed by the XXH3 hash of their bytes.
#include "fleet/manifest_memo.h"

#include <xxhash.h>

namespace vigil::fleet {

std::size_t ManifestMemo::Cost(const Entry& entry) {
  // The bytes, the digest and a fair share for the list node and the hash map node.
  return entry.json.size() + entry.manifest.digest.size() + sizeof(Entry) + 64;
}

ManifestMemo::Entries::iterator ManifestMemo::Lookup(std::string_view packages_json, std::uint64_t hash) {
  const auto [begin, end] = by_hash_.equal_range(hash);
  for (auto it = begin; it != end; ++it) {
    if (it->second->json == packages_json) return it->second;
  }
  return entries_.end();
}

std::optional<MemoisedManifest> ManifestMemo::Find(std::string_view packages_json) {
  const auto found = Lookup(packages_json, XXH3_64bits(packages_json.data(), packages_json.size()));
  if (found == entries_.end()) return std::nullopt;
  entries_.splice(entries_.begin(), entries_, found);
  return found->manifest;
}

void ManifestMemo::Insert(std::string packages_json, MemoisedManifest manifest) {
  const std::uint64_t hash = XXH3_64bits(packages_json.data(), packages_json.size());
  if (const auto found = Lookup(packages_json, hash); found != entries_.end()) {
    entries_.splice(entries_.begin(), entries_, found);
    return;
  }
  Entry entry{std::move(packages_json), hash, std::move(manifest)};
  const std::size_t cost = Cost(entry);
  if (cost > capacity_) return;
  while (bytes_ + cost > capacity_) {
    const Entry& last = entries_.back();
    const auto [begin, end] = by_hash_.equal_range(last.hash);
    for (auto it = begin; it != end; ++it) {
      if (it->second == std::prev(entries_.end())) {
        by_hash_.erase(it);
        break;
      }
    }
    bytes_ -= Cost(last);
    entries_.pop_back();
  }
  entries_.push_front(std::move(entry));
  by_hash_.emplace(hash, entries_.begin());
  bytes_ += cost;
}

}  // namespace vigil::fleet
