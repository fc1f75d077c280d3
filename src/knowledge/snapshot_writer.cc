#include "knowledge/snapshot_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstring>
#include <map>
#include <numeric>
#include <optional>
#include <span>
#include <unordered_set>
#include <vector>

#include <xxhash.h>

#include "knowledge/cvss/cvss.h"
#include "knowledge/package_name.h"
#include "knowledge/snapshot_format.h"
#include "version/registry.h"

namespace vigil::knowledge {

using snapshot::ByteRef;
using snapshot::SectionId;

namespace {

// Appends strings and keys once each; identical bytes share one ByteRef. The index holds refs
// into the table itself and is looked up by string_view, so adding copies each string once.
class ByteTable {
 public:
  ByteTable() : index_(0, Hash{this}, Equal{this}) {}
  ByteTable(const ByteTable&) = delete;
  ByteTable& operator=(const ByteTable&) = delete;

  ByteRef Add(std::string_view bytes) {
    if (const auto it = index_.find(bytes); it != index_.end()) return *it;
    const ByteRef ref{static_cast<std::uint32_t>(data_.size()), static_cast<std::uint32_t>(bytes.size())};
    data_.append(bytes);
    index_.insert(ref);
    return ref;
  }
  const std::string& data() const { return data_; }

 private:
  std::string_view View(ByteRef ref) const { return std::string_view(data_).substr(ref.offset, ref.size); }
  struct Hash {
    using is_transparent = void;
    const ByteTable* table;
    std::size_t operator()(std::string_view s) const { return XXH3_64bits(s.data(), s.size()); }
    std::size_t operator()(ByteRef r) const { return (*this)(table->View(r)); }
  };
  struct Equal {
    using is_transparent = void;
    const ByteTable* table;
    std::string_view View(std::string_view s) const { return s; }
    std::string_view View(ByteRef r) const { return table->View(r); }
    bool operator()(const auto& a, const auto& b) const { return View(a) == View(b); }
  };

  std::string data_;
  std::unordered_set<ByteRef, Hash, Equal> index_;
};

struct Bound {
  std::string key;
  std::string text;
};

struct Interval {
  std::optional<Bound> lower;
  std::optional<Bound> upper;
  bool upper_inclusive = false;
  bool upper_is_fix = false;
  std::uint32_t vuln = 0;
};

struct ExplicitVersion {
  std::string key;
  std::string text;
  std::uint32_t vuln = 0;
};

struct PackageBuild {
  std::vector<Interval> intervals;
  std::vector<ExplicitVersion> versions;
};

struct EcosystemBuild {
  const version::Scheme* scheme = nullptr;
  std::map<std::string, PackageBuild> packages;  // by name, so output is sorted
  std::unordered_set<std::uint32_t> advisories;
  std::uint32_t unparsed_versions = 0;
};

// Union-find over ids and aliases: a record and everything it aliases form one identity.
class Identities {
 public:
  std::uint32_t Node(const std::string& name) {
    const auto [it, inserted] = nodes_.try_emplace(name, static_cast<std::uint32_t>(parent_.size()));
    if (inserted) parent_.push_back(it->second);
    return it->second;
  }
  std::uint32_t Root(std::uint32_t n) {
    while (parent_[n] != n) n = parent_[n] = parent_[parent_[n]];
    return n;
  }
  void Join(std::uint32_t a, std::uint32_t b) { parent_[Root(a)] = Root(b); }
  const std::unordered_map<std::string, std::uint32_t>& nodes() const { return nodes_; }

