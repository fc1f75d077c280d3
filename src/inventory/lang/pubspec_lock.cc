#include "inventory/lang/pubspec_lock.h"

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "inventory/lang/other_common.h"

namespace vigil::inventory {

namespace {

constexpr std::string_view kEcosystem = "Pub";

std::size_t LineOf(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return mark.line < 0 ? 1 : static_cast<std::size_t>(mark.line) + 1;
}

std::string ScalarOr(const YAML::Node& node, std::string_view fallback) {
  return node && node.IsScalar() ? node.Scalar() : std::string(fallback);
}

Result<std::vector<Package>> ReadPackages(const std::filesystem::path& path, const YAML::Node& root) {
  std::vector<Package> packages;
  if (!root || root.IsNull()) return packages;
  if (!root.IsMap()) return std::unexpected(other::AtLine(path, LineOf(root), "expected a mapping with \"packages\""));
  const YAML::Node list = root["packages"];
  if (!list || list.IsNull()) return packages;
  if (!list.IsMap()) return std::unexpected(other::AtLine(path, LineOf(list), "\"packages\" is not a mapping"));
  for (const auto& entry : list) {
    const YAML::Node& key = entry.first;
    const YAML::Node& spec = entry.second;
    if (!key.IsScalar()) return std::unexpected(other::AtLine(path, LineOf(key), "package name is not a string"));
    if (!spec.IsMap()) {
      return std::unexpected(other::AtLine(path, LineOf(spec), "package \"" + key.Scalar() + "\" is not a mapping"));
    }
    Package p;
    p.name = key.Scalar();
    p.version = ScalarOr(spec["version"], "");
    p.ecosystem = std::string(kEcosystem);
    p.location = path.string();
    const YAML::Node description = spec["description"];
    if (description && description.IsMap()) p.commit = ScalarOr(description["resolved-ref"], "");
    // "direct main", "direct dev", "direct overridden" or "transitive".
    const std::string dependency = ScalarOr(spec["dependency"], "");
    if (dependency == "direct dev") {
      p.dep_groups = {"dev"};
      p.scope = Scope::kDev;
    } else if (dependency == "direct main") {
      p.scope = Scope::kProd;
    }
    if (!dependency.empty()) p.direct = dependency.starts_with("direct");
    packages.push_back(std::move(p));
  }
  return packages;
}

class PubspecLockExtractor final : public Extractor {
 public:
  [[nodiscard]] std::string_view name() const override { return "pubspec.lock"; }

  [[nodiscard]] bool ClaimsPath(const std::filesystem::path& path) const override {
    return other::FileNameIs(path, "pubspec.lock");
  }

  [[nodiscard]] Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                                     const FileSystem& fs) const override {
    static_cast<void>(fs);
    try {
      return ReadPackages(path, YAML::Load(std::string(content)));
    } catch (const YAML::Exception& e) {
      const std::size_t line = e.mark.line < 0 ? 1 : static_cast<std::size_t>(e.mark.line) + 1;
      return std::unexpected(other::AtLine(path, line, "invalid YAML: " + e.msg));
    } catch (const std::exception& e) {
      return std::unexpected(other::AtLine(path, 1, std::string("invalid YAML: ") + e.what()));
    }
  }
};

}  // namespace

std::unique_ptr<const Extractor> MakePubspecLockExtractor() {
  return std::make_unique<PubspecLockExtractor>();
}

}  // namespace vigil::inventory
