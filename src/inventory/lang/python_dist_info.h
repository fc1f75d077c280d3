// The "python-dist-info" extractor (installed distributions: *.dist-info/METADATA, *.egg-info/PKG-INFO), ecosystem
// PyPI. Stateless and thread-safe; registered by lang/python_extractors.cc.
#pragma once

#include <memory>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakePythonDistInfoExtractor();

}  // namespace vigil::inventory
