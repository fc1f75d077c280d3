// The pubspec.lock extractor ("pubspec.lock"): Dart/Flutter packages, "direct dev" ones in group
// "dev", git ones with their resolved commit. Stateless; thread-safe.
#pragma once

#include <memory>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakePubspecLockExtractor();

}  // namespace vigil::inventory
