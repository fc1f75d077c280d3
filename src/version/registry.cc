#include "version/registry.h"

#include <array>
#include <string>
#include <utility>

#include "version/schemes.h"

namespace vigil::version {
namespace {

struct EcosystemScheme {
  std::string_view ecosystem;
  const Scheme& (*scheme)();
};

// OSV ecosystem names (ossf/osv-schema ecosystems list) whose version semantics vigil implements.
constexpr std::array kEcosystems = {
    EcosystemScheme{"Debian", DebianScheme},
    EcosystemScheme{"Ubuntu", DebianScheme},
    EcosystemScheme{"Red Hat", RpmScheme},
    EcosystemScheme{"AlmaLinux", RpmScheme},
    EcosystemScheme{"Rocky Linux", RpmScheme},
    EcosystemScheme{"Fedora", RpmScheme},
    EcosystemScheme{"openSUSE", RpmScheme},
    EcosystemScheme{"SUSE", RpmScheme},
    EcosystemScheme{"Mageia", RpmScheme},
    EcosystemScheme{"openEuler", RpmScheme},
    EcosystemScheme{"Alpine", AlpineScheme},
    EcosystemScheme{"Wolfi", AlpineScheme},
    EcosystemScheme{"Chainguard", AlpineScheme},
    EcosystemScheme{"npm", SemverScheme},
    EcosystemScheme{"crates.io", SemverScheme},
    EcosystemScheme{"Hex", SemverScheme},
    EcosystemScheme{"SwiftURL", SemverScheme},
    EcosystemScheme{"Go", GoScheme},
    EcosystemScheme{"Pub", PubScheme},
    EcosystemScheme{"PyPI", PypiScheme},
    EcosystemScheme{"Maven", MavenScheme},
    EcosystemScheme{"RubyGems", RubyGemsScheme},
    EcosystemScheme{"NuGet", NuGetScheme},
    EcosystemScheme{"Packagist", PackagistScheme},
    EcosystemScheme{"CRAN", CranScheme},
    EcosystemScheme{"Hackage", HackageScheme},
};

}  // namespace

std::string_view BaseEcosystem(std::string_view ecosystem) {
  return ecosystem.substr(0, ecosystem.find(':'));
}

Result<const Scheme*> SchemeForEcosystem(std::string_view ecosystem) {
  const std::string_view base = BaseEcosystem(ecosystem);
  for (const auto& entry : kEcosystems) {
    if (entry.ecosystem == base) return &entry.scheme();
  }
  return Fail(ErrorCode::kNotFound, "unknown ecosystem '" + std::string(ecosystem) + "'");
}

const Scheme& GetScheme(SchemeId id) {
  switch (id) {
    case SchemeId::kDebian: return DebianScheme();
    case SchemeId::kRpm: return RpmScheme();
    case SchemeId::kAlpine: return AlpineScheme();
    case SchemeId::kSemver: return SemverScheme();
    case SchemeId::kGo: return GoScheme();
    case SchemeId::kPub: return PubScheme();
    case SchemeId::kPypi: return PypiScheme();
    case SchemeId::kMaven: return MavenScheme();
    case SchemeId::kRubyGems: return RubyGemsScheme();
    case SchemeId::kNuGet: return NuGetScheme();
    case SchemeId::kPackagist: return PackagistScheme();
    case SchemeId::kCran: return CranScheme();
    case SchemeId::kHackage: return HackageScheme();
  }
  return SemverScheme();
}

}  // namespace vigil::version
