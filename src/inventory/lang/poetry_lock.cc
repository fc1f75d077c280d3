#include "inventory/lang/poetry_lock.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "inventory/lang/python_common.h"

namespace vigil::inventory {

namespace {

namespace fs = std::filesystem;

// Whether a package is a development dependency, where the lockfile says: Poetry before 1.5 writes
// `category = "main" | "dev"`, Poetry 2 writes `groups = ["main", …]` (every group but "main" is
// for development). Lockfiles of Poetry 1.5 to 1.8 say neither.
Result<std::optional<bool>> IsDev(const toml::table& table, const fs::path& path) {
  auto category = python::StringField(table, "category", python::Presence::kOptional, path);
  if (!category) return std::unexpected(category.error());
  if (!category->empty()) return std::optional<bool>(*category == "dev");
  const toml::node* groups_node = table.get("groups");
  if (groups_node == nullptr) return std::optional<bool>();
  const toml::array* groups = groups_node->as_array();
  if (groups == nullptr)
    return std::unexpected(python::AtLine(path, python::LineOf(*groups_node), "package.groups: expected an array"));
  if (groups->empty()) return std::optional<bool>();
  bool main = false;
  for (const toml::node& group : *groups) {
    const auto* text = group.as_string();
    if (text == nullptr)
      return std::unexpected(python::AtLine(path, python::LineOf(group), "package.groups: expected strings"));
    main = main || text->get() == "main";
  }
  return std::optional<bool>(!main);
}

Result<Package> ReadPackage(const toml::table& table, const fs::path& path) {
  auto name = python::StringField(table, "name", python::Presence::kRequired, path);
  if (!name) return std::unexpected(name.error());
  auto version = python::StringField(table, "version", python::Presence::kRequired, path);
  if (!version) return std::unexpected(version.error());
  Package package = python::MakePackage(std::move(*name), std::move(*version), path);

  if (const toml::node* source_node = table.get("source")) {
    const toml::table* source = source_node->as_table();
    if (source == nullptr)
      return std::unexpected(python::AtLine(path, python::LineOf(*source_node), "package.source: expected a table"));
    auto commit = python::StringField(*source, "resolved_reference", python::Presence::kOptional, path);
    if (!commit) return std::unexpected(commit.error());
    package.commit = std::move(*commit);
  }

  bool optional = false;
  if (const toml::node* optional_node = table.get("optional")) {
    const auto* flag = optional_node->as_boolean();
    if (flag == nullptr)
      return std::unexpected(
          python::AtLine(path, python::LineOf(*optional_node), "package.optional: expected a boolean"));
    optional = flag->get();
  }
  const auto dev = IsDev(table, path);
  if (!dev) return std::unexpected(dev.error());

  if (dev->value_or(false)) package.dep_groups.emplace_back("dev");
  if (optional) package.dep_groups.emplace_back("optional");
  if (dev->value_or(false)) {
    package.scope = Scope::kDev;
  } else if (optional) {
    package.scope = Scope::kOptional;
  } else if (dev->has_value()) {
    package.scope = Scope::kProd;
  }
  return package;
}

class PoetryLockExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "poetry.lock"; }

  bool ClaimsPath(const fs::path& path) const override { return python::FileNameIs(path, "poetry.lock"); }

  Result<std::vector<Package>> Extract(const fs::path& path, std::string_view content,
                                       const FileSystem& file_system) const override {
    static_cast<void>(file_system);
    return python::ReadPackageTables(path, content, ReadPackage);
  }
};

}  // namespace

std::unique_ptr<const Extractor> MakePoetryLockExtractor() {
  return std::make_unique<PoetryLockExtractor>();
}

}  // namespace vigil::inventory
