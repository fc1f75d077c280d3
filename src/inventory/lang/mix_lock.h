// The mix.lock extractor ("mix.lock"): the Hex and git dependencies of an Elixir lockfile, read with
// a small parser of Elixir terms (maps, tuples, lists, strings, atoms). Stateless; thread-safe.
#pragma once

#include <memory>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakeMixLockExtractor();

}  // namespace vigil::inventory
