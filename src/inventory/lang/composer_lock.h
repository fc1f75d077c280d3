// The composer.lock extractor ("composer.lock"): PHP packages of "packages" and, in group "dev",
// "packages-dev", with the pinned source reference. Stateless; thread-safe.
#pragma once

#include <memory>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakeComposerLockExtractor();

}  // namespace vigil::inventory