 private:
  std::unordered_map<std::string, std::uint32_t> nodes_;
  std::vector<std::uint32_t> parent_;
};

// Turns one ECOSYSTEM or SEMVER range into affected intervals, following the OSV evaluation:
// events sorted by version; introduced opens, fixed closes (exclusive), last_affected closes
// (inclusive); limit caps what is still open. A bound the scheme rejects never narrows the range:
// an unparsable introduced counts from the first version, an unparsable end is ignored.
void CompileRange(const osv::Range& range, std::uint32_t vuln, EcosystemBuild& eco, PackageBuild& out) {
  struct Event {
    osv::EventKind kind;
    std::optional<Bound> bound;  // empty: introduced "0" (or unparsable introduced)
  };
  std::vector<Event> events;
  std::optional<Bound> limit;
  for (const auto& event : range.events) {
    if (event.kind == osv::EventKind::kIntroduced && event.version == "0") {
      events.push_back({event.kind, std::nullopt});
      continue;
    }
    Bound bound{{}, event.version};
    if (!eco.scheme->Encode(event.version, bound.key)) {
      ++eco.unparsed_versions;
      if (event.kind == osv::EventKind::kIntroduced) events.push_back({event.kind, std::nullopt});
      continue;
    }
    if (event.kind == osv::EventKind::kLimit) {
      if (!limit || eco.scheme->CompareEncoded(bound.key, limit->key) > 0) limit = std::move(bound);
      continue;
    }
    events.push_back({event.kind, std::move(bound)});
  }
  const auto order = [&](const Event& a, const Event& b) {
    if (!a.bound || !b.bound) return !a.bound && b.bound;
    return eco.scheme->CompareEncoded(a.bound->key, b.bound->key) < 0;
  };
  std::stable_sort(events.begin(), events.end(), order);

  std::optional<Interval> open;
  for (auto& event : events) {
    if (event.kind == osv::EventKind::kIntroduced) {
      if (!open) open = Interval{std::move(event.bound), std::nullopt, false, false, vuln};
      continue;
    }
    if (!open) continue;
    open->upper = std::move(event.bound);
    open->upper_inclusive = event.kind == osv::EventKind::kLastAffected;
    open->upper_is_fix = event.kind == osv::EventKind::kFixed;
    out.intervals.push_back(std::move(*open));
    open.reset();
  }
  if (open) {
    if (limit) open->upper = std::move(limit);
    out.intervals.push_back(std::move(*open));
  }
}

// Builds the centered interval tree of one package (see snapshot::TreeNode) over the intervals
// at `first` in `intervals`. Needs a total order; empty intervals are left out, as they match nothing.
class IntervalTreeBuilder {
 public:
  IntervalTreeBuilder(const version::Scheme& scheme, std::span<const Interval> intervals, std::uint32_t first,
                      ByteTable& bytes, std::vector<snapshot::TreeNode>& nodes, std::vector<std::uint32_t>& items)
      : scheme_(scheme), intervals_(intervals), first_(first), bytes_(bytes), nodes_(nodes), items_(items) {}

  // Returns the number of nodes appended.
  std::uint32_t Build() {
    const std::size_t base = nodes_.size();
    std::vector<std::uint32_t> members;
    for (std::uint32_t i = 0; i < intervals_.size(); ++i) {
      if (!IsEmpty(intervals_[i])) members.push_back(i);
    }
    if (!members.empty()) static_cast<void>(Node(std::move(members), base));
    return static_cast<std::uint32_t>(nodes_.size() - base);
  }

 private:
  static std::string_view Lower(const Interval& i) { return i.lower ? std::string_view(i.lower->key) : std::string_view{}; }
  int Compare(std::string_view a, std::string_view b) const { return scheme_.CompareEncoded(a, b); }
  // Whether every version in `i` is below `point`.
  bool Below(const Interval& i, std::string_view point) const {
    if (!i.upper) return false;
    const int c = Compare(i.upper->key, point);
    return c < 0 || (c == 0 && !i.upper_inclusive);
  }
  bool IsEmpty(const Interval& i) const { return Below(i, Lower(i)); }

  std::uint32_t Node(std::vector<std::uint32_t> members, std::size_t base) {
    // The median lower bound as centre: the interval it came from contains it, so every node holds
    // at least one interval, and each side gets at most half of the members.
    std::vector<std::string_view> lowers;
    for (const auto m : members) lowers.push_back(Lower(intervals_[m]));
    const auto mid = lowers.begin() + static_cast<std::ptrdiff_t>(lowers.size() / 2);
    std::nth_element(lowers.begin(), mid, lowers.end(), [&](auto a, auto b) { return Compare(a, b) < 0; });
    const std::string_view center = *mid;

    std::vector<std::uint32_t> left, right, here;
    for (const auto m : members) {
      const auto& interval = intervals_[m];
      if (Below(interval, center)) {
        left.push_back(m);
      } else if (Compare(Lower(interval), center) > 0) {
        right.push_back(m);
      } else {
        here.push_back(m);
      }
    }
    const auto index = static_cast<std::uint32_t>(nodes_.size() - base);
    nodes_.push_back({bytes_.Add(center), snapshot::kNoChild, snapshot::kNoChild,
                      static_cast<std::uint32_t>(items_.size()), static_cast<std::uint32_t>(here.size())});
    std::stable_sort(here.begin(), here.end(), [&](auto a, auto b) {
      return Compare(Lower(intervals_[a]), Lower(intervals_[b])) < 0;
    });
    for (const auto m : here) items_.push_back(first_ + m);
    // By upper bound descending, an inclusive bound before an exclusive one at the same version, so
    // the intervals that admit a version always form a prefix.
    std::stable_sort(here.begin(), here.end(), [&](auto a, auto b) {
      const auto& x = intervals_[a];
      const auto& y = intervals_[b];
      if (!x.upper || !y.upper) return !x.upper && y.upper;
      const int c = Compare(x.upper->key, y.upper->key);
      return c != 0 ? c > 0 : x.upper_inclusive && !y.upper_inclusive;
    });
    for (const auto m : here) items_.push_back(first_ + m);
    if (!left.empty()) nodes_[base + index].left = Node(std::move(left), base);
    if (!right.empty()) nodes_[base + index].right = Node(std::move(right), base);
    return index;
  }

