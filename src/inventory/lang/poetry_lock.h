// The "poetry.lock" extractor (Poetry's TOML lockfile), ecosystem PyPI. Stateless and thread-safe;
// registered by lang/python_extractors.cc.
#pragma once

#include <memory>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakePoetryLockExtractor();

}  // namespace vigil::inventory
