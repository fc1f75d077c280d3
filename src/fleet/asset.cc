// Asset metadata rules and the audit digest of an asset's state.
#include "fleet/asset.h"

#include <algorithm>

#include "audit/digest.h"

namespace vigil::fleet {
namespace {

template <std::size_t N>
Result<void> CheckMember(std::string_view field, const std::optional<std::string>& value,
                         const std::string_view (&allowed)[N]) {
  if (!value || value->empty() || std::find(std::begin(allowed), std::end(allowed), *value) != std::end(allowed)) return {};
  std::string message(field);
  message += ": '";
  message += *value;
  message += "' is not one of ";
  for (std::size_t i = 0; i < N; ++i) {
    if (i > 0) message += ", ";
    message += allowed[i];
  }
  return Fail(ErrorCode::kInvalidArgument, message);
}

void SortDistinct(std::optional<std::vector<std::string>>& list) {
  if (!list) return;
  std::erase_if(*list, [](const std::string& s) { return s.empty(); });
  std::sort(list->begin(), list->end());
  list->erase(std::unique(list->begin(), list->end()), list->end());
}

void AddList(audit::CanonicalEncoder& encoder, const std::vector<std::string>& list) {
  encoder.Add(static_cast<std::int64_t>(list.size()));
  for (const auto& item : list) encoder.Add(item);
}

}  // namespace

Result<void> Normalize(AssetMetadata& metadata) {
  if (auto r = CheckMember("kind", metadata.kind, kAssetKinds); !r) return r;
  if (auto r = CheckMember("environment", metadata.environment, kEnvironments); !r) return r;
  if (metadata.criticality && (*metadata.criticality < 1 || *metadata.criticality > 4)) {
    return Fail(ErrorCode::kInvalidArgument, "criticality: " + std::to_string(*metadata.criticality) + " is not 1, 2, 3 or 4");
  }
  SortDistinct(metadata.customers);
  SortDistinct(metadata.data_classes);
  SortDistinct(metadata.tags);
  return {};
}

void Apply(const AssetMetadata& metadata, store::AssetRow& asset) {
  const auto set = [](const std::optional<std::string>& from, std::optional<std::string>& to) {
    if (from) to = from->empty() ? std::nullopt : from;
  };
  set(metadata.external_id, asset.external_id);
  set(metadata.kind, asset.kind);
  set(metadata.team, asset.team);
  if (metadata.customers) asset.customers = *metadata.customers;
  set(metadata.environment, asset.environment);
  if (metadata.internet_exposed) asset.internet_exposed = *metadata.internet_exposed;
  if (metadata.data_classes) asset.data_classes = *metadata.data_classes;
  if (metadata.criticality) asset.criticality = metadata.criticality;
  if (metadata.tags) asset.tags = *metadata.tags;
}

std::string AssetDigest(const store::AssetRow& asset) {
  audit::CanonicalEncoder encoder("vigil.asset.v1");
  encoder.Add(asset.name).AddOptional(asset.external_id).AddOptional(asset.kind).AddOptional(asset.team);
  AddList(encoder, asset.customers);
  encoder.AddOptional(asset.environment).Add(std::int64_t{asset.internet_exposed ? 1 : 0});
  AddList(encoder, asset.data_classes);
  encoder.AddOptional(asset.criticality);
  AddList(encoder, asset.tags);
  encoder.AddOptional(asset.os_id).AddOptional(asset.os_version).AddOptional(asset.os_pretty);
  encoder.AddOptional(asset.first_seen).AddOptional(asset.last_seen).AddOptional(asset.manifest);
  return encoder.Sha256Hex();
}

}  // namespace vigil::fleet