  const version::Scheme& scheme_;
  std::span<const Interval> intervals_;
  std::uint32_t first_;
  ByteTable& bytes_;
  std::vector<snapshot::TreeNode>& nodes_;
  std::vector<std::uint32_t>& items_;
};

struct CvssChoice {
  std::string vector;
  double score = -1;
  std::uint32_t severity = 0;
};

// The highest-scoring CVSS vector of a record (top-level or per affected package).
std::optional<CvssChoice> BestCvss(const osv::Record& record) {
  std::optional<CvssChoice> best;
  const auto consider = [&](const osv::Severity& severity) {
    if (!severity.type.starts_with("CVSS_")) return;
    const auto scores = cvss::Score(severity.score);
    if (!scores) return;
    if (!best || scores->score > best->score) {
      best = CvssChoice{severity.score, scores->score, static_cast<std::uint32_t>(scores->severity)};
    }
  };
  for (const auto& s : record.severity) consider(s);
  for (const auto& affected : record.affected) {
    for (const auto& s : affected.severity) consider(s);
  }
  return best;
}

class SectionWriter {
 public:
  explicit SectionWriter(std::string& out) : out_(out) {}
  template <class T>
  snapshot::Section Write(std::span<const T> items) {
    Align();
    const snapshot::Section section{out_.size(), items.size_bytes()};
    out_.append(reinterpret_cast<const char*>(items.data()), items.size_bytes());
    return section;
  }

