#include "inventory/lang/nuget_lock.h"

#include <string>
#include <unordered_set>
#include <vector>

#include "inventory/lang/other_common.h"

namespace vigil::inventory {

namespace {

constexpr std::string_view kEcosystem = "NuGet";
constexpr std::int64_t kSupportedVersion = 1;

class NuGetLockExtractor final : public Extractor {
 public:
  [[nodiscard]] std::string_view name() const override { return "packages.lock.json"; }

  [[nodiscard]] bool ClaimsPath(const std::filesystem::path& path) const override {
    return other::FileNameIs(path, "packages.lock.json");
  }

  [[nodiscard]] Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                                     const FileSystem& fs) const override {
    static_cast<void>(fs);
    simdjson::dom::parser parser;
    auto parsed = other::ParseJsonObject(parser, path, content);
    if (!parsed) return std::unexpected(parsed.error());
    const simdjson::dom::object root = *parsed;
    std::int64_t version = 0;
    if (root.at_key("version").get_int64().get(version) != simdjson::SUCCESS || version != kSupportedVersion) {
      return std::unexpected(other::AtJsonPath(path, "$.version", "unsupported lock file version (expected 1)"));
    }

    std::vector<Package> packages;
    simdjson::dom::element frameworks_element;
    if (root.at_key("dependencies").get(frameworks_element) != simdjson::SUCCESS || frameworks_element.is_null()) {
      return packages;
    }
    simdjson::dom::object frameworks;
    if (frameworks_element.get_object().get(frameworks) != simdjson::SUCCESS) {
      return std::unexpected(other::AtJsonPath(path, "$.dependencies", "expected an object"));
    }
    // The same package resolved for several target frameworks is one package.
    std::unordered_set<std::string> seen;
    for (const auto framework : frameworks) {
      const std::string framework_path = "$.dependencies" + other::JsonMember(framework.key);
      simdjson::dom::object dependencies;
      if (framework.value.get_object().get(dependencies) != simdjson::SUCCESS) {
        return std::unexpected(other::AtJsonPath(path, framework_path, "expected an object"));
      }
      for (const auto dependency : dependencies) {
        const std::string dependency_path = framework_path + other::JsonMember(dependency.key);
        if (!dependency.value.is_object()) {
          return std::unexpected(other::AtJsonPath(path, dependency_path, "expected an object"));
        }
        std::string_view type;
        if (dependency.value.at_key("type").get_string().get(type) != simdjson::SUCCESS) type = {};
        // Project references are other projects of the solution, not packages from a feed.
        if (type == "Project") continue;
        simdjson::dom::element resolved_element;
        if (dependency.value.at_key("resolved").get(resolved_element) != simdjson::SUCCESS) {
          return std::unexpected(other::AtJsonPath(path, dependency_path + ".resolved", "missing"));
        }
        auto resolved = other::JsonString(resolved_element, path, dependency_path + ".resolved");
        if (!resolved) return std::unexpected(resolved.error());
        std::string key = std::string(dependency.key) + "@" + std::string(*resolved);
        if (!seen.insert(std::move(key)).second) continue;
        Package p;
        p.name = std::string(dependency.key);
        p.version = std::string(*resolved);
        p.ecosystem = std::string(kEcosystem);
        p.location = path.string();
        if (type == "Direct") p.direct = true;
        if (type == "Transitive" || type == "CentralTransitive") p.direct = false;
        packages.push_back(std::move(p));
      }
    }
    return packages;
  }
};

}  // namespace

std::unique_ptr<const Extractor> MakeNuGetLockExtractor() {
  return std::make_unique<NuGetLockExtractor>();
}

}  // namespace vigil::inventory
