// The inventory model: what runs on one asset (a host, a container image, a source tree) — the
// asset, its operating system and its packages, each with where it was found. Plain values; an
// Inventory is built by the extractors (extractor.h) and read by matching and reports.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vigil::inventory {

// How a package is pulled in, where the format says so.
enum class Scope : std::uint8_t { kUnknown, kProd, kDev, kOptional };

struct Package {
  std::string name;        // as its ecosystem names it: "lodash", "org.apache:commons", "libssl3"
  std::string version;     // exactly as written (may be empty when the format records only a commit)
  std::string ecosystem;   // OSV name; OS packages carry the release: "Debian:12", "Alpine:v3.20"
  std::string compare_as;  // ecosystem whose version rules apply when not the base of `ecosystem`
  std::string purl;        // package URL, when known or derivable
  std::string commit;      // VCS commit the format pins, if any
  // OS packages. `name`/`version` are what the distribution's advisories key on (for Debian and
  // Ubuntu the source package, as osv-scanner reports it); the installed binary package is kept too.
  std::string source_name;     // the source package (Debian "Source:", apk origin, RPM source rpm)
  std::string source_version;  // the source version
  std::string binary_name;     // the installed binary package, when it is not `name`
  std::string binary_version;
  std::string arch;
  std::string location;    // the file it was read from
  std::vector<std::string> dep_groups;  // groups as the format names them ("dev", "optional", …)
  Scope scope = Scope::kUnknown;
  std::optional<bool> direct;  // a direct dependency of the project, where the format says
};

struct OsRelease {
  std::string id;           // os-release ID: "debian", "alpine", "almalinux"
  std::string version_id;   // "12", "3.20.1", "9.4"
  std::string pretty_name;
};

enum class AssetKind : std::uint8_t { kHost, kImage, kDirectory, kFile };

struct Asset {
  AssetKind kind = AssetKind::kFile;
  std::string name;        // host name, image reference, or the path scanned
  std::string machine_id;  // /etc/machine-id of a host
  std::string digest;      // image digest (sha256:…)
};

struct Inventory {
  Asset asset;
  std::optional<OsRelease> os;
  std::vector<Package> packages;
};

// Gives each package without a purl the one its OSV identity maps to (purl/osv.h). OS packages are
// named by their binary package, with the source in `upstream` when it differs, as SBOMs name them.
void FillMissingPurls(std::vector<Package>& packages);

}  // namespace vigil::inventory
