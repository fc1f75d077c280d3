// The CycloneDX XML extractor ("cyclonedx-xml"): every component (nested ones too) of a CycloneDX
// 1.2-1.6 XML BOM that has a package URL OSV can match.
// Stateless; thread-safe.
#pragma once

#include <memory>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakeCycloneDxXmlExtractor();

}  // namespace vigil::inventory
