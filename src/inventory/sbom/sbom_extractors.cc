#include "inventory/groups.h"
#include "inventory/sbom/cyclonedx_json.h"
#include "inventory/sbom/cyclonedx_xml.h"
#include "inventory/sbom/spdx_json.h"
#include "inventory/sbom/spdx_tag_value.h"

namespace vigil::inventory {

void RegisterSbomExtractors(ExtractorList& out) {
  out.push_back(MakeCycloneDxJsonExtractor());
  out.push_back(MakeCycloneDxXmlExtractor());
  out.push_back(MakeSpdxJsonExtractor());
  out.push_back(MakeSpdxTagValueExtractor());
}

}  // namespace vigil::inventory
