// The SPDX tag-value extractor ("spdx-tag-value"): the packages of an SPDX 2.2/2.3 tag-value
// document that carry a package URL ("ExternalRef: PACKAGE-MANAGER purl <purl>") OSV can match.
// Stateless; thread-safe.
#pragma once

#include <memory>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakeSpdxTagValueExtractor();

}  // namespace vigil::inventory
