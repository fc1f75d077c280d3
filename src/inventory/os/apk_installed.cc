#include "inventory/os/apk_installed.h"

#include <cctype>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "inventory/os/os_release.h"

namespace vigil::inventory {
namespace {

// What osv-scanner assumes when the tree has no /etc/alpine-release (the fixtures expect it).
constexpr std::string_view kFallbackRelease = "v3.20";

std::string_view Trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

std::string_view LeadingDigits(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && std::isdigit(static_cast<unsigned char>(s[n])) != 0) ++n;
  return s.substr(0, n);
}

// "3.20.3" (or "3.21_alpha20240807" on edge) -> "v3.20"; nullopt when it does not start major.minor.
std::optional<std::string> ReleaseBranch(std::string_view version) {
  const std::string_view major = LeadingDigits(version);
  if (major.empty() || major.size() >= version.size() || version[major.size()] != '.') return std::nullopt;
  const std::string_view minor = LeadingDigits(version.substr(major.size() + 1));
  if (minor.empty()) return std::nullopt;
  std::string branch = "v";
  branch.append(major).append(".").append(minor);
  return branch;
}

std::string Ecosystem(const FileSystem& fs) {
  const std::optional<OsRelease> os = ReadOsRelease(fs);
  if (os && os->id == "wolfi") return "Wolfi";
  if (os && os->id == "chainguard") return "Chainguard";
  std::optional<std::string> branch;
  if (const Result<std::string> release = fs.Read("/etc/alpine-release")) {
    const std::string_view text = *release;
    branch = ReleaseBranch(Trim(text.substr(0, text.find('\n'))));
  } else if (os && os->id == "alpine") {
    branch = ReleaseBranch(os->version_id);
  }
  return "Alpine:" + branch.value_or(std::string(kFallbackRelease));
}

class ApkInstalledExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "apk-installed"; }

  bool ClaimsPath(const std::filesystem::path& path) const override {
    const std::filesystem::path db = path.parent_path();
    return path.filename() == "installed" && db.filename() == "db" && db.parent_path().filename() == "apk";
  }

  // Paragraphs separated by blank lines, one "X:value" line per field (apk's installed database
  // format); lines that are not of that form are ignored, as is a paragraph without P (a name).
  Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                       const FileSystem& fs) const override {
    std::vector<Package> packages;
    Package current;
    const auto flush = [&] {
      if (!current.name.empty()) {
        if (!current.source_name.empty()) current.source_version = current.version;
        current.location = path.string();
        packages.push_back(std::move(current));
      }
      current = Package{};
    };
    while (!content.empty()) {
      const auto end = content.find('\n');
      std::string_view line = content.substr(0, end);
      content = end == std::string_view::npos ? std::string_view{} : content.substr(end + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty()) {
        flush();
        continue;
      }
      if (line.size() < 2 || line[1] != ':') continue;
      const std::string value(line.substr(2));
      switch (line[0]) {
        case 'P': current.name = value; break;
        case 'V': current.version = value; break;
        case 'o': current.source_name = value; break;
        case 'A': current.arch = value; break;
        case 'c': current.commit = value; break;
        default: break;
      }
    }
    flush();
    if (!packages.empty()) {
      const std::string ecosystem = Ecosystem(fs);
      for (Package& p : packages) p.ecosystem = ecosystem;
    }
    return packages;
  }
};

}  // namespace

std::unique_ptr<const Extractor> MakeApkInstalledExtractor() {
  return std::make_unique<ApkInstalledExtractor>();
}

}  // namespace vigil::inventory
