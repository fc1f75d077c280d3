// The gradle/verification-metadata.xml extractor: every component Gradle's dependency
// verification lists (<components><component group= name= version=>). Stateless; thread-safe.
#pragma once

#include <memory>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakeGradleVerificationMetadataExtractor();

}  // namespace vigil::inventory
