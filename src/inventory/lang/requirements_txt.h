// The "requirements.txt" extractor (pip requirement files, following -r includes), ecosystem PyPI. Stateless and
// thread-safe; registered by lang/python_extractors.cc.
#pragma once

#include <memory>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakeRequirementsTxtExtractor();

}  // namespace vigil::inventory
