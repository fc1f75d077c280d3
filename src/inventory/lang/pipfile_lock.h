// The "Pipfile.lock" extractor (pipenv's JSON lockfile), ecosystem PyPI. Stateless and thread-safe;
// registered by lang/python_extractors.cc.
#pragma once

#include <memory>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakePipfileLockExtractor();

}  // namespace vigil::inventory
