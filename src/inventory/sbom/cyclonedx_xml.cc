#include "inventory/sbom/cyclonedx_xml.h"

#include <cstring>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <unordered_set>
#include <vector>

#include "inventory/sbom/sbom_common.h"

namespace vigil::inventory {

namespace {

constexpr std::string_view kNamespacePrefix = "http://cyclonedx.org/schema/bom/";

// Element names without a namespace prefix: BOMs may bind the CycloneDX namespace to "bom:" or any
// other prefix, and the version (1.2 … 1.6) is in the namespace URI, not the names.
std::string_view LocalName(const pugi::xml_node& node) {
  const std::string_view name = node.name();
  const std::size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node Child(const pugi::xml_node& node, std::string_view local_name) {
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_element && LocalName(child) == local_name) return child;
  }
  return {};
}

std::string_view Trimmed(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string_view ChildText(const pugi::xml_node& node, std::string_view local_name) {
  return Trimmed(Child(node, local_name).text().get());
}

Scope ScopeOf(std::string_view scope) {
  // As in the JSON form (cyclonedx_json.cc): excluded components are build/test tools.
  if (scope == "required") return Scope::kProd;
  if (scope == "optional") return Scope::kOptional;
  if (scope == "excluded") return Scope::kDev;
  return Scope::kUnknown;
}

class CycloneDxXmlExtractor final : public Extractor {
 public:
  [[nodiscard]] std::string_view name() const override { return "cyclonedx-xml"; }

  [[nodiscard]] bool ClaimsPath(const std::filesystem::path& path) const override {
    const std::string file = sbom::LowerFileName(path);
    return file == "bom.xml" || file.ends_with(".cdx.xml");
  }

  [[nodiscard]] bool ClaimsContent(std::string_view content) const override {
    return sbom::FirstSignificantChar(content) == '<' && content.find(kNamespacePrefix) != std::string_view::npos;
  }

  [[nodiscard]] Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                                     const FileSystem& fs) const override {
    static_cast<void>(fs);
    pugi::xml_document doc;
    const pugi::xml_parse_result parsed = doc.load_buffer(content.data(), content.size());
    if (!parsed) {
      return std::unexpected(sbom::AtLine(path, sbom::LineOf(content, static_cast<std::size_t>(parsed.offset)),
                                          std::string("invalid XML: ") + parsed.description()));
    }
    const pugi::xml_node bom = doc.document_element();
    if (LocalName(bom) != "bom") {
      return std::unexpected(
          sbom::AtLine(path, sbom::LineOf(content, static_cast<std::size_t>(bom.offset_debug())),
                       "expected a CycloneDX <bom> element, found <" + std::string(bom.name()) + ">"));
    }
    Walk walk{path, content, DirectRefs(bom), {}};
    if (const pugi::xml_node components = Child(bom, "components")) {
      if (auto done = walk.Components(components, 0); !done) return std::unexpected(done.error());
    }
    return std::move(walk.packages);
  }

 private:
  // As in the JSON form: the refs metadata/component depends on, when the BOM records them.
  static std::optional<std::unordered_set<std::string>> DirectRefs(const pugi::xml_node& bom) {
    const std::string_view subject = Child(Child(bom, "metadata"), "component").attribute("bom-ref").value();
    if (subject.empty()) return std::nullopt;
    for (pugi::xml_node dependency = Child(bom, "dependencies").first_child(); dependency;
         dependency = dependency.next_sibling()) {
      if (LocalName(dependency) != "dependency" || dependency.attribute("ref").value() != subject) continue;
      std::unordered_set<std::string> refs;
      for (pugi::xml_node child = dependency.first_child(); child; child = child.next_sibling()) {
        if (LocalName(child) == "dependency") refs.emplace(child.attribute("ref").value());
      }
      return refs;
    }
    return std::nullopt;
  }

  struct Walk {
    const std::filesystem::path& path;
    std::string_view content;
    std::optional<std::unordered_set<std::string>> direct_refs;
    std::vector<Package> packages;

    Result<void> Components(const pugi::xml_node& list, int depth) {
      if (depth > sbom::kMaxNesting) {
        return std::unexpected(sbom::AtLine(path, sbom::LineOf(content, static_cast<std::size_t>(list.offset_debug())),
                                            "components nested too deeply"));
      }
      for (pugi::xml_node component = list.first_child(); component; component = component.next_sibling()) {
        if (component.type() != pugi::node_element || LocalName(component) != "component") continue;
        Add(component);
        if (const pugi::xml_node nested = Child(component, "components")) {
          if (auto done = Components(nested, depth + 1); !done) return done;
        }
      }
      return {};
    }

    void Add(const pugi::xml_node& component) {
      // A component without a purl names nothing OSV can match: it is left out rather than kept
      // with an empty ecosystem.
      const std::string_view purl = ChildText(component, "purl");
      if (purl.empty()) return;
      auto package = sbom::PackageFromPurl(purl, ChildText(component, "version"), path);
      if (!package) return;
      package->scope = ScopeOf(ChildText(component, "scope"));
      if (direct_refs) {
        const std::string_view ref = component.attribute("bom-ref").value();
        package->direct = !ref.empty() && direct_refs->contains(std::string(ref));
      }
      packages.push_back(std::move(*package));
    }
  };
};

}  // namespace

std::unique_ptr<const Extractor> MakeCycloneDxXmlExtractor() {
  return std::make_unique<CycloneDxXmlExtractor>();
}

}  // namespace vigil::inventory
