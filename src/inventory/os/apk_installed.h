// The apk database of Alpine (and Wolfi, Chainguard): /lib/apk/db/installed.
#pragma once

#include <memory>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakeApkInstalledExtractor();

}  // namespace vigil::inventory
