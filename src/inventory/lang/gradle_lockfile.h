// The gradle.lockfile extractor (also buildscript-gradle.lockfile): one locked module per line,
// "group:artifact:version=configurations". Stateless; thread-safe.
#pragma once

#include <memory>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakeGradleLockfileExtractor();

}  // namespace vigil::inventory
