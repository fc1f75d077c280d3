// rpm's Berkeley DB database (the hash file Packages: RHEL/AlmaLinux/Rocky 8, CentOS 7), read by
// walking its pages for the header blobs without Berkeley DB or rpm.
#pragma once

#include <memory>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakeRpmBdbExtractor();

}  // namespace vigil::inventory
