#include "match/matcher.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

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
  std::set<std::string> locations;
  std::string purl;
};

}  // namespace

MatchResult MatchPackages(const knowledge::Snapshot& snapshot, std::span<const inventory::Package> packages) {
  MatchResult result;
  std::map<Key, Occurrence> distinct;
  for (const auto& package : packages) {
    if (package.version.empty() || package.ecosystem.empty()) {
      ++result.without_version;
      continue;
    }
    // Alpine's advisories key on the origin (source) package, which apk records beside the name.
    const bool by_origin = version::BaseEcosystem(package.ecosystem) == "Alpine" && !package.source_name.empty();
    auto& occurrence = distinct[{package.ecosystem, by_origin ? package.source_name : package.name, package.version}];
    if (!package.location.empty()) occurrence.locations.insert(package.location);
    if (occurrence.purl.empty()) occurrence.purl = package.purl;
  }
  result.distinct_packages = distinct.size();

  std::vector<knowledge::Match> matches;
  knowledge::AffectedScratch scratch;
  for (const auto& [key, occurrence] : distinct) {
    matches.clear();
    if (auto looked_up = snapshot.Affected(key.ecosystem, key.name, key.version, matches, scratch); !looked_up) {
      const std::string where = occurrence.locations.empty() ? key.ecosystem : *occurrence.locations.begin();
      result.issues.push_back({where, key.ecosystem + " " + key.name + " " + key.version + ": " + looked_up.error().message});
      continue;
    }
    // One finding per vulnerability: the matching record with the smallest id stands for its group.
    std::map<std::uint32_t, const knowledge::Match*> by_group;
    for (const auto& m : matches) {
      const auto vuln = snapshot.vuln(m.vuln);
      auto [it, inserted] = by_group.try_emplace(vuln.group, &m);
      if (!inserted && vuln.id < snapshot.vuln(it->second->vuln).id) it->second = &m;
    }
    for (const auto& [group, m] : by_group) {
      const auto vuln = snapshot.vuln(m->vuln);
      Finding f;
      f.id = vuln.id;
      for (const auto name : snapshot.GroupNames(group)) {
        if (name != vuln.id) f.aliases.emplace_back(name);
      }
      f.ecosystem = key.ecosystem;
      f.name = key.name;
      f.version = key.version;
      f.purl = occurrence.purl;
      f.locations.assign(occurrence.locations.begin(), occurrence.locations.end());
      f.fixed_version = m->fixed;
      f.summary = vuln.summary;
      f.modified = vuln.modified;
      if ((vuln.flags & knowledge::snapshot::kHasCvss) != 0) {
        f.cvss_vector = vuln.cvss_vector;
        f.cvss_score = vuln.cvss_score;
        f.severity = vuln.severity;
      }
      f.known_exploited = (vuln.flags & knowledge::snapshot::kKnownExploited) != 0;
      if ((vuln.flags & knowledge::snapshot::kHasEpss) != 0) {
        f.epss = vuln.epss;
        f.epss_percentile = vuln.epss_percentile;
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
