#include "inventory/lang/renv_lock.h"

#include <string>
#include <vector>

#include "inventory/lang/other_common.h"

namespace vigil::inventory {

namespace {

constexpr std::string_view kEcosystem = "CRAN";

class RenvLockExtractor final : public Extractor {
 public:
  [[nodiscard]] std::string_view name() const override { return "renv.lock"; }

  [[nodiscard]] bool ClaimsPath(const std::filesystem::path& path) const override {
    return other::FileNameIs(path, "renv.lock");
  }

  [[nodiscard]] Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                                     const FileSystem& fs) const override {
    static_cast<void>(fs);
    simdjson::dom::parser parser;
    auto parsed = other::ParseJsonObject(parser, path, content);
    if (!parsed) return std::unexpected(parsed.error());
    const simdjson::dom::object root = *parsed;
    std::vector<Package> packages;
    simdjson::dom::element list;
    if (root.at_key("Packages").get(list) != simdjson::SUCCESS || list.is_null()) return packages;
    simdjson::dom::object entries;
    if (list.get_object().get(entries) != simdjson::SUCCESS) {
      return std::unexpected(other::AtJsonPath(path, "$.Packages", "expected an object"));
    }
    for (const auto entry : entries) {
      const std::string entry_path = "$.Packages" + other::JsonMember(entry.key);
      if (!entry.value.is_object()) return std::unexpected(other::AtJsonPath(path, entry_path, "expected an object"));
      // Only CRAN has an OSV ecosystem; Bioconductor, GitHub and local packages cannot be matched.
      std::string_view repository;
      if (entry.value.at_key("Repository").get_string().get(repository) != simdjson::SUCCESS ||
          repository != kEcosystem) {
        continue;
      }
      std::string_view name = entry.key;
      simdjson::dom::element field;
      if (entry.value.at_key("Package").get(field) == simdjson::SUCCESS) {
        auto value = other::JsonString(field, path, entry_path + ".Package");
        if (!value) return std::unexpected(value.error());
        name = *value;
      }
      if (entry.value.at_key("Version").get(field) != simdjson::SUCCESS) {
        return std::unexpected(other::AtJsonPath(path, entry_path + ".Version", "missing"));
      }
      auto version = other::JsonString(field, path, entry_path + ".Version");
      if (!version) return std::unexpected(version.error());
      Package p;
      p.name = std::string(name);
      p.version = std::string(*version);
      p.ecosystem = std::string(kEcosystem);
      p.location = path.string();
      packages.push_back(std::move(p));
    }
    return packages;
  }
};

}  // namespace

std::unique_ptr<const Extractor> MakeRenvLockExtractor() {
  return std::make_unique<RenvLockExtractor>();
}

}  // namespace vigil::inventory
