// An exact memo from the raw JSON of a report's "packages" array to the manifest it makes, so that
// a report carrying a package set the server has stored before skips reading, sorting and digesting
// it. Bounded in bytes, least recently used out first. Thread-compatible.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace vigil::fleet {

struct MemoisedManifest {
  std::string digest;        // ManifestDigest of the manifest
  std::size_t packages = 0;  // entries of the manifest
  std::size_t listed = 0;    // entries of the array, matchable or not
};

class ManifestMemo {
 public:
  static constexpr std::size_t kDefaultCapacityBytes = std::size_t{64} << 20;

  explicit ManifestMemo(std::size_t capacity_bytes = kDefaultCapacityBytes) : capacity_(capacity_bytes) {}

  // The manifest memoised for exactly these bytes (the hash only picks the bucket; the bytes are
  // compared in full), which becomes the most recently used.
  [[nodiscard]] std::optional<MemoisedManifest> Find(std::string_view packages_json);

  // Memoises `packages_json`, evicting the least recently used entries to stay within the capacity.
  // An entry larger than the capacity is not kept. Call only once the store holds the manifest.
  void Insert(std::string packages_json, MemoisedManifest manifest);

  [[nodiscard]] std::size_t size() const { return entries_.size(); }
  [[nodiscard]] std::size_t bytes() const { return bytes_; }  // what the entries hold, as counted
  [[nodiscard]] std::size_t capacity() const { return capacity_; }

 private:
  struct Entry {
    std::string json;
    std::uint64_t hash = 0;
    MemoisedManifest manifest;
  };
  using Entries = std::list<Entry>;  // most recently used first

  static std::size_t Cost(const Entry& entry);
  Entries::iterator Lookup(std::string_view packages_json, std::uint64_t hash);

  std::size_t capacity_;
  std::size_t bytes_ = 0;
  Entries entries_;
  std::unordered_multimap<std::uint64_t, Entries::iterator> by_hash_;
};

}  // namespace vigil::fleet
