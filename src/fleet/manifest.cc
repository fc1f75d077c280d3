// Manifest keys and content addresses.
#include "fleet/manifest.h"

#include <algorithm>

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
  std::sort(packages.begin(), packages.end());
  packages.erase(std::unique(packages.begin(), packages.end()), packages.end());
}

std::string ManifestDigest(std::span<const store::ManifestPackage> packages) {
  audit::CanonicalEncoder encoder("vigil.manifest.v1");
  encoder.Add(static_cast<std::int64_t>(packages.size()));
  for (const auto& p : packages) encoder.Add(p.ecosystem).Add(p.name).Add(p.version);
  return encoder.Sha256Hex();
}

}  // namespace vigil::fleet
