#include "inventory/package.h"

#include <algorithm>

#include "purl/osv.h"
#include "purl/purl.h"

namespace vigil::inventory {

void FillMissingPurls(std::vector<Package>& packages) {
  for (auto& p : packages) {
    if (!p.purl.empty() || p.version.empty()) continue;
    const std::string& name = p.binary_name.empty() ? p.name : p.binary_name;
    const std::string& version = p.binary_version.empty() ? p.version : p.binary_version;
    auto purl = purl::FromOsv(p.ecosystem, name, version);
    if (!purl) continue;
    if (!p.binary_name.empty() && p.binary_name != p.name && purl->type == "deb") {
      purl->qualifiers.push_back({"upstream", p.version == version ? p.name : p.name + "@" + p.version});
      std::ranges::sort(purl->qualifiers, {}, &purl::Qualifier::key);
    }
    if (!p.arch.empty()) {
      purl->qualifiers.push_back({"arch", p.arch});
      std::ranges::sort(purl->qualifiers, {}, &purl::Qualifier::key);
    }
    p.purl = purl::ToString(*purl);
  }
}

}  // namespace vigil::inventory
