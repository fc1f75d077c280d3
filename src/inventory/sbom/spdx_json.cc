#include "inventory/sbom/spdx_json.h"

#include <string>
#include <vector>

#include "inventory/sbom/sbom_common.h"

namespace vigil::inventory {

namespace {

using sbom::AtJsonPath;

std::string_view StringMember(simdjson::dom::element object, std::string_view key) {
  std::string_view value;
  if (object.at_key(key).get_string().get(value) != simdjson::SUCCESS) return {};
  return value;
}

class SpdxJsonExtractor final : public Extractor {
 public:
  [[nodiscard]] std::string_view name() const override { return "spdx-json"; }

  [[nodiscard]] bool ClaimsPath(const std::filesystem::path& path) const override {
    return sbom::LowerFileName(path).ends_with(".spdx.json");
  }

  [[nodiscard]] bool ClaimsContent(std::string_view content) const override {
    return sbom::FirstSignificantChar(content) == '{' && content.find("\"spdxVersion\"") != std::string_view::npos;
  }

  [[nodiscard]] Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                                     const FileSystem& fs) const override {
    static_cast<void>(fs);
    simdjson::dom::parser parser;
    auto root = sbom::ParseJson(parser, path, content);
    if (!root) return std::unexpected(root.error());
    if (!root->is_object()) return std::unexpected(AtJsonPath(path, "$", "expected an object"));

    std::vector<Package> packages;
    simdjson::dom::element list;
    if (root->at_key("packages").get(list) != simdjson::SUCCESS) return packages;
    simdjson::dom::array array;
    if (list.get_array().get(array) != simdjson::SUCCESS) {
      return std::unexpected(AtJsonPath(path, "$.packages", "expected an array"));
    }
    std::size_t index = 0;
    for (const simdjson::dom::element package : array) {
      const std::string package_path = "$.packages[" + std::to_string(index++) + "]";
      if (!package.is_object()) return std::unexpected(AtJsonPath(path, package_path, "expected an object"));
      simdjson::dom::element refs;
      // A package without a purl names nothing OSV can match: it is left out rather than kept with
      // an empty ecosystem (the document's own root package usually has none).
      if (package.at_key("externalRefs").get(refs) != simdjson::SUCCESS) continue;
      simdjson::dom::array refs_array;
      if (refs.get_array().get(refs_array) != simdjson::SUCCESS) {
        return std::unexpected(AtJsonPath(path, package_path + ".externalRefs", "expected an array"));
      }
      std::size_t ref_index = 0;
      for (const simdjson::dom::element ref : refs_array) {
        const std::string ref_path = package_path + ".externalRefs[" + std::to_string(ref_index++) + "]";
        if (!ref.is_object()) return std::unexpected(AtJsonPath(path, ref_path, "expected an object"));
        // The category is PACKAGE-MANAGER in SPDX 2.3 and PACKAGE_MANAGER in 2.2 documents; the
        // type alone says it is a purl.
        if (StringMember(ref, "referenceType") != "purl") continue;
        simdjson::dom::element locator;
        std::string_view purl;
        if (ref.at_key("referenceLocator").get(locator) != simdjson::SUCCESS ||
            locator.get_string().get(purl) != simdjson::SUCCESS) {
          return std::unexpected(AtJsonPath(path, ref_path + ".referenceLocator", "expected a string"));
        }
        auto p = sbom::PackageFromPurl(purl, StringMember(package, "versionInfo"), path);
        if (!p) continue;
        packages.push_back(std::move(*p));
        break;  // a package with several purls (aliases) is still one package
      }
    }
    return packages;
  }
};

}  // namespace

std::unique_ptr<const Extractor> MakeSpdxJsonExtractor() {
  return std::make_unique<SpdxJsonExtractor>();
}

}  // namespace vigil::inventory
