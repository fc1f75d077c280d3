// rpm's SQLite database (rpmdb.sqlite: Fedora, RHEL/AlmaLinux/Rocky 9 and later), read from its
// bytes without running rpm.
#pragma once

#include <memory>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakeRpmSqliteExtractor();

}  // namespace vigil::inventory
