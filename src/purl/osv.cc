#include "purl/osv.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

namespace vigil::purl {

namespace {

// purl types whose package names map one to one (or by joining the namespace) onto an OSV
// ecosystem. OS package types (deb, rpm, apk) depend on their vendor and are handled apart.
struct LanguageType {
  std::string_view type;
  std::string_view ecosystem;
  char join;  // how OSV joins namespace and name; '\0' when OSV names leave the namespace out
};

constexpr std::array<LanguageType, 14> kLanguageTypes = {{
    {"npm", "npm", '/'},
    {"pypi", "PyPI", '\0'},
    {"maven", "Maven", ':'},
    {"golang", "Go", '/'},
    {"cargo", "crates.io", '\0'},
    {"gem", "RubyGems", '\0'},
    {"composer", "Packagist", '/'},
    // A hex namespace is a private organisation, which OSV's Hex names do not carry.
    {"hex", "Hex", '\0'},
    {"pub", "Pub", '\0'},
    {"nuget", "NuGet", '\0'},
    {"conan", "ConanCenter", '\0'},
    {"cran", "CRAN", '\0'},
    // OSV's SwiftURL names are the repository URL without scheme: "github.com/apple/swift-nio".
    {"swift", "SwiftURL", '/'},
    {"hackage", "Hackage", '\0'},
}};

// OS distributions: the purl vendor (namespace, or the id of the `distro` qualifier) and the OSV
// ecosystem of its packages.
enum class Release : std::uint8_t {
  kNone,         // OSV names no release for this vendor here (or its suffix is not derivable)
  kMajor,        // "9.4" -> "9"
  kMajorMinorV,  // Alpine: "3.20.1" -> "v3.20"
  kDebian,       // major, or a codename: "bookworm" -> "12"
  kUbuntu,       // "22.04" -> "22.04:LTS"
  kOpenSuse,     // "opensuse-leap-15.5" -> "Leap 15.5"
  kAsIs,         // Photon OS: "5.0"
};

struct Distro {
  std::string_view type;
  std::string_view vendor;
  std::string_view ecosystem;
  Release release;
};

constexpr std::array<Distro, 17> kDistros = {{
    {"deb", "debian", "Debian", Release::kDebian},
    {"deb", "ubuntu", "Ubuntu", Release::kUbuntu},
    {"apk", "alpine", "Alpine", Release::kMajorMinorV},
    {"apk", "wolfi", "Wolfi", Release::kNone},
    {"apk", "chainguard", "Chainguard", Release::kNone},
    {"rpm", "almalinux", "AlmaLinux", Release::kMajor},
    {"rpm", "alma", "AlmaLinux", Release::kMajor},
    {"rpm", "rocky", "Rocky Linux", Release::kMajor},
    {"rpm", "rockylinux", "Rocky Linux", Release::kMajor},
    {"rpm", "mageia", "Mageia", Release::kMajor},
    {"rpm", "opensuse", "openSUSE", Release::kOpenSuse},
    {"rpm", "opensuse-leap", "openSUSE", Release::kOpenSuse},
    {"rpm", "opensuse-tumbleweed", "openSUSE", Release::kOpenSuse},
    {"rpm", "photon", "Photon OS", Release::kAsIs},
    // Red Hat's suffix is a CPE and SUSE's a product name; neither is in a distro qualifier.
    {"rpm", "redhat", "Red Hat", Release::kNone},
    {"rpm", "suse", "SUSE", Release::kNone},
    {"rpm", "openeuler", "openEuler", Release::kNone},
}};

struct Codename {
  std::string_view name;
  std::string_view release;
};

// Debian's distro-info-data: the codenames SBOM producers write in `distro`.
constexpr std::array<Codename, 11> kDebianCodenames = {{
    {"wheezy", "7"},
    {"jessie", "8"},
    {"stretch", "9"},
    {"buster", "10"},
    {"bullseye", "11"},
    {"bookworm", "12"},
    {"trixie", "13"},
    {"forky", "14"},
    {"duke", "15"},
    {"sid", "sid"},
    {"unstable", "sid"},
}};

constexpr std::array<Codename, 14> kUbuntuCodenames = {{
    {"trusty", "14.04"},
    {"xenial", "16.04"},
    {"bionic", "18.04"},
    {"focal", "20.04"},
    {"groovy", "20.10"},
    {"hirsute", "21.04"},
    {"impish", "21.10"},
    {"jammy", "22.04"},
    {"kinetic", "22.10"},
    {"lunar", "23.04"},
    {"mantic", "23.10"},
    {"noble", "24.04"},
    {"oracular", "24.10"},
    {"plucky", "25.04"},
}};

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

char ToLowerAscii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ToLowerAscii(c);
  return out;
}

// The release of a codename, also when written after the vendor ("debian-bookworm").
template <std::size_t N>
std::string_view LookUpCodename(const std::array<Codename, N>& table, std::string_view name) {
  if (const std::size_t dash = name.rfind('-'); dash != std::string_view::npos) name.remove_prefix(dash + 1);
  for (const Codename& c : table) {
    if (c.name == name) return c.release;
  }
  return {};
}

// A `distro` qualifier split into an id and a release: "debian-12" -> ("debian", "12"),
// "opensuse-leap-15.5" -> ("opensuse-leap", "15.5"), "3.20.1" -> ("", "3.20.1"), "bookworm" ->
// ("", "bookworm").
struct DistroQualifier {
  std::string id;
  std::string release;
};

DistroQualifier SplitDistro(std::string_view value) {
  const std::string lower = LowerAscii(value);
  const std::size_t dash = lower.rfind('-');
  if (dash != std::string::npos && dash + 1 < lower.size() && IsDigit(lower[dash + 1])) {
    return {lower.substr(0, dash), lower.substr(dash + 1)};
  }
  if (!lower.empty() && IsDigit(lower.front())) return {"", lower};
  // A bare word is an id ("opensuse-tumbleweed", "wolfi") or a codename ("bookworm"); the callers
  // tell which by looking the word up.
  return {lower, ""};
}

// The leading dot-separated numeric parts of `release`, at most `parts` of them: ("9.4", 1) -> "9".
std::string LeadingParts(std::string_view release, int parts) {
  std::string out;
  int seen = 0;
  std::size_t i = 0;
  while (seen < parts && i < release.size() && IsDigit(release[i])) {
    if (seen > 0) out.push_back('.');
    while (i < release.size() && IsDigit(release[i])) out.push_back(release[i++]);
    ++seen;
    if (i < release.size() && release[i] == '.')
      ++i;
    else
      break;
  }
  return seen == parts ? out : std::string();
}

// The OSV release suffix (without ':') for a distribution, or "" when it cannot be derived.
std::string ReleaseSuffix(Release kind, const DistroQualifier& distro) {
  switch (kind) {
    case Release::kNone: return "";
    case Release::kMajor: return LeadingParts(distro.release, 1);
    case Release::kAsIs: return distro.release;
    case Release::kMajorMinorV: {
      std::string_view release = distro.release;
      if (!release.empty() && release.front() == 'v') release.remove_prefix(1);
      const std::string major_minor = LeadingParts(release, 2);
      return major_minor.empty() ? "" : "v" + major_minor;
    }
    case Release::kDebian: {
      if (!distro.release.empty()) return LeadingParts(distro.release, 1);
      return std::string(LookUpCodename(kDebianCodenames, distro.id));
    }
    case Release::kUbuntu: {
      std::string release = distro.release.empty() ? std::string(LookUpCodename(kUbuntuCodenames, distro.id))
                                                   : LeadingParts(distro.release, 2);
      if (release.size() != 5) return "";
      // Ubuntu's long-term releases are the April releases of even years, and OSV marks them.
      const int year = (release[0] - '0') * 10 + (release[1] - '0');
      if (release.ends_with(".04") && year % 2 == 0) release += ":LTS";
      return release;
    }
    case Release::kOpenSuse: {
      if (distro.id == "opensuse-leap" && !distro.release.empty()) return "Leap " + distro.release;
      if (distro.id == "opensuse-tumbleweed") return "Tumbleweed";
      return "";
    }
  }
  return "";
}

const Distro* FindDistro(std::string_view type, std::string_view vendor) {
  for (const Distro& d : kDistros) {
    if (d.type == type && d.vendor == vendor) return &d;
  }
  return nullptr;
}

std::optional<Identity> OsPackageToOsv(const PackageUrl& purl) {
  DistroQualifier distro;
  if (auto value = purl.FindQualifier("distro")) distro = SplitDistro(*value);
  std::string vendor = LowerAscii(purl.namespace_);
  if (vendor.empty()) vendor = distro.id;
  if (vendor.empty() && purl.type == "deb") vendor = "debian";
  if (vendor.empty() && purl.type == "apk") vendor = "alpine";
  const Distro* d = FindDistro(purl.type, vendor);
  if (d == nullptr && purl.type == "deb") {
    // A codename as the vendor ("bookworm") or a distro id of its own: tell Debian from Ubuntu.
    if (!LookUpCodename(kUbuntuCodenames, vendor).empty())
      d = FindDistro("deb", "ubuntu");
    else if (!LookUpCodename(kDebianCodenames, vendor).empty())
      d = FindDistro("deb", "debian");
  }
  if (d == nullptr) return std::nullopt;

  Identity id;
  id.ecosystem = std::string(d->ecosystem);
  const std::string suffix = ReleaseSuffix(d->release, distro);
  if (!suffix.empty()) id.ecosystem += ":" + suffix;
  id.name = purl.name;
  id.version = purl.version;
  if (purl.type == "deb") {
    // `upstream` is the source package ("glibc" or "glibc@2.36-9"), the name Debian's and
    // Ubuntu's advisories use.
    if (auto upstream = purl.FindQualifier("upstream"); upstream && !upstream->empty()) {
      const std::size_t at = upstream->find('@');
      id.name = std::string(upstream->substr(0, at));
      if (at != std::string_view::npos && at + 1 < upstream->size()) id.version = std::string(upstream->substr(at + 1));
    }
  }
  if (purl.type == "rpm") {
    // RPM advisories write the epoch into the version ("1:3.0.7-27.el9"); a purl keeps it apart.
    if (auto epoch = purl.FindQualifier("epoch");
        epoch && !epoch->empty() && !id.version.empty() && id.version.find(':') == std::string::npos) {
      id.version = std::string(*epoch) + ":" + id.version;
    }
  }
  return id;
}

}  // namespace

