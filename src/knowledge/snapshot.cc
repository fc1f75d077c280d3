#include "knowledge/snapshot.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cstring>

#include <xxhash.h>

#include "knowledge/package_name.h"
#include "version/registry.h"

namespace vigil::knowledge {

using snapshot::ByteRef;
using snapshot::Header;
using snapshot::SectionId;

namespace {

std::size_t SectionIndex(SectionId id) { return static_cast<std::size_t>(id); }

}  // namespace

std::uint64_t snapshot::PackageHash(std::uint32_t ecosystem, std::string_view name) {
  return XXH3_64bits_withSeed(name.data(), name.size(), ecosystem);
}

Result<Snapshot> Snapshot::Open(const std::filesystem::path& path, Verify verify) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Fail(errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kUnavailable,
                path.string() + ": cannot open advisory snapshot: " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || st.st_size < static_cast<off_t>(sizeof(Header))) {
    ::close(fd);
    return Fail(ErrorCode::kDataLoss, path.string() + ": advisory snapshot is truncated (smaller than its header)");
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  void* mapping = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);
  if (mapping == MAP_FAILED) {
    return Fail(ErrorCode::kUnavailable, path.string() + ": cannot map advisory snapshot: " + std::strerror(errno));
  }
  Snapshot snap(static_cast<const std::byte*>(mapping), size);
  if (auto valid = snap.Validate(); !valid) return std::unexpected(WithContext(valid.error(), path.string()));
  if (verify == Verify::kChecksum) {
    const Header& header = *reinterpret_cast<const Header*>(snap.data_);
    const std::uint64_t sum = XXH3_64bits(snap.data_ + sizeof(Header), size - sizeof(Header));
    if (sum != header.body_checksum) {
      return Fail(ErrorCode::kDataLoss, path.string() + ": advisory snapshot checksum mismatch (file is corrupt)");
    }
  }
  return snap;
}

Snapshot::Snapshot(const std::byte* data, std::size_t size) : data_(data), size_(size) {}

