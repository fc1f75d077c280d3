#include "inventory/lang/composer_lock.h"

#include <string>
#include <vector>

#include "inventory/lang/other_common.h"

namespace vigil::inventory {

namespace {

constexpr std::string_view kEcosystem = "Packagist";

class ComposerLockExtractor final : public Extractor {
 public:
  [[nodiscard]] std::string_view name() const override { return "composer.lock"; }

  [[nodiscard]] bool ClaimsPath(const std::filesystem::path& path) const override {
    return other::FileNameIs(path, "composer.lock");
  }

  [[nodiscard]] Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                                     const FileSystem& fs) const override {
    static_cast<void>(fs);
    simdjson::dom::parser parser;
    auto root = other::ParseJsonObject(parser, path, content);
    if (!root) return std::unexpected(root.error());

    std::vector<Package> packages;
    for (const bool dev : {false, true}) {
      const std::string_view key = dev ? "packages-dev" : "packages";
      simdjson::dom::element list;
      if (root->at_key(key).get(list) != simdjson::SUCCESS || list.is_null()) continue;
      std::string list_path = "$";
      list_path += other::JsonMember(key);
      simdjson::dom::array array;
      if (list.get_array().get(array) != simdjson::SUCCESS) {
        return std::unexpected(other::AtJsonPath(path, list_path, "expected an array"));
      }
      std::size_t index = 0;
      for (const simdjson::dom::element entry : array) {
        const std::string entry_path = list_path + "[" + std::to_string(index++) + "]";
        if (!entry.is_object()) return std::unexpected(other::AtJsonPath(path, entry_path, "expected an object"));
        simdjson::dom::element name_element, version_element;
        if (entry.at_key("name").get(name_element) != simdjson::SUCCESS) {
          return std::unexpected(other::AtJsonPath(path, entry_path + ".name", "missing"));
        }
        if (entry.at_key("version").get(version_element) != simdjson::SUCCESS) {
          return std::unexpected(other::AtJsonPath(path, entry_path + ".version", "missing"));
        }
        auto name = other::JsonString(name_element, path, entry_path + ".name");
        if (!name) return std::unexpected(name.error());
        auto version = other::JsonString(version_element, path, entry_path + ".version");
        if (!version) return std::unexpected(version.error());
        Package p;
        p.name = std::string(*name);
        p.version = std::string(*version);
        p.ecosystem = std::string(kEcosystem);
        p.location = path.string();
        std::string_view reference;
        if (entry.at_key("source").at_key("reference").get_string().get(reference) == simdjson::SUCCESS) {
          p.commit = std::string(reference);
        }
        if (dev) p.dep_groups = {"dev"};
        p.scope = dev ? Scope::kDev : Scope::kProd;
        packages.push_back(std::move(p));
      }
    }
    return packages;
  }
};

}  // namespace

std::unique_ptr<const Extractor> MakeComposerLockExtractor() {
  return std::make_unique<ComposerLockExtractor>();
}

}  // namespace vigil::inventory
