// The Go executable extractor ("go-binary"): the modules an ELF program built by Go 1.18 or later
// records in its .go.buildinfo section (main module, deps after replacements, and the toolchain as
// "stdlib"). It claims files by content only, never by name. Stateless; thread-safe.
#pragma once

#include <memory>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakeGoBinaryExtractor();

}  // namespace vigil::inventory