 private:
  void Align() { out_.resize((out_.size() + alignof(std::uint64_t) - 1) & ~(alignof(std::uint64_t) - 1), '\0'); }
  std::string& out_;
};

Result<void> WriteFileAtomically(const std::filesystem::path& destination, const std::string& bytes) {
  const std::filesystem::path temp = destination.string() + ".tmp";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Fail(ErrorCode::kUnavailable, temp.string() + ": cannot create: " + std::strerror(errno));
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string reason = std::strerror(errno);
      ::close(fd);
      std::filesystem::remove(temp);
      return Fail(ErrorCode::kUnavailable, temp.string() + ": cannot write: " + reason);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    std::filesystem::remove(temp);
    return Fail(ErrorCode::kUnavailable, temp.string() + ": cannot flush: " + std::strerror(errno));
  }
  if (::rename(temp.c_str(), destination.c_str()) != 0) {
    std::filesystem::remove(temp);
    return Fail(ErrorCode::kUnavailable, destination.string() + ": cannot replace: " + std::strerror(errno));
  }
  // Make the rename itself durable.
  if (const int dir = ::open(destination.parent_path().empty() ? "." : destination.parent_path().c_str(),
                             O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return {};
}

}  // namespace

Result<CompileStats> WriteSnapshot(std::span<const osv::Record* const> input, const ExploitFacts& facts,
                                   const std::filesystem::path& destination) {
  std::vector<const osv::Record*> records(input.begin(), input.end());
  std::sort(records.begin(), records.end(), [](const auto* a, const auto* b) { return a->id < b->id; });

  CompileStats stats;
  ByteTable bytes;
  Identities identities;
  std::map<std::string, EcosystemBuild> ecosystems;  // by name, so output is sorted
  std::vector<snapshot::VulnEntry> vulns;
  vulns.reserve(records.size());

  std::string canonical_name;
  for (std::uint32_t v = 0; v < records.size(); ++v) {
    const osv::Record& record = *records[v];
    const std::uint32_t node = identities.Node(record.id);
    for (const auto& alias : record.aliases) identities.Join(identities.Node(alias), node);

    snapshot::VulnEntry entry{};
    entry.id = bytes.Add(record.id);
    entry.modified = bytes.Add(record.modified);
    entry.summary = bytes.Add(record.summary);
    if (!record.withdrawn.empty()) entry.flags |= snapshot::kWithdrawn;
    if (const auto best = BestCvss(record)) {
      entry.flags |= snapshot::kHasCvss;
      entry.cvss_vector = bytes.Add(best->vector);
      entry.cvss_score = static_cast<float>(best->score);
      entry.severity = best->severity;
    }
    const auto apply_facts = [&](const std::string& name) {
      if (facts.known_exploited.contains(name)) entry.flags |= snapshot::kKnownExploited;
      if (const auto it = facts.epss.find(name); it != facts.epss.end() && it->second.epss >= entry.epss) {
        entry.flags |= snapshot::kHasEpss;
        entry.epss = it->second.epss;
        entry.epss_percentile = it->second.percentile;
      }
    };
    apply_facts(record.id);
    for (const auto& alias : record.aliases) apply_facts(alias);
    vulns.push_back(entry);

    for (const auto& affected : record.affected) {
      const auto scheme = version::SchemeForEcosystem(affected.package.ecosystem);
      if (!scheme) {
        ++stats.unsupported_ecosystems;
        continue;
      }
      auto& eco = ecosystems[affected.package.ecosystem];
      eco.scheme = *scheme;
      eco.advisories.insert(v);
      if (!record.withdrawn.empty()) continue;  // kept as a record, never matched
      CanonicalPackageName(affected.package.ecosystem, affected.package.name, canonical_name);
      auto& package = eco.packages[canonical_name];
      for (const auto& range : affected.ranges) {
        if (range.type != osv::RangeType::kGit) CompileRange(range, v, eco, package);
      }
      for (const auto& text : affected.versions) {
        ExplicitVersion explicit_version{{}, text, v};
        if (eco.scheme->Encode(text, explicit_version.key)) {
          package.versions.push_back(std::move(explicit_version));
        } else {
          ++eco.unparsed_versions;
        }
      }
    }
  }

  // Identity groups: numbered in the order of their first record, so ids are stable for equal input.
  std::unordered_map<std::uint32_t, std::uint32_t> group_of_root;
  for (auto& vuln : vulns) {
    const std::uint32_t root = identities.Root(identities.Node(std::string(bytes.data().substr(vuln.id.offset, vuln.id.size))));
    vuln.group = group_of_root.try_emplace(root, static_cast<std::uint32_t>(group_of_root.size())).first->second;
  }
  std::vector<std::vector<std::uint32_t>> group_members(group_of_root.size());
  for (std::uint32_t v = 0; v < vulns.size(); ++v) group_members[vulns[v].group].push_back(v);
  std::vector<snapshot::GroupEntry> groups;
  std::vector<std::uint32_t> group_vulns;
  for (const auto& members : group_members) {
    groups.push_back({static_cast<std::uint32_t>(group_vulns.size()), static_cast<std::uint32_t>(members.size()), 0, 0});
    group_vulns.insert(group_vulns.end(), members.begin(), members.end());
  }
  std::vector<std::pair<std::string, std::uint32_t>> names;
  for (const auto& [name, node] : identities.nodes()) {
    const auto it = group_of_root.find(identities.Root(node));
    if (it != group_of_root.end()) names.emplace_back(name, it->second);  // aliases of no record are dropped
  }
  std::sort(names.begin(), names.end());
  std::vector<snapshot::AliasEntry> aliases;
  std::vector<std::vector<ByteRef>> names_of_group(groups.size());
  for (const auto& [name, group] : names) {
    aliases.push_back({bytes.Add(name), group});
    names_of_group[group].push_back(aliases.back().name);
  }
  std::vector<ByteRef> group_names;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    groups[g].first_name = static_cast<std::uint32_t>(group_names.size());
    groups[g].name_count = static_cast<std::uint32_t>(names_of_group[g].size());
    group_names.insert(group_names.end(), names_of_group[g].begin(), names_of_group[g].end());
  }

