#include "inventory/os/dpkg_status.h"

#include <cctype>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "inventory/os/os_release.h"

namespace vigil::inventory {
namespace {

constexpr std::string_view kBaseFiles = "base-files";

std::string_view Trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

std::string_view LeadingDigits(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && std::isdigit(static_cast<unsigned char>(s[n])) != 0) ++n;
  return s.substr(0, n);
}

// One paragraph of the status file, with the fields the package is built from.
struct Record {
  std::string package;
  std::string version;
  std::string source_name;
  std::string source_version;
  std::string arch;
  bool has_status = false;
  bool installed = false;
};

// "Status: <want> <flag> <status>": only fully installed packages are on the system. A
// paragraph without Status (status.d of distroless images) describes an installed package.
bool StatusIsInstalled(std::string_view value) {
  std::vector<std::string_view> words;
  while (!value.empty()) {
    const auto start = value.find_first_not_of(" \t");
    if (start == std::string_view::npos) break;
    value.remove_prefix(start);
    const auto end = value.find_first_of(" \t");
    words.push_back(value.substr(0, end));
    value = end == std::string_view::npos ? std::string_view{} : value.substr(end);
  }
  return words.size() == 3 && words[2] == "installed";
}

// "Source: name" or "Source: name (version)" when the source version differs from the binary's.
void ParseSource(std::string_view value, Record& record) {
  const auto open = value.find('(');
  const auto close = value.rfind(')');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
    record.source_name = std::string(Trim(value.substr(0, open)));
    record.source_version = std::string(Trim(value.substr(open + 1, close - open - 1)));
  } else {
    record.source_name = std::string(Trim(value));
    record.source_version.clear();
  }
}

void ApplyField(std::string_view key, std::string_view value, Record& record) {
  if (EqualsIgnoreCase(key, "Package")) {
    record.package = std::string(value);
  } else if (EqualsIgnoreCase(key, "Version")) {
    record.version = std::string(value);
  } else if (EqualsIgnoreCase(key, "Source")) {
    ParseSource(value, record);
  } else if (EqualsIgnoreCase(key, "Architecture")) {
    record.arch = std::string(value);
  } else if (EqualsIgnoreCase(key, "Status")) {
    record.has_status = true;
    record.installed = StatusIsInstalled(value);
  }
}

// Splits the file into paragraphs (separated by blank lines) and reads each one's fields;
// continuation lines (starting with a space or tab) and lines without a colon carry nothing we use.
std::vector<Record> ReadRecords(std::string_view content) {
  std::vector<Record> records;
  Record current;
  bool open = false;
  const auto flush = [&] {
    if (open) records.push_back(std::move(current));
    current = Record{};
    open = false;
  };
  while (!content.empty()) {
    const auto end = content.find('\n');
    std::string_view line = content.substr(0, end);
    content = end == std::string_view::npos ? std::string_view{} : content.substr(end + 1);
    if (Trim(line).empty()) {
      flush();
      continue;
    }
    open = true;
    if (line.front() == ' ' || line.front() == '\t') continue;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    ApplyField(Trim(line.substr(0, colon)), Trim(line.substr(colon + 1)), current);
  }
  flush();
  return records;
}

bool InStatusDir(const std::filesystem::path& path) {
  return path.parent_path().filename() == "status.d";
}

// Ubuntu's OSV releases are "Ubuntu:22.04:LTS" for long-term releases and "Ubuntu:23.10" otherwise;
// LTS releases are the April ones of even years, and their PRETTY_NAME says so.
std::string UbuntuEcosystem(const OsRelease& os) {
  std::string ecosystem = "Ubuntu:" + os.version_id;
  const std::string_view version = os.version_id;
  const std::string_view year = LeadingDigits(version);
  const bool even_april = !year.empty() && version.substr(year.size()) == ".04" && (year.back() - '0') % 2 == 0;
  if (os.pretty_name.find("LTS") != std::string::npos || even_april) ecosystem += ":LTS";
  return ecosystem;
}

// Debian's release is the major version of base-files (as osv-scanner does, so that a status
// file read on its own is labelled by its own content); os-release decides only for Ubuntu, whose
// base-files versions do not give the release, and, without base-files, for the root's own status
// file and the split files of status.d, where base-files is another file.
std::string Ecosystem(const std::filesystem::path& path, const std::vector<Package>& packages, const FileSystem& fs) {
  const std::optional<OsRelease> os = ReadOsRelease(fs);
  if (os && os->id == "ubuntu" && !os->version_id.empty()) return UbuntuEcosystem(*os);
  for (const Package& p : packages) {
    if (p.name != kBaseFiles && p.binary_name != kBaseFiles) continue;
    if (p.version.find("ubuntu") != std::string::npos) return "Ubuntu";
    std::string_view version = p.version;
    if (const auto colon = version.find(':'); colon != std::string_view::npos) version.remove_prefix(colon + 1);
    const std::string_view major = LeadingDigits(version);
    if (!major.empty()) return "Debian:" + std::string(major);
  }
  // Without base-files, os-release gives the release, but only of the root the file belongs to.
  if ((InStatusDir(path) || path == "/var/lib/dpkg/status") && os && os->id == "debian") {
    const std::string_view major = LeadingDigits(os->version_id);
    if (!major.empty()) return "Debian:" + std::string(major);
  }
  return "Debian";
}

class DpkgStatusExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "dpkg-status"; }

  bool ClaimsPath(const std::filesystem::path& path) const override {
    const std::filesystem::path parent = path.parent_path();
    if (path.filename() == "status" && parent.filename() == "dpkg") return true;
    const std::string file = path.filename().string();
    return parent.filename() == "status.d" && parent.parent_path().filename() == "dpkg" && !file.empty() &&
           file.front() != '.' && !file.ends_with(".md5sums");
  }

  Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                       const FileSystem& fs) const override {
    std::vector<Package> packages;
    for (Record& record : ReadRecords(content)) {
      if (record.has_status && !record.installed) continue;
      Package p;
      // Advisories key on the source package; a paragraph may lack Package but name its Source.
      p.name = record.source_name.empty() ? record.package : record.source_name;
      if (p.name.empty()) continue;
      p.version = record.source_version.empty() ? record.version : record.source_version;
      p.source_name = p.name;
      p.source_version = p.version;
      if (!record.package.empty() && (record.package != p.name || record.version != p.version)) {
        p.binary_name = record.package;
        p.binary_version = record.version;
      }
      p.arch = std::move(record.arch);
      p.location = path.string();
      packages.push_back(std::move(p));
    }
    const std::string ecosystem = Ecosystem(path, packages, fs);
    for (Package& p : packages) p.ecosystem = ecosystem;
    return packages;
  }
};

}  // namespace

std::unique_ptr<const Extractor> MakeDpkgStatusExtractor() {
  return std::make_unique<DpkgStatusExtractor>();
}

}  // namespace vigil::inventory
