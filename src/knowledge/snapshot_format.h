// On-disk layout of the compiled advisory snapshot (advisories.snap): fixed-width little-endian
// records in sections, addressed by offsets from the start of the file, so that a memory-mapped
// file is usable as is. Shared by the writer and the reader; change kFormatVersion with any change.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace vigil::knowledge::snapshot {

inline constexpr std::array<char, 8> kMagic = {'V', 'I', 'G', 'I', 'L', 'S', 'N', 'P'};
inline constexpr std::uint32_t kFormatVersion = 3;

enum class SectionId : std::uint32_t {
  kBytes,        // strings and encoded version keys, referenced by ByteRef
  kEcosystems,   // EcosystemEntry, sorted by name
  kPackages,     // PackageEntry, sorted by (ecosystem, name)
  kPackageSlots, // open-addressing hash table: uint32 package index + 1, 0 = empty
  kIntervals,    // IntervalEntry, grouped by package, then by vulnerability
  kVersions,     // VersionEntry (explicit affected versions), grouped by package, sorted by key
  kVulns,        // VulnEntry, one per OSV record, sorted by id
  kAliases,      // AliasEntry: every id and alias, sorted by name, pointing at its identity group
  kGroupVulns,   // uint32 vulnerability indices, grouped by identity group
  kGroups,       // GroupEntry: slice of kGroupVulns
  kTreeNodes,    // TreeNode, the interval tree of each package, root first
  kTreeItems,    // uint32 indices into kIntervals, referenced by TreeNode
  kGroupNames,   // ByteRef: every id and alias of each identity group, grouped by group, sorted
  kCount,
};
inline constexpr std::uint32_t kSectionCount = static_cast<std::uint32_t>(SectionId::kCount);

struct Section {
  std::uint64_t offset;
  std::uint64_t size;
};

struct Header {
  std::array<char, 8> magic;
  std::uint32_t format_version;
  std::uint32_t section_count;
  std::uint64_t file_size;
  std::uint64_t body_checksum;  // XXH3-64 of every byte after the header
  std::int64_t created_unix;
  std::array<Section, kSectionCount> sections;
};

struct ByteRef {
  std::uint32_t offset;  // into the kBytes section
  std::uint32_t size;
};

struct EcosystemEntry {
  ByteRef name;  // with release suffix, e.g. "AlmaLinux:9"
  std::uint32_t scheme;  // version::SchemeId
  std::uint32_t advisories;  // records with at least one package in this ecosystem
  std::uint32_t packages;
  std::uint32_t unparsed_versions;  // range events or versions the scheme rejected (skipped)
};

struct PackageEntry {
  std::uint32_t ecosystem;
  ByteRef name;
  std::uint32_t first_interval;
  std::uint32_t interval_count;
  std::uint32_t first_version;
  std::uint32_t version_count;
  std::uint32_t first_node;  // 0 nodes: scan the intervals (schemes whose encoding is no sort key)
  std::uint32_t node_count;
};

// A node of a package's centered interval tree: the intervals that contain `center`, listed twice —
// by lower bound ascending and by upper bound descending — so that a query walks one root-to-leaf
// path and reads only intervals that match, plus one that stops the scan per node. A missing lower
// bound counts as the empty key, which every encoded version is at or above.
inline constexpr std::uint32_t kNoChild = 0xFFFFFFFF;
struct TreeNode {
  ByteRef center;
  std::uint32_t left;   // package-relative node index or kNoChild: intervals entirely below center
  std::uint32_t right;  // intervals entirely above center
  std::uint32_t first_item;  // kTreeItems[first_item, +count) by lower, then [+count, +2*count) by upper
  std::uint32_t count;
};

// Interval flags.
inline constexpr std::uint32_t kHasLower = 1U << 0;           // else from the first version
inline constexpr std::uint32_t kHasUpper = 1U << 1;           // else unbounded
inline constexpr std::uint32_t kUpperInclusive = 1U << 2;     // last_affected, else fixed/limit
inline constexpr std::uint32_t kUpperIsFix = 1U << 3;         // upper bound is a fixed version

// One affected interval of one vulnerability for one package: lower <= v < upper (or <= upper).
struct IntervalEntry {
  ByteRef lower_key;
  ByteRef upper_key;
  ByteRef upper_text;  // the upper version as written in the record (the fix to report)
  std::uint32_t vuln;
  std::uint32_t flags;
};

struct VersionEntry {
  ByteRef key;
  ByteRef text;
  std::uint32_t vuln;
};

// Vulnerability flags.
inline constexpr std::uint32_t kWithdrawn = 1U << 0;
inline constexpr std::uint32_t kKnownExploited = 1U << 1;
inline constexpr std::uint32_t kHasEpss = 1U << 2;
inline constexpr std::uint32_t kHasCvss = 1U << 3;

struct VulnEntry {
  ByteRef id;
  ByteRef modified;
  ByteRef summary;
  ByteRef cvss_vector;  // the highest-scoring vector of the record
  std::uint32_t group;
  std::uint32_t flags;
  float cvss_score;
  float epss;
  float epss_percentile;
  std::uint32_t severity;  // cvss::Severity of cvss_score
};

struct AliasEntry {
  ByteRef name;
  std::uint32_t group;
};

// The hash of the package hash table (kPackageSlots), probed linearly.
[[nodiscard]] std::uint64_t PackageHash(std::uint32_t ecosystem, std::string_view name);

struct GroupEntry {
  std::uint32_t first;  // slice of kGroupVulns
  std::uint32_t count;
  std::uint32_t first_name;  // slice of kGroupNames
  std::uint32_t name_count;
};

}  // namespace vigil::knowledge::snapshot
