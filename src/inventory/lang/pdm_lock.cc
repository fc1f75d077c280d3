#include "inventory/lang/pdm_lock.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "inventory/lang/python_common.h"

namespace vigil::inventory {

namespace {

namespace fs = std::filesystem;

// The groups of a package as osv-scanner reports them: none when it is in "default" (installed in
// production), "dev" when it is in the group of that name, else "optional" (PDM's other groups are
// extras or dependency groups that are installed only on request). Lockfiles before PDM 2.12 have no
// per-package groups; their scope stays unknown.
Result<void> SetGroups(const toml::table& table, const fs::path& path, Package& package) {
  const toml::node* node = table.get("groups");
  if (node == nullptr) return {};
  const toml::array* groups = node->as_array();
  if (groups == nullptr)
    return std::unexpected(python::AtLine(path, python::LineOf(*node), "package.groups: expected an array"));
  if (groups->empty()) return {};
  bool in_default = false;
  bool in_dev = false;
  for (const toml::node& group : *groups) {
    const auto* text = group.as_string();
    if (text == nullptr)
      return std::unexpected(python::AtLine(path, python::LineOf(group), "package.groups: expected strings"));
    in_default = in_default || text->get() == "default";
    in_dev = in_dev || text->get() == "dev";
  }
  if (in_default) {
    package.scope = Scope::kProd;
  } else if (in_dev) {
    package.dep_groups.emplace_back("dev");
    package.scope = Scope::kDev;
  } else {
    package.dep_groups.emplace_back("optional");
    package.scope = Scope::kOptional;
  }
  return {};
}

Result<Package> ReadPackage(const toml::table& table, const fs::path& path) {
  auto name = python::StringField(table, "name", python::Presence::kRequired, path);
  if (!name) return std::unexpected(name.error());
  auto version = python::StringField(table, "version", python::Presence::kRequired, path);
  if (!version) return std::unexpected(version.error());
  auto revision = python::StringField(table, "revision", python::Presence::kOptional, path);
  if (!revision) return std::unexpected(revision.error());
  Package package = python::MakePackage(std::move(*name), std::move(*version), path);
  package.commit = std::move(*revision);
  if (auto grouped = SetGroups(table, path, package); !grouped) return std::unexpected(grouped.error());
  return package;
}

// How strongly a scope says "this is installed": production over unknown over dev over optional.
int Weight(Scope scope) {
  switch (scope) {
    case Scope::kProd: return 3;
    case Scope::kUnknown: return 2;
    case Scope::kDev: return 1;
    case Scope::kOptional: return 0;
  }
  return 2;
}

// The same release can be listed once per set of extras; one entry is kept, with the strongest scope.
void Merge(Package& kept, Package&& other) {
  if (Weight(other.scope) <= Weight(kept.scope)) return;
  kept.scope = other.scope;
  kept.dep_groups = std::move(other.dep_groups);
}

class PdmLockExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "pdm.lock"; }

  bool ClaimsPath(const fs::path& path) const override { return python::FileNameIs(path, "pdm.lock"); }

  Result<std::vector<Package>> Extract(const fs::path& path, std::string_view content,
                                       const FileSystem& file_system) const override {
    static_cast<void>(file_system);
    auto read = python::ReadPackageTables(path, content, ReadPackage);
    if (!read) return std::unexpected(read.error());
    std::vector<Package> packages;
    std::unordered_map<std::string, std::size_t> index;
    for (Package& package : *read) {
      const std::string key = package.name + "@" + package.version + "#" + package.commit;
      if (const auto it = index.find(key); it != index.end()) {
        Merge(packages[it->second], std::move(package));
        continue;
      }
      index.emplace(key, packages.size());
      packages.push_back(std::move(package));
    }
    return packages;
  }
};

}  // namespace

std::unique_ptr<const Extractor> MakePdmLockExtractor() {
  return std::make_unique<PdmLockExtractor>();
}

}  // namespace vigil::inventory
