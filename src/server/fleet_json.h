// The JSON the CLI prints and the server answers for fleet objects — an asset, a blast radius, a
// finding, an audit entry — so that `vigil assets list`, `vigil blast-radius`, `vigil findings`
// and the API agree field for field. Pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "fleet/blast_radius.h"
#include "fleet/findings.h"
#include "store/store.h"

namespace vigil::server {

[[nodiscard]] nlohmann::json AssetJson(const store::AssetRow& asset);
[[nodiscard]] nlohmann::json BlastRadiusJson(const fleet::BlastRadius& radius);
[[nodiscard]] nlohmann::json FindingJson(const fleet::ListedFinding& finding);
[[nodiscard]] nlohmann::json AuditEntryJson(const store::AuditEntry& entry);
// "critical", "high", "medium", "low", "none"; "unknown" without a CVSS score.
[[nodiscard]] std::string FindingSeverity(const fleet::ListedFinding& finding);

}  // namespace vigil::server
