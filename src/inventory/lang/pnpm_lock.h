// The "pnpm-lock.yaml" extractor: lockfileVersion 5.x (`/name/version_peers` keys), 6.x
// (`/name@version(peers)`) and 9.x (`name@version` keys, with importers and snapshots apart).
// Stateless; thread-safe.
#pragma once

#include <memory>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakePnpmLockExtractor();

}  // namespace vigil::inventory
