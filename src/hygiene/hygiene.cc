#include "hygiene/hygiene.h"

#include <set>
#include <tuple>

#include "knowledge/package_name.h"

namespace vigil::hygiene {

namespace {

// What makes two inventory entries the same package for counting. The name is canonical so that
// "Flask" and "flask" in two PyPI lockfiles are one package, as they are to matching.
struct PackageKey {
  std::string name;
  std::string version;
  std::string binary_name;
  std::string binary_version;
  std::string arch;
  auto operator<=>(const PackageKey&) const = default;
};

std::map<std::string, std::size_t> CountPackages(std::span<const inventory::Package> packages) {
  std::map<std::string, std::set<PackageKey>> distinct;
  std::string canonical;
  for (const auto& p : packages) {
    knowledge::CanonicalPackageName(p.ecosystem, p.name, canonical);
    distinct[p.ecosystem].insert({canonical, p.version, p.binary_name, p.binary_version, p.arch});
  }
  std::map<std::string, std::size_t> counts;
  for (const auto& [ecosystem, keys] : distinct) counts.emplace(ecosystem, keys.size());
  return counts;
}

std::vector<UnfixedPackage> Unfixed(std::span<const match::Finding> findings) {
  using Key = std::tuple<std::string, std::string, std::string>;
  std::map<Key, std::set<std::string>> unfixed;
  for (const auto& f : findings) {
    if (f.fixed_version.empty()) unfixed[{f.ecosystem, f.name, f.version}].insert(f.id);
  }
  std::vector<UnfixedPackage> out;
  out.reserve(unfixed.size());
  for (auto& [key, ids] : unfixed) {
    out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), {ids.begin(), ids.end()}});
  }
  return out;
}

}  // namespace

Hygiene Assess(const inventory::Inventory& inventory, const match::MatchResult& match, std::int64_t today_days) {
  Hygiene h;
  if (inventory.os) {
    OsFact fact;
    fact.os = *inventory.os;
    fact.lifecycle = LookupRelease(inventory.os->id, inventory.os->version_id);
    fact.support = SupportOn(fact.lifecycle, today_days);
    h.os = std::move(fact);
  }
  h.without_fix = Unfixed(match.findings);
  h.packages_per_ecosystem = CountPackages(inventory.packages);
  return h;
}

Hygiene Assess(const inventory::Inventory& inventory, const match::MatchResult& match, std::int64_t today_days,
               const knowledge::Snapshot& snapshot) {
  Hygiene h = Assess(inventory, match, today_days);
  const auto ecosystems = snapshot.Ecosystems();
  h.ecosystems_without_advisory_data = EcosystemsWithoutAdvisoryData(inventory, ecosystems);
  return h;
}

std::vector<std::string> EcosystemsWithoutAdvisoryData(const inventory::Inventory& inventory,
                                                       std::span<const knowledge::EcosystemStats> advisory_ecosystems) {
  std::set<std::string_view> covered;
  for (const auto& e : advisory_ecosystems) {
    if (e.advisories > 0) covered.insert(e.name);
  }
  std::set<std::string> missing;
  for (const auto& p : inventory.packages) {
    if (!p.ecosystem.empty() && !covered.contains(p.ecosystem)) missing.insert(p.ecosystem);
  }
  return {missing.begin(), missing.end()};
}

}  // namespace vigil::hygiene