std::optional<Identity> ToOsv(const PackageUrl& purl) {
  if (purl.name.empty()) return std::nullopt;
  if (purl.type == "deb" || purl.type == "rpm" || purl.type == "apk") return OsPackageToOsv(purl);
  for (const LanguageType& t : kLanguageTypes) {
    if (t.type != purl.type) continue;
    Identity id;
    id.ecosystem = std::string(t.ecosystem);
    id.name = purl.name;
    if (t.join != '\0' && !purl.namespace_.empty()) id.name = purl.namespace_ + t.join + purl.name;
    id.version = purl.version;
    return id;
  }
  return std::nullopt;
}

namespace {

// Splits an OSV name at the last `separator` into (namespace, name); no separator: ("", name).
std::pair<std::string, std::string> SplitLast(std::string_view name, char separator) {
  const std::size_t pos = name.rfind(separator);
  if (pos == std::string_view::npos) return {"", std::string(name)};
  return {std::string(name.substr(0, pos)), std::string(name.substr(pos + 1))};
}

std::optional<PackageUrl> OsPackageFromOsv(std::string_view base, std::string_view release, std::string_view name,
                                           std::string_view version) {
  for (const Distro& d : kDistros) {
    if (d.ecosystem != base) continue;
    PackageUrl purl;
    purl.type = std::string(d.type);
    purl.namespace_ = std::string(d.vendor);
    purl.name = std::string(name);
    purl.version = std::string(version);
    if (!release.empty()) {
      std::string value;
      switch (d.release) {
        case Release::kUbuntu: value = "ubuntu-" + std::string(release.substr(0, release.find(':'))); break;
        case Release::kMajorMinorV:
          value = "alpine-" + std::string(release.starts_with('v') ? release.substr(1) : release);
          break;
        case Release::kOpenSuse:
          if (release.starts_with("Leap "))
            value = "opensuse-leap-" + std::string(release.substr(5));
          else if (release == "Tumbleweed")
            value = "opensuse-tumbleweed";
          break;
        case Release::kNone: break;
        case Release::kMajor:
        case Release::kDebian:
        case Release::kAsIs: value = std::string(d.vendor) + "-" + std::string(release); break;
      }
      if (!value.empty()) purl.qualifiers.push_back(Qualifier{"distro", std::move(value)});
    }
    return purl;
  }
  return std::nullopt;
}

}  // namespace

