// The SPDX JSON extractor ("spdx-json"): the packages of an SPDX 2.2/2.3 JSON document that carry a
// package URL (an externalRefs entry of type "purl") OSV can match.
// Stateless; thread-safe.
#pragma once

#include <memory>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakeSpdxJsonExtractor();

}  // namespace vigil::inventory
