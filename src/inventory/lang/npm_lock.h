// The npm lockfile extractors: "package-lock.json" (lockfileVersion 1's nested `dependencies`
// tree, 2's and 3's `packages` map keyed by node_modules paths) and
// "node_modules/.package-lock.json", npm's hidden lockfile, which has the same form. Stateless;
// thread-safe.
#pragma once

#include <memory>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakeNpmLockExtractor();
[[nodiscard]] std::unique_ptr<const Extractor> MakeNodeModulesLockExtractor();

}  // namespace vigil::inventory
