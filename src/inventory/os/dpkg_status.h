// The dpkg database of Debian and Ubuntu: /var/lib/dpkg/status and the one-package files of
// /var/lib/dpkg/status.d/ that distroless images carry instead.
#pragma once

#include <memory>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakeDpkgStatusExtractor();

}  // namespace vigil::inventory
