// The JSON the CLI prints and the server answers for fleet objects — an asset, a blast radius — so
// that `vigil assets list`, `vigil blast-radius` and the API agree field for field. Also the
// narrowing of a blast radius to what one team or customer may see. Pure functions.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>

#include "fleet/blast_radius.h"
#include "store/store.h"

namespace vigil::server {

[[nodiscard]] nlohmann::json AssetJson(const store::AssetRow& asset);
[[nodiscard]] nlohmann::json BlastRadiusJson(const fleet::BlastRadius& radius);

// Keeps the assets `keep` accepts and recounts the groupings from them alone.
[[nodiscard]] fleet::BlastRadius FilterBlastRadius(const fleet::BlastRadius& radius,
                                                   const std::function<bool(const fleet::AffectedAsset&)>& keep);

}  // namespace vigil::server