Snapshot::Snapshot(Snapshot&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

Snapshot& Snapshot::operator=(Snapshot&& other) noexcept {
  if (this != &other) {
    if (data_ != nullptr) ::munmap(const_cast<std::byte*>(data_), size_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

Snapshot::~Snapshot() {
  if (data_ != nullptr) ::munmap(const_cast<std::byte*>(data_), size_);
}

Result<void> Snapshot::Validate() const {
  const Header& header = *reinterpret_cast<const Header*>(data_);
  if (header.magic != snapshot::kMagic) return Fail(ErrorCode::kDataLoss, "not a vigil advisory snapshot (bad magic)");
  if (header.format_version != snapshot::kFormatVersion) {
    return Fail(ErrorCode::kFailedPrecondition, "advisory snapshot format " + std::to_string(header.format_version) +
                                                    " is not the supported format " +
                                                    std::to_string(snapshot::kFormatVersion) +
                                                    "; run `vigil db import` or `vigil db update` to rebuild it");
  }
  if (header.section_count != snapshot::kSectionCount || header.file_size != size_) {
    return Fail(ErrorCode::kDataLoss, "advisory snapshot header does not match the file (truncated?)");
  }
  for (const auto& section : header.sections) {
    if (section.offset > size_ || section.size > size_ - section.offset || section.offset % alignof(std::uint64_t) != 0) {
      return Fail(ErrorCode::kDataLoss, "advisory snapshot section lies outside the file");
    }
  }
  return {};
}

template <class T>
std::span<const T> Snapshot::SectionAs(SectionId id) const {
  const auto& section = reinterpret_cast<const Header*>(data_)->sections[SectionIndex(id)];
  return {reinterpret_cast<const T*>(data_ + section.offset), section.size / sizeof(T)};
}

std::string_view Snapshot::Bytes(ByteRef ref) const {
  const auto bytes = SectionAs<char>(SectionId::kBytes);
  if (ref.offset > bytes.size() || ref.size > bytes.size() - ref.offset) return {};
  return {bytes.data() + ref.offset, ref.size};
}

std::optional<std::uint32_t> Snapshot::FindEcosystem(std::string_view ecosystem) const {
  const auto entries = SectionAs<snapshot::EcosystemEntry>(SectionId::kEcosystems);
  const auto it = std::lower_bound(entries.begin(), entries.end(), ecosystem,
                                   [this](const auto& e, std::string_view name) { return Bytes(e.name) < name; });
  if (it == entries.end() || Bytes(it->name) != ecosystem) return std::nullopt;
  return static_cast<std::uint32_t>(it - entries.begin());
}

const snapshot::PackageEntry* Snapshot::FindPackage(std::uint32_t ecosystem, std::string_view name) const {
  const auto slots = SectionAs<std::uint32_t>(SectionId::kPackageSlots);
  const auto packages = SectionAs<snapshot::PackageEntry>(SectionId::kPackages);
  if (slots.empty()) return nullptr;
  const std::size_t mask = slots.size() - 1;  // the writer makes the table a power of two
  for (std::size_t i = snapshot::PackageHash(ecosystem, name) & mask, probes = 0; probes < slots.size();
       i = (i + 1) & mask, ++probes) {
    const std::uint32_t slot = slots[i];
    if (slot == 0 || slot > packages.size()) return nullptr;
    const auto& package = packages[slot - 1];
    if (package.ecosystem == ecosystem && Bytes(package.name) == name) return &package;
  }
  return nullptr;
}

namespace {

// Whether an interval's lower (upper) bound lets the encoded version `key` in; no bound lets all in.
bool LowerAdmits(const snapshot::IntervalEntry& interval, const version::Scheme& scheme, std::string_view key,
                 std::string_view lower) {
  return (interval.flags & snapshot::kHasLower) == 0 || scheme.CompareEncoded(key, lower) >= 0;
}

bool UpperAdmits(const snapshot::IntervalEntry& interval, const version::Scheme& scheme, std::string_view key,
                 std::string_view upper) {
  if ((interval.flags & snapshot::kHasUpper) == 0) return true;
  const int c = scheme.CompareEncoded(key, upper);
  return c < 0 || (c == 0 && (interval.flags & snapshot::kUpperInclusive) != 0);
}

}  // namespace

Result<void> Snapshot::Affected(std::string_view ecosystem, std::string_view name, std::string_view version,
                                std::vector<Match>& matches, AffectedScratch& scratch) const {
  const auto eco = FindEcosystem(ecosystem);
  if (!eco) return {};
  CanonicalPackageName(ecosystem, name, scratch.name);
  const auto* package = FindPackage(*eco, scratch.name);
  if (package == nullptr) return {};
  const auto& scheme = version::GetScheme(
      static_cast<version::SchemeId>(SectionAs<snapshot::EcosystemEntry>(SectionId::kEcosystems)[*eco].scheme));
  scratch.key.clear();
  if (auto encoded = scheme.Encode(version, scratch.key); !encoded) return std::unexpected(encoded.error());
  const std::string_view key = scratch.key;

  // Matching intervals are marked in a bitmap over the package's intervals, which hands them back
  // in index order without sorting.
  const auto intervals = SectionAs<snapshot::IntervalEntry>(SectionId::kIntervals);
  const std::size_t first = std::min<std::size_t>(package->first_interval, intervals.size());
  const std::size_t count = std::min<std::size_t>(package->interval_count, intervals.size() - first);
  scratch.hits.assign((count + 63) / 64, 0);
  if (package->node_count == 0) {
    for (std::size_t i = 0; i < count; ++i) {
      const auto& interval = intervals[first + i];
      if (LowerAdmits(interval, scheme, key, Bytes(interval.lower_key)) &&
          UpperAdmits(interval, scheme, key, Bytes(interval.upper_key))) {
        scratch.hits[i / 64] |= std::uint64_t{1} << (i % 64);
      }
    }
  } else {
    CollectTreeHits(*package, scheme, scratch);
  }

  // The writer groups a package's intervals by vulnerability in ascending order, so hits in index
  // order come grouped by vulnerability too.
  const std::size_t first_new = matches.size();
  const snapshot::IntervalEntry* best_fix = nullptr;
  bool unfixed = false;
  std::optional<std::uint32_t> current;
  const auto flush = [&] {
    if (!current) return;
    matches.push_back({*current, unfixed || best_fix == nullptr ? std::string_view{} : Bytes(best_fix->upper_text)});
  };
  for (std::size_t word = 0; word < scratch.hits.size(); ++word) {
    for (std::uint64_t bits = scratch.hits[word]; bits != 0; bits &= bits - 1) {
      const auto& interval = intervals[first + word * 64 + static_cast<std::size_t>(std::countr_zero(bits))];
      if (interval.vuln != current) {
        flush();
        current = interval.vuln;
        best_fix = nullptr;
        unfixed = false;
      }
      if ((interval.flags & snapshot::kUpperIsFix) == 0) {
        unfixed = true;
      } else if (best_fix == nullptr || scheme.CompareEncoded(Bytes(interval.upper_key), Bytes(best_fix->upper_key)) > 0) {
        best_fix = &interval;
      }
    }
  }
  flush();

  const auto by_vuln = [](const Match& m, std::uint32_t v) { return m.vuln < v; };
  const auto interval_matches_end = static_cast<std::ptrdiff_t>(matches.size());
  const auto versions = SectionAs<snapshot::VersionEntry>(SectionId::kVersions);
  const std::size_t version_end =
      std::min<std::size_t>(versions.size(), std::size_t{package->first_version} + package->version_count);
  const auto begin = versions.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(package->first_version, version_end));
  const auto end = versions.begin() + static_cast<std::ptrdiff_t>(version_end);
  auto it = std::lower_bound(begin, end, key, [&](const snapshot::VersionEntry& e, std::string_view k) {
    return scheme.CompareEncoded(Bytes(e.key), k) < 0;
  });
  for (; it != end && scheme.CompareEncoded(Bytes(it->key), key) == 0; ++it) {
    const auto last = matches.begin() + interval_matches_end;
    const auto found = std::lower_bound(matches.begin() + static_cast<std::ptrdiff_t>(first_new), last, it->vuln, by_vuln);
    if (found != last && found->vuln == it->vuln) continue;
    if (std::any_of(last, matches.end(), [&](const Match& m) { return m.vuln == it->vuln; })) continue;
    matches.push_back({it->vuln, {}});
  }
  return {};
}

// Walks one root-to-leaf path of the package's interval tree. At each node, the intervals there
// all contain the centre; if the query is below it, those whose lower bound admits the query are a
// prefix of the by-lower list, and above it, those whose upper bound admits it are a prefix of the
// by-upper list. Indices outside the package are skipped, so a corrupt file yields no false match.
void Snapshot::CollectTreeHits(const snapshot::PackageEntry& package, const version::Scheme& scheme,
                               AffectedScratch& scratch) const {
  const auto nodes = SectionAs<snapshot::TreeNode>(SectionId::kTreeNodes);
  const auto items = SectionAs<std::uint32_t>(SectionId::kTreeItems);
  const auto intervals = SectionAs<snapshot::IntervalEntry>(SectionId::kIntervals);
  const std::size_t first = std::min<std::size_t>(package.first_interval, intervals.size());
  const std::size_t count = std::min<std::size_t>(package.interval_count, intervals.size() - first);
  const std::string_view key = scratch.key;
  std::uint32_t at = 0;
  // A tree is never deeper than its node count; the bound also ends a corrupt file's cycle.
  for (std::uint32_t depth = 0; at < package.node_count && depth < package.node_count; ++depth) {
    const std::size_t n = std::size_t{package.first_node} + at;
    if (n >= nodes.size()) return;
    const auto& node = nodes[n];
    if (node.first_item > items.size() || 2 * std::size_t{node.count} > items.size() - node.first_item) return;
    const int side = scheme.CompareEncoded(key, Bytes(node.center));
    const auto list = items.subspan(side > 0 ? node.first_item + node.count : node.first_item, node.count);
    for (const std::uint32_t i : list) {
      if (i < first || i - first >= count) continue;
      const auto& interval = intervals[i];
      // Every interval here contains the centre, so only the bound on the query's side can fail.
      if (side < 0 && !LowerAdmits(interval, scheme, key, Bytes(interval.lower_key))) break;
      if (side > 0 && !UpperAdmits(interval, scheme, key, Bytes(interval.upper_key))) break;
      scratch.hits[(i - first) / 64] |= std::uint64_t{1} << ((i - first) % 64);
    }
    if (side == 0) return;
    at = side < 0 ? node.left : node.right;
  }
}

std::uint32_t Snapshot::vuln_count() const {
  return static_cast<std::uint32_t>(SectionAs<snapshot::VulnEntry>(SectionId::kVulns).size());
}

VulnView Snapshot::vuln(std::uint32_t index) const {
  const auto& v = SectionAs<snapshot::VulnEntry>(SectionId::kVulns)[index];
  return {index,        Bytes(v.id), Bytes(v.modified), Bytes(v.summary), Bytes(v.cvss_vector), v.group,
          v.flags,      v.cvss_score, v.epss,           v.epss_percentile, v.severity};
}

std::optional<std::uint32_t> Snapshot::FindGroup(std::string_view id_or_alias) const {
  const auto aliases = SectionAs<snapshot::AliasEntry>(SectionId::kAliases);
  const auto it = std::lower_bound(aliases.begin(), aliases.end(), id_or_alias,
                                   [this](const auto& a, std::string_view name) { return Bytes(a.name) < name; });
  if (it == aliases.end() || Bytes(it->name) != id_or_alias) return std::nullopt;
  return it->group;
}

std::span<const std::uint32_t> Snapshot::GroupVulns(std::uint32_t group) const {
  const auto groups = SectionAs<snapshot::GroupEntry>(SectionId::kGroups);
  const auto members = SectionAs<std::uint32_t>(SectionId::kGroupVulns);
  if (group >= groups.size() || groups[group].first > members.size() ||
      groups[group].count > members.size() - groups[group].first) {
    return {};
  }
  return members.subspan(groups[group].first, groups[group].count);
}

std::vector<std::string_view> Snapshot::GroupNames(std::uint32_t group) const {
  const auto groups = SectionAs<snapshot::GroupEntry>(SectionId::kGroups);
  const auto names = SectionAs<ByteRef>(SectionId::kGroupNames);
  std::vector<std::string_view> out;
  if (group >= groups.size() || groups[group].first_name > names.size() ||
      groups[group].name_count > names.size() - groups[group].first_name) {
    return out;
  }
  for (const ByteRef ref : names.subspan(groups[group].first_name, groups[group].name_count)) out.push_back(Bytes(ref));
  return out;
}

std::vector<EcosystemStats> Snapshot::Ecosystems() const {
  std::vector<EcosystemStats> out;
  for (const auto& e : SectionAs<snapshot::EcosystemEntry>(SectionId::kEcosystems)) {
    out.push_back({std::string(Bytes(e.name)), e.advisories, e.packages, e.unparsed_versions});
  }
  return out;
}

std::int64_t Snapshot::created_unix() const { return reinterpret_cast<const Header*>(data_)->created_unix; }

std::uint64_t Snapshot::file_size() const { return size_; }

}  // namespace vigil::knowledge
