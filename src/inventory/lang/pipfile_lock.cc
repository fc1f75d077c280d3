#include "inventory/lang/pipfile_lock.h"

#include <simdjson.h>

#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "inventory/lang/python_common.h"

namespace vigil::inventory {

namespace {

namespace fs = std::filesystem;

struct Section {
  std::string_view key;    // in the lockfile
  std::string_view group;  // the dep_group its packages get, "" for none
  Scope scope;
};

// "default" first: a package in both sections is a production dependency.
constexpr Section kSections[] = {{"default", "", Scope::kProd}, {"develop", "dev", Scope::kDev}};

// Pipfile.lock pins every registry package as "==X"; the "==" is not part of the version.
std::string_view StripPin(std::string_view version) {
  if (version.starts_with("===")) return version.substr(3);
  if (version.starts_with("==")) return version.substr(2);
  return version;
}

class PipfileLockExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "Pipfile.lock"; }

  bool ClaimsPath(const fs::path& path) const override { return python::FileNameIs(path, "Pipfile.lock"); }

  Result<std::vector<Package>> Extract(const fs::path& path, std::string_view content,
                                       const FileSystem& file_system) const override {
    static_cast<void>(file_system);
    simdjson::dom::parser parser;
    const simdjson::padded_string padded(content);
    simdjson::dom::element root;
    if (const auto error = parser.parse(padded).get(root); error != simdjson::SUCCESS) {
      return std::unexpected(python::JsonSyntaxError(path, content, simdjson::error_message(error)));
    }
    simdjson::dom::object top;
    if (root.get(top) != simdjson::SUCCESS) return std::unexpected(python::AtJsonPath(path, "$", "expected an object"));

    std::vector<Package> packages;
    std::unordered_set<std::string> seen;
    for (const Section& section : kSections) {
      simdjson::dom::element entries;
      if (top.at_key(section.key).get(entries) != simdjson::SUCCESS) continue;
      const std::string section_path = "$." + std::string(section.key);
      simdjson::dom::object entries_object;
      if (entries.get(entries_object) != simdjson::SUCCESS) {
        return std::unexpected(python::AtJsonPath(path, section_path, "expected an object"));
      }
      for (const auto field : entries_object) {
        const std::string entry_path = section_path + python::JsonKey(field.key);
        simdjson::dom::object entry;
        if (field.value.get(entry) != simdjson::SUCCESS) {
          return std::unexpected(python::AtJsonPath(path, entry_path, "expected an object"));
        }
        simdjson::dom::element version_element;
        // Git, path and editable entries carry no version; only a ref that names no release.
        if (entry.at_key("version").get(version_element) != simdjson::SUCCESS) continue;
        std::string_view version;
        if (version_element.get(version) != simdjson::SUCCESS) {
          return std::unexpected(python::AtJsonPath(path, entry_path + ".version", "expected a string"));
        }
        version = StripPin(version);
        if (version.empty()) continue;
        if (!seen.insert(std::string(field.key) + "@" + std::string(version)).second) continue;
        Package package = python::MakePackage(std::string(field.key), std::string(version), path);
        if (!section.group.empty()) package.dep_groups.emplace_back(section.group);
        package.scope = section.scope;
        packages.push_back(std::move(package));
      }
    }
    return packages;
  }
};

}  // namespace

std::unique_ptr<const Extractor> MakePipfileLockExtractor() {
  return std::make_unique<PipfileLockExtractor>();
}

}  // namespace vigil::inventory
