// The mapping between package URLs and OSV package identities (ecosystem, name, version), so that a
// package named by a purl (in an SBOM) can be matched against OSV advisories and a matched package
// can be reported as a purl. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "purl/purl.h"

namespace vigil::purl {

// A package as OSV names it: ecosystem "Maven", name "org.apache:commons-io", version "2.6".
struct Identity {
  std::string ecosystem;
  std::string name;
  std::string version;
  friend bool operator==(const Identity&, const Identity&) = default;
};

// The OSV identity of a purl, or nullopt when its type has no OSV ecosystem (generic, github, …)
// or when an OS package's vendor is one OSV does not cover. OS packages get the release suffix
// from the `distro` qualifier where it can be read ("debian-12" or "bookworm" -> "Debian:12",
// "almalinux-9.4" -> "AlmaLinux:9", "alpine-3.20.1" -> "Alpine:v3.20", "ubuntu-22.04" ->
// "Ubuntu:22.04:LTS"); without one the ecosystem is the bare name. A Debian purl's `upstream`
// qualifier names the source package, which is what Debian advisories key on.
[[nodiscard]] std::optional<Identity> ToOsv(const PackageUrl& purl);

// The purl of an OSV package, or nullopt for an ecosystem without a purl type. OS ecosystems get a
// `distro` qualifier from their release suffix ("Debian:12" -> distro=debian-12).
[[nodiscard]] std::optional<PackageUrl> FromOsv(std::string_view ecosystem, std::string_view name,
                                                std::string_view version);

}  // namespace vigil::purl
