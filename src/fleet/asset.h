// Asset metadata as reports and CMDB exports state it, and the rules every source of it obeys:
// the allowed kinds and environments, criticality 1–4, sorted distinct lists. Also the digest of an
// asset's state that its audit entries record. Pure functions; thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace vigil::fleet {

// What a source says about an asset; an absent field leaves the stored value as it is, an empty
// text or list clears it.
struct AssetMetadata {
  std::optional<std::string> external_id;
  std::optional<std::string> kind;
  std::optional<std::string> team;
  std::optional<std::vector<std::string>> customers;
  std::optional<std::string> environment;
  std::optional<bool> internet_exposed;
  std::optional<std::vector<std::string>> data_classes;
  std::optional<std::int64_t> criticality;
  std::optional<std::vector<std::string>> tags;
};

inline constexpr std::string_view kAssetKinds[] = {"host", "vm", "image", "container", "service"};
inline constexpr std::string_view kEnvironments[] = {"prod", "staging", "dev"};

// kInvalidArgument naming the field ("kind: 'vmm' is not one of host, vm, …") when a value breaks
// the rules (an empty kind or environment is allowed: it clears). Sorts and de-duplicates the
// lists; drops empty list entries.
[[nodiscard]] Result<void> Normalize(AssetMetadata& metadata);

// Writes every field `metadata` states into `asset`.
void Apply(const AssetMetadata& metadata, store::AssetRow& asset);

// SHA-256 (hex) of the canonical encoding of every field of `asset` but its id.
[[nodiscard]] std::string AssetDigest(const store::AssetRow& asset);

}  // namespace vigil::fleet
