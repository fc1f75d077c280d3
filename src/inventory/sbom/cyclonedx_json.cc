#include "inventory/sbom/cyclonedx_json.h"

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "inventory/sbom/sbom_common.h"

namespace vigil::inventory {

namespace {

using sbom::AtJsonPath;

// The CycloneDX `scope` of a component. "excluded" components are not part of the runtime (build and
// test tools), the nearest vigil has to a dev dependency. The spec says to assume "required" when
// the scope is missing, but most generators never write one, so a missing scope stays unknown.
Scope ScopeOf(std::string_view scope) {
  if (scope == "required") return Scope::kProd;
  if (scope == "optional") return Scope::kOptional;
  if (scope == "excluded") return Scope::kDev;
  return Scope::kUnknown;
}

std::string_view StringMember(simdjson::dom::element object, std::string_view key) {
  std::string_view value;
  if (object.at_key(key).get_string().get(value) != simdjson::SUCCESS) return {};
  return value;
}

class CycloneDxJsonExtractor final : public Extractor {
 public:
  [[nodiscard]] std::string_view name() const override { return "cyclonedx-json"; }

  // The names CycloneDX recommends (bom.json, *.cdx.json) and the ones common tools write.
  [[nodiscard]] bool ClaimsPath(const std::filesystem::path& path) const override {
    const std::string file = sbom::LowerFileName(path);
    return file == "bom.json" || file.ends_with(".cdx.json") || file.ends_with(".bom.json") ||
           file.ends_with("_bom.json");
  }

  [[nodiscard]] bool ClaimsContent(std::string_view content) const override {
    return sbom::FirstSignificantChar(content) == '{' && sbom::HasJsonMember(content, "bomFormat", "CycloneDX");
  }

  [[nodiscard]] Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                                     const FileSystem& fs) const override {
    static_cast<void>(fs);
    simdjson::dom::parser parser;
    auto root = sbom::ParseJson(parser, path, content);
    if (!root) return std::unexpected(root.error());
    if (!root->is_object()) return std::unexpected(AtJsonPath(path, "$", "expected an object"));
    if (const std::string_view format = StringMember(*root, "bomFormat"); !format.empty() && format != "CycloneDX") {
      return std::unexpected(AtJsonPath(path, "$.bomFormat", "expected \"CycloneDX\""));
    }

    Walk walk{path, DirectRefs(*root), {}};
    simdjson::dom::element components;
    if (root->at_key("components").get(components) == simdjson::SUCCESS) {
      if (auto done = walk.Components(components, "$.components", 0); !done) return std::unexpected(done.error());
    }
    return std::move(walk.packages);
  }

 private:
  // The bom-refs the BOM's subject (metadata.component) depends on directly, when the BOM records
  // its dependency graph; nullopt when it does not, so that `direct` stays unknown.
  static std::optional<std::unordered_set<std::string>> DirectRefs(simdjson::dom::element root) {
    std::string_view subject;
    if (root.at_key("metadata").at_key("component").at_key("bom-ref").get_string().get(subject) != simdjson::SUCCESS ||
        subject.empty()) {
      return std::nullopt;
    }
    simdjson::dom::array dependencies;
    if (root.at_key("dependencies").get_array().get(dependencies) != simdjson::SUCCESS) return std::nullopt;
    for (const simdjson::dom::element dependency : dependencies) {
      if (!dependency.is_object() || StringMember(dependency, "ref") != subject) continue;
      std::unordered_set<std::string> refs;
      simdjson::dom::array depends_on;
      if (dependency.at_key("dependsOn").get_array().get(depends_on) == simdjson::SUCCESS) {
        for (const simdjson::dom::element ref : depends_on) {
          std::string_view text;
          if (ref.get_string().get(text) == simdjson::SUCCESS) refs.emplace(text);
        }
      }
      return refs;
    }
    return std::nullopt;
  }

  struct Walk {
    const std::filesystem::path& path;
    std::optional<std::unordered_set<std::string>> direct_refs;
    std::vector<Package> packages;

    Result<void> Components(simdjson::dom::element list, const std::string& json_path, int depth) {
      if (depth > sbom::kMaxNesting) {
        return std::unexpected(AtJsonPath(path, json_path, "components nested too deeply"));
      }
      simdjson::dom::array array;
      if (list.get_array().get(array) != simdjson::SUCCESS) {
        return std::unexpected(AtJsonPath(path, json_path, "expected an array"));
      }
      std::size_t index = 0;
      for (const simdjson::dom::element component : array) {
        const std::string component_path = json_path + "[" + std::to_string(index++) + "]";
        if (!component.is_object()) return std::unexpected(AtJsonPath(path, component_path, "expected an object"));
        if (auto added = Component(component, component_path); !added) return added;
        simdjson::dom::element nested;
        if (component.at_key("components").get(nested) == simdjson::SUCCESS) {
          if (auto done = Components(nested, component_path + ".components", depth + 1); !done) return done;
        }
      }
      return {};
    }

    Result<void> Component(simdjson::dom::element component, const std::string& component_path) {
      simdjson::dom::element purl_element;
      // A component without a purl (a file, an application, a vendored library) names nothing OSV
      // can match: it is left out rather than kept with an empty ecosystem.
      if (component.at_key("purl").get(purl_element) != simdjson::SUCCESS || purl_element.is_null()) return {};
      std::string_view purl;
      if (purl_element.get_string().get(purl) != simdjson::SUCCESS) {
        return std::unexpected(AtJsonPath(path, component_path + ".purl", "expected a string"));
      }
      auto package = sbom::PackageFromPurl(purl, StringMember(component, "version"), path);
      if (!package) return {};
      package->scope = ScopeOf(StringMember(component, "scope"));
      if (direct_refs) {
        const std::string_view ref = StringMember(component, "bom-ref");
        package->direct = !ref.empty() && direct_refs->contains(std::string(ref));
      }
      packages.push_back(std::move(*package));
      return {};
    }
  };
};

}  // namespace

std::unique_ptr<const Extractor> MakeCycloneDxJsonExtractor() {
  return std::make_unique<CycloneDxJsonExtractor>();
}

}  // namespace vigil::inventory
