#include "inventory/lang/gradle_lockfile.h"

#include <string>
#include <vector>

namespace vigil::inventory {

namespace {

constexpr std::string_view kEcosystem = "Maven";

std::string_view Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n\v\f";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

// Gradle names the configurations of the test source set "test…" (testCompileClasspath,
// testRuntimeClasspath): a module locked only for those is a development dependency.
Scope ScopeOf(std::string_view configurations) {
  if (Trim(configurations).empty()) return Scope::kUnknown;
  while (!configurations.empty()) {
    const auto comma = configurations.find(',');
    const std::string_view configuration = Trim(configurations.substr(0, comma));
    if (!configuration.empty() && !configuration.starts_with("test")) return Scope::kProd;
    if (comma == std::string_view::npos) break;
    configurations.remove_prefix(comma + 1);
  }
  return Scope::kDev;
}

class GradleLockfileExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "gradle.lockfile"; }

  bool ClaimsPath(const std::filesystem::path& path) const override {
    const auto file = path.filename();
    return file == "gradle.lockfile" || file == "buildscript-gradle.lockfile";
  }

  Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                       const FileSystem& fs) const override {
    static_cast<void>(fs);
    std::vector<Package> packages;
    while (!content.empty()) {
      const auto newline = content.find('\n');
      const std::string_view line = Trim(content.substr(0, newline));
      content.remove_prefix(newline == std::string_view::npos ? content.size() : newline + 1);
      // Comments and the "empty=" list of configurations without modules carry no module; like
      // upstream, a malformed line is skipped rather than failing the whole file.
      if (line.empty() || line.starts_with('#') || line.starts_with("empty=")) continue;
      const auto first = line.find(':');
      const auto second = first == std::string_view::npos ? first : line.find(':', first + 1);
      if (second == std::string_view::npos) continue;
      const std::string_view rest = line.substr(second + 1);
      const auto equals = rest.find('=');
      const std::string_view group = line.substr(0, first);
      const std::string_view artifact = line.substr(first + 1, second - first - 1);
      const std::string_view version = rest.substr(0, equals);
      if (group.empty() || artifact.empty() || version.empty()) continue;
      Package p;
      p.name = std::string(group) + ":" + std::string(artifact);
      p.version = std::string(version);
      p.ecosystem = std::string(kEcosystem);
      p.location = path.string();
      p.scope = equals == std::string_view::npos ? Scope::kUnknown : ScopeOf(rest.substr(equals + 1));
      packages.push_back(std::move(p));
    }
    return packages;
  }
};

}  // namespace

std::unique_ptr<const Extractor> MakeGradleLockfileExtractor() {
  return std::make_unique<GradleLockfileExtractor>();
}

}  // namespace vigil::inventory
