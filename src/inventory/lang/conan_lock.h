// The conan.lock extractor ("conan.lock"): C/C++ packages of Conan 1 graph locks (formats 0.1-0.4)
// and of Conan 2 lockfiles (0.5, "requires"/"build_requires"/"python_requires"). Stateless; thread-safe.
#pragma once

#include <memory>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakeConanLockExtractor();

}  // namespace vigil::inventory
