// The compiled advisory snapshot: a read-only, memory-mapped index of every affected package
// version range, keyed by (ecosystem, package name), with version bounds pre-encoded by each
// ecosystem's scheme. Queries parse no JSON and allocate nothing once the caller's buffers have
// grown. A Snapshot owns its mapping; it is immutable, so one instance may serve many threads as
// long as each thread passes its own buffers.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "knowledge/snapshot_format.h"
#include "version/scheme.h"

namespace vigil::knowledge {

enum class Verify : std::uint8_t { kHeaderOnly, kChecksum };

// One vulnerability (OSV record) as the snapshot knows it.
struct VulnView {
  std::uint32_t index;
  std::string_view id;
  std::string_view modified;
  std::string_view summary;
  std::string_view cvss_vector;
  std::uint32_t group;
  std::uint32_t flags;  // snapshot::kWithdrawn, kKnownExploited, kHasEpss, kHasCvss
  float cvss_score;
  float epss;
  float epss_percentile;
  std::uint32_t severity;
};

struct Match {
  std::uint32_t vuln;
  std::string_view fixed;  // the version that fixes it, empty when no fix is known
};

// Buffers that one thread reuses across Affected() calls, so queries stop allocating once grown.
struct AffectedScratch {
  std::string name;                 // the package name in canonical form (package_name.h)
  std::string key;                  // the encoded query version
  std::vector<std::uint64_t> hits;  // bit i: the package's interval i matches
};

struct EcosystemStats {
  std::string name;
  std::uint32_t advisories;
  std::uint32_t packages;
  std::uint32_t unparsed_versions;
};

class Snapshot {
 public:
  // Maps the file and checks magic, format version, section bounds and (with kChecksum) the
  // body checksum. An unusable file is kDataLoss naming the file and what is wrong.
  [[nodiscard]] static Result<Snapshot> Open(const std::filesystem::path& path, Verify verify = Verify::kChecksum);

  Snapshot(Snapshot&& other) noexcept;
  Snapshot& operator=(Snapshot&& other) noexcept;
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;
  ~Snapshot();

  // Appends to `matches` every vulnerability that affects `version` of package `name` in
  // `ecosystem` (release suffix included, e.g. "Debian:12"), once per vulnerability, in ascending
  // vulnerability order for the ranges, then any found only by an explicit version. A match's fix is
  // the highest fixed version among the ranges that contain `version` — the upgrade that clears
  // them all — and empty when one of them has no fix. An unknown package is no match; a version the
  // ecosystem's scheme rejects is kInvalidArgument.
  [[nodiscard]] Result<void> Affected(std::string_view ecosystem, std::string_view name, std::string_view version,
                                      std::vector<Match>& matches, AffectedScratch& scratch) const;

  [[nodiscard]] std::uint32_t vuln_count() const;
  [[nodiscard]] VulnView vuln(std::uint32_t index) const;

  // The identity group (a record and everything that aliases it) of an id or alias.
  [[nodiscard]] std::optional<std::uint32_t> FindGroup(std::string_view id_or_alias) const;
  [[nodiscard]] std::span<const std::uint32_t> GroupVulns(std::uint32_t group) const;
  // Every id and alias of the group (its records' ids, CVEs, GHSAs, …), sorted.
  [[nodiscard]] std::vector<std::string_view> GroupNames(std::uint32_t group) const;

  [[nodiscard]] std::vector<EcosystemStats> Ecosystems() const;
  [[nodiscard]] std::int64_t created_unix() const;
  [[nodiscard]] std::uint64_t file_size() const;

 private:
  Snapshot(const std::byte* data, std::size_t size);
  template <class T>
  [[nodiscard]] std::span<const T> SectionAs(snapshot::SectionId id) const;
  [[nodiscard]] std::string_view Bytes(snapshot::ByteRef ref) const;
  [[nodiscard]] std::optional<std::uint32_t> FindEcosystem(std::string_view ecosystem) const;
  [[nodiscard]] const snapshot::PackageEntry* FindPackage(std::uint32_t ecosystem, std::string_view name) const;
  [[nodiscard]] Result<void> Validate() const;
  void CollectTreeHits(const snapshot::PackageEntry& package, const version::Scheme& scheme, AffectedScratch& scratch) const;

  const std::byte* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace vigil::knowledge
