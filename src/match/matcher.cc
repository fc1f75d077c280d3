#include "match/matcher.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <tuple>

#include "knowledge/package_name.h"
#include "version/registry.h"

namespace vigil::match {

namespace {

struct Key {
  std::string ecosystem;
  std::string name;
  std::string version;
  auto operator<=>(const Key&) const = default;
};

struct Occurrence {
  std::string name;  // as first written, for the report
  std::set<std::string> locations;
  std::string purl;
};

struct GroupMatch {
  const knowledge::Match* representative;
  std::string_view fixed;  // the highest fix among the group's matching records (snapshot memory)
  bool unfixed;       // one of them has no fix: no upgrade clears the vulnerability
};

bool Later(const Result<const version::Scheme*>& scheme, std::string_view a, std::string_view b) {
  if (b.empty()) return true;
  if (!scheme) return false;
  const auto order = (*scheme)->Compare(a, b);
  return order && *order > 0;
}

// The snapshot stores scores as float; the shortest decimal that reads back as the same float is
// the value the feed wrote (7.2, not 7.199999809265137).
double AsWritten(float value) {
  char buffer[32];
  const auto written = std::to_chars(buffer, buffer + sizeof buffer, value);
  double out = value;
  std::from_chars(buffer, written.ptr, out);
  return out;
}

}  // namespace

MatchResult MatchPackages(const knowledge::Snapshot& snapshot, std::span<const inventory::Package> packages) {
  MatchResult result;
  std::map<Key, Occurrence> distinct;
  std::string canonical;
  for (const auto& package : packages) {
    if (package.version.empty() || package.ecosystem.empty()) {
      ++result.without_version;
      continue;
    }
    // Alpine's advisories key on the origin (source) package, which apk records beside the name.
    const bool by_origin = version::BaseEcosystem(package.ecosystem) == "Alpine" && !package.source_name.empty();
    // One package however a lockfile spells it ("Jinja2" and "jinja2" on PyPI), as the snapshot keys it.
    knowledge::CanonicalPackageName(package.ecosystem, by_origin ? package.source_name : package.name, canonical);
    auto& occurrence = distinct[{package.ecosystem, canonical, package.version}];
    if (occurrence.name.empty()) occurrence.name = by_origin ? package.source_name : package.name;
    if (!package.location.empty()) occurrence.locations.insert(package.location);
    if (occurrence.purl.empty()) occurrence.purl = package.purl;
  }
  result.distinct_packages = distinct.size();

  std::vector<knowledge::Match> matches;
  knowledge::AffectedScratch scratch;
  for (const auto& [key, occurrence] : distinct) {
    matches.clear();
    const auto scheme = version::SchemeForEcosystem(key.ecosystem);
    if (auto looked_up = snapshot.Affected(key.ecosystem, key.name, key.version, matches, scratch); !looked_up) {
      const std::string where = occurrence.locations.empty() ? key.ecosystem : *occurrence.locations.begin();
      result.issues.push_back({where, key.ecosystem + " " + key.name + " " + key.version + ": " + looked_up.error().message});
      continue;
    }
    // One finding per vulnerability: the matching record with the smallest id stands for its group,
    // and the fix is the one that clears every matching record of the group.
    std::map<std::uint32_t, GroupMatch> by_group;
    for (const auto& m : matches) {
      const auto vuln = snapshot.vuln(m.vuln);
      auto [it, inserted] = by_group.try_emplace(vuln.group, GroupMatch{&m, m.fixed, m.fixed.empty()});
      if (inserted) continue;
      GroupMatch& group = it->second;
      if (vuln.id < snapshot.vuln(group.representative->vuln).id) group.representative = &m;
      group.unfixed = group.unfixed || m.fixed.empty();
      if (!m.fixed.empty() && Later(scheme, m.fixed, group.fixed)) group.fixed = m.fixed;
    }
    for (const auto& [group, found] : by_group) {
      const auto vuln = snapshot.vuln(found.representative->vuln);
      Finding f;
      f.id = vuln.id;
      for (const auto name : snapshot.GroupNames(group)) {
        if (name != vuln.id) f.aliases.emplace_back(name);
      }
      f.ecosystem = key.ecosystem;
      f.name = occurrence.name;
      f.version = key.version;
      f.purl = occurrence.purl;
      f.locations.assign(occurrence.locations.begin(), occurrence.locations.end());
      if (!found.unfixed) f.fixed_version = std::string(found.fixed);
      f.summary = vuln.summary;
      f.modified = vuln.modified;
      if ((vuln.flags & knowledge::snapshot::kHasCvss) != 0) {
        f.cvss_vector = vuln.cvss_vector;
        f.cvss_score = AsWritten(vuln.cvss_score);
        f.severity = vuln.severity;
      }
      f.known_exploited = (vuln.flags & knowledge::snapshot::kKnownExploited) != 0;
      if ((vuln.flags & knowledge::snapshot::kHasEpss) != 0) {
        f.epss = AsWritten(vuln.epss);
        f.epss_percentile = AsWritten(vuln.epss_percentile);
      }
      result.findings.push_back(std::move(f));
    }
  }
  std::sort(result.findings.begin(), result.findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.ecosystem, a.name, a.version, a.id) < std::tie(b.ecosystem, b.name, b.version, b.id);
  });
  return result;
}

}  // namespace vigil::match
