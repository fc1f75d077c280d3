// The Maven pom.xml extractor: the declared dependencies of one project, with ${property}
// interpolation, <dependencyManagement> versions and version ranges reduced to their lower bound.
// Stateless; thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakePomXmlExtractor();

// The version Maven would start from for a requirement: the lower bound of the first range
// ("[1.2,1.3]" -> "1.2"), or "0" when it has none ("(,1.0]" -> "0"). A soft requirement ("1.0")
// is returned as written.
[[nodiscard]] std::string ResolveMavenRequirement(std::string_view requirement);

}  // namespace vigil::inventory
