#include "inventory/lang/gradle_verification_metadata.h"

#include <pugixml.hpp>
#include <string>
#include <vector>

#include "inventory/lang/jvm_xml.h"

namespace vigil::inventory {

namespace {

constexpr std::string_view kEcosystem = "Maven";

class GradleVerificationMetadataExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "gradle/verification-metadata.xml"; }

  // Gradle keeps the file in the build's "gradle" folder; elsewhere the name is not specific.
  bool ClaimsPath(const std::filesystem::path& path) const override {
    return path.filename() == "verification-metadata.xml" && path.parent_path().filename() == "gradle";
  }

  Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                       const FileSystem& fs) const override {
    static_cast<void>(fs);
    pugi::xml_document doc;
    if (auto loaded = LoadXml(doc, path, content); !loaded) return std::unexpected(std::move(loaded.error()));
    std::vector<Package> packages;
    const pugi::xml_node components = ChildElement(doc.document_element(), "components");
    for (const pugi::xml_node component : components.children()) {
      if (component.type() != pugi::node_element || LocalName(component) != "component") continue;
      const std::string_view group = TrimXmlSpace(component.attribute("group").value());
      const std::string_view artifact = TrimXmlSpace(component.attribute("name").value());
      const std::string_view version = TrimXmlSpace(component.attribute("version").value());
      if (group.empty() || artifact.empty() || version.empty()) continue;
      Package p;
      p.name = std::string(group) + ":" + std::string(artifact);
      p.version = std::string(version);
      p.ecosystem = std::string(kEcosystem);
      p.location = path.string();
      packages.push_back(std::move(p));
    }
    return packages;
  }
};

}  // namespace

std::unique_ptr<const Extractor> MakeGradleVerificationMetadataExtractor() {
  return std::make_unique<GradleVerificationMetadataExtractor>();
}

}  // namespace vigil::inventory