std::optional<PackageUrl> FromOsv(std::string_view ecosystem, std::string_view name, std::string_view version) {
  if (name.empty()) return std::nullopt;
  // Only the first ':' separates the release ("Ubuntu:22.04:LTS" has release "22.04:LTS").
  const std::size_t colon = ecosystem.find(':');
  const std::string_view base = ecosystem.substr(0, colon);
  const std::string_view release = colon == std::string_view::npos ? std::string_view() : ecosystem.substr(colon + 1);

  for (const LanguageType& t : kLanguageTypes) {
    if (t.ecosystem != base) continue;
    PackageUrl purl;
    purl.type = std::string(t.type);
    purl.version = std::string(version);
    std::string_view osv_name = name;
    if (purl.type == "swift") {
      // Accept the URL forms too: "https://github.com/apple/swift-nio.git".
      if (const std::size_t scheme = osv_name.find("://"); scheme != std::string_view::npos) {
        osv_name.remove_prefix(scheme + 3);
      }
      if (osv_name.ends_with(".git")) osv_name.remove_suffix(4);
    }
    if (t.join == '\0' || (purl.type == "npm" && !osv_name.starts_with('@'))) {
      purl.name = std::string(osv_name);
    } else {
      auto [ns, short_name] = SplitLast(osv_name, t.join);
      purl.namespace_ = std::move(ns);
      purl.name = std::move(short_name);
    }
    if (purl.name.empty()) return std::nullopt;
    return purl;
  }
  return OsPackageFromOsv(base, release, name, version);
}

}  // namespace vigil::purl
