// The renv.lock extractor ("renv.lock"): R packages installed from CRAN; packages from other sources
// (Bioconductor, GitHub, …) are left out as OSV has no ecosystem for them. Stateless; thread-safe.
#pragma once

#include <memory>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakeRenvLockExtractor();

}  // namespace vigil::inventory
