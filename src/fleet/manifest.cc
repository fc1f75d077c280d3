// Manifest keys and content addresses.
#include "fleet/manifest.h"

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "audit/digest.h"
#include "knowledge/package_name.h"
#include "version/registry.h"

namespace vigil::fleet {

store::ManifestPackage MatchKey(std::string_view ecosystem, std::string_view name, std::string_view source_name,
                                std::string_view version) {
  const bool by_origin = version::BaseEcosystem(ecosystem) == "Alpine" && !source_name.empty();
  store::ManifestPackage key{std::string(ecosystem), "", std::string(version)};
  knowledge::CanonicalPackageName(ecosystem, by_origin ? source_name : name, key.name);
  return key;
}

void SortDistinct(std::vector<store::ManifestPackage>& packages) {
  if (!std::is_sorted(packages.begin(), packages.end())) {
    // A report holds a few ecosystems over a thousand packages: rank them once, so that most
    // comparisons are an integer and a name rather than the same ecosystem string again, and sort
    // positions rather than moving three strings per swap. The order is the same as operator<.
    std::vector<std::string_view> ecosystems;
    for (const auto& p : packages) {
      if (ecosystems.empty() || ecosystems.back() != p.ecosystem) ecosystems.push_back(p.ecosystem);
    }
    std::sort(ecosystems.begin(), ecosystems.end());
    ecosystems.erase(std::unique(ecosystems.begin(), ecosystems.end()), ecosystems.end());
    struct Entry {
      std::uint32_t rank;
      std::uint32_t at;
    };
    std::vector<Entry> order;
    order.reserve(packages.size());
    for (std::uint32_t i = 0; i < packages.size(); ++i) {
      const auto rank = std::lower_bound(ecosystems.begin(), ecosystems.end(), packages[i].ecosystem) - ecosystems.begin();
      order.push_back({static_cast<std::uint32_t>(rank), i});
    }
    std::sort(order.begin(), order.end(), [&packages](const Entry& a, const Entry& b) {
      if (a.rank != b.rank) return a.rank < b.rank;
      const auto& x = packages[a.at];
      const auto& y = packages[b.at];
      if (const int c = x.name.compare(y.name); c != 0) return c < 0;
      return x.version < y.version;
    });
    std::vector<store::ManifestPackage> sorted;
    sorted.reserve(packages.size());
    for (const auto& e : order) sorted.push_back(std::move(packages[e.at]));
    packages = std::move(sorted);
  }
  packages.erase(std::unique(packages.begin(), packages.end()), packages.end());
}

std::string ManifestDigest(std::span<const store::ManifestPackage> packages) {
  audit::CanonicalEncoder encoder("vigil.manifest.v1");
  encoder.Add(static_cast<std::int64_t>(packages.size()));
  for (const auto& p : packages) encoder.Add(p.ecosystem).Add(p.name).Add(p.version);
  return encoder.Sha256Hex();
}

}  // namespace vigil::fleet
