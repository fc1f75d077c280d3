// The Cargo.lock extractor ("Cargo.lock"): every [[package]] of a Rust lockfile, on crates.io.
// Stateless; thread-safe.
#pragma once

#include <memory>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakeCargoLockExtractor();

}  // namespace vigil::inventory