  std::vector<snapshot::EcosystemEntry> eco_entries;
  std::vector<snapshot::PackageEntry> packages;
  std::vector<snapshot::IntervalEntry> intervals;
  std::vector<snapshot::VersionEntry> versions;
  std::vector<snapshot::TreeNode> tree_nodes;
  std::vector<std::uint32_t> tree_items;
  for (auto& [name, eco] : ecosystems) {
    const auto eco_index = static_cast<std::uint32_t>(eco_entries.size());
    eco_entries.push_back({bytes.Add(name), static_cast<std::uint32_t>(eco.scheme->id()),
                           static_cast<std::uint32_t>(eco.advisories.size()),
                           static_cast<std::uint32_t>(eco.packages.size()), eco.unparsed_versions});
    stats.unparsed_versions += eco.unparsed_versions;
    for (auto& [package_name, build] : eco.packages) {
      snapshot::PackageEntry entry{eco_index, bytes.Add(package_name), static_cast<std::uint32_t>(intervals.size()),
                                   static_cast<std::uint32_t>(build.intervals.size()),
                                   static_cast<std::uint32_t>(versions.size()),
                                   static_cast<std::uint32_t>(build.versions.size()),
                                   static_cast<std::uint32_t>(tree_nodes.size()), 0};
      for (const auto& interval : build.intervals) {
        snapshot::IntervalEntry out{};
        out.vuln = interval.vuln;
        if (interval.lower) {
          out.flags |= snapshot::kHasLower;
          out.lower_key = bytes.Add(interval.lower->key);
        }
        if (interval.upper) {
          out.flags |= snapshot::kHasUpper;
          out.upper_key = bytes.Add(interval.upper->key);
          out.upper_text = bytes.Add(interval.upper->text);
          if (interval.upper_inclusive) out.flags |= snapshot::kUpperInclusive;
          if (interval.upper_is_fix) out.flags |= snapshot::kUpperIsFix;
        }
        intervals.push_back(out);
      }
      if (eco.scheme->OrderIsTotal()) {
        entry.node_count =
            IntervalTreeBuilder(*eco.scheme, build.intervals, entry.first_interval, bytes, tree_nodes, tree_items).Build();
      }
      std::stable_sort(build.versions.begin(), build.versions.end(), [&](const auto& a, const auto& b) {
        return eco.scheme->CompareEncoded(a.key, b.key) < 0;
      });
      for (const auto& v : build.versions) versions.push_back({bytes.Add(v.key), bytes.Add(v.text), v.vuln});
      packages.push_back(entry);
    }
  }

  // Open addressing at load factor <= 1/2 keeps probe sequences short.
  std::vector<std::uint32_t> slots(std::bit_ceil(std::max<std::size_t>(2 * packages.size(), 1)), 0);
  const std::size_t mask = slots.size() - 1;
  for (std::uint32_t p = 0; p < packages.size(); ++p) {
    const auto& name = packages[p].name;
    std::size_t i = snapshot::PackageHash(packages[p].ecosystem, bytes.data().substr(name.offset, name.size)) & mask;
    while (slots[i] != 0) i = (i + 1) & mask;
    slots[i] = p + 1;
  }

  std::string file(sizeof(snapshot::Header), '\0');
  SectionWriter writer(file);
  snapshot::Header header{};
  header.magic = snapshot::kMagic;
  header.format_version = snapshot::kFormatVersion;
  header.section_count = snapshot::kSectionCount;
  header.created_unix =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  const auto set = [&](SectionId id, snapshot::Section section) { header.sections[static_cast<std::size_t>(id)] = section; };
  set(SectionId::kBytes, writer.Write(std::span<const char>(bytes.data())));
  set(SectionId::kEcosystems, writer.Write(std::span<const snapshot::EcosystemEntry>(eco_entries)));
  set(SectionId::kPackages, writer.Write(std::span<const snapshot::PackageEntry>(packages)));
  set(SectionId::kPackageSlots, writer.Write(std::span<const std::uint32_t>(slots)));
  set(SectionId::kIntervals, writer.Write(std::span<const snapshot::IntervalEntry>(intervals)));
  set(SectionId::kVersions, writer.Write(std::span<const snapshot::VersionEntry>(versions)));
  set(SectionId::kVulns, writer.Write(std::span<const snapshot::VulnEntry>(vulns)));
  set(SectionId::kAliases, writer.Write(std::span<const snapshot::AliasEntry>(aliases)));
  set(SectionId::kGroupVulns, writer.Write(std::span<const std::uint32_t>(group_vulns)));
  set(SectionId::kGroups, writer.Write(std::span<const snapshot::GroupEntry>(groups)));
  set(SectionId::kTreeNodes, writer.Write(std::span<const snapshot::TreeNode>(tree_nodes)));
  set(SectionId::kTreeItems, writer.Write(std::span<const std::uint32_t>(tree_items)));
  set(SectionId::kGroupNames, writer.Write(std::span<const ByteRef>(group_names)));
  if (bytes.data().size() > UINT32_MAX) {
    return Fail(ErrorCode::kFailedPrecondition, "advisory snapshot would exceed 4 GiB of strings");
  }
  header.file_size = file.size();
  header.body_checksum = XXH3_64bits(file.data() + sizeof header, file.size() - sizeof header);
  std::memcpy(file.data(), &header, sizeof header);

  if (auto written = WriteFileAtomically(destination, file); !written) return std::unexpected(written.error());
  stats.vulnerabilities = static_cast<std::uint32_t>(vulns.size());
  stats.packages = static_cast<std::uint32_t>(packages.size());
  stats.intervals = static_cast<std::uint32_t>(intervals.size());
  return stats;
}

}  // namespace vigil::knowledge
