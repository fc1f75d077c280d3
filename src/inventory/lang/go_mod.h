// The go.mod extractor ("go.mod"): a Go module's requirements after its replace directives,
// plus the Go toolchain it names as the synthetic package "stdlib". Stateless; thread-safe.
#pragma once

#include <memory>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakeGoModExtractor();

}  // namespace vigil::inventory
