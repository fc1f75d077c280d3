// The "yarn.lock" extractor: yarn 1's own text format and yarn berry's (2+) YAML form with its
// `__metadata` entry, read line by line as osv-scanner reads both. Stateless; thread-safe.
#pragma once

#include <memory>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakeYarnLockExtractor();

}  // namespace vigil::inventory
