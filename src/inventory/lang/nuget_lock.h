// The NuGet lockfile extractor ("packages.lock.json", format version 1): the resolved packages of every
// target framework, each name@version once. Stateless; thread-safe.
#pragma once

#include <memory>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakeNuGetLockExtractor();

}  // namespace vigil::inventory
