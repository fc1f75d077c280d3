// JSON encodings of assets and blast radii shared by the CLI and the server.
#include "server/fleet_json.h"

#include "core/time.h"

namespace vigil::server {
namespace {

using nlohmann::json;

json OptionalJson(const std::optional<std::string>& text) {
  return text ? json(*text) : json(nullptr);
}

std::string OrUnassigned(const std::optional<std::string>& value) {
  return value ? *value : std::string(fleet::kUnassigned);
}

}  // namespace

json AssetJson(const store::AssetRow& a) {
  const auto time = [](const std::optional<std::int64_t>& t) { return t ? json(FormatRfc3339(*t)) : json(nullptr); };
  return {{"name", a.name},
          {"external_id", OptionalJson(a.external_id)},
          {"kind", OptionalJson(a.kind)},
          {"team", OptionalJson(a.team)},
          {"customers", a.customers},
          {"environment", OptionalJson(a.environment)},
          {"internet_exposed", a.internet_exposed},
          {"data_classes", a.data_classes},
          {"criticality", a.criticality ? json(*a.criticality) : json(nullptr)},
          {"tags", a.tags},
          {"os", a.os_id ? json{{"id", *a.os_id},
                                {"version_id", OptionalJson(a.os_version)},
                                {"pretty_name", OptionalJson(a.os_pretty)}}
                         : json(nullptr)},
          {"first_seen", time(a.first_seen)},
          {"last_seen", time(a.last_seen)},
          {"manifest", OptionalJson(a.manifest)}};
}

json BlastRadiusJson(const fleet::BlastRadius& radius) {
  json assets = json::array();
  for (const auto& a : radius.assets) {
    json packages = json::array();
    for (const auto& p : a.packages) {
      packages.push_back({{"package", {{"ecosystem", p.package.ecosystem}, {"name", p.package.name}}},
                          {"installed_version", p.package.version},
                          {"fixed_version", OptionalJson(p.fixed_version)}});
    }
    // The first affected package is spelled out at the top level; all of them are in "packages".
    json entry = {{"name", a.name},
                  {"team", OptionalJson(a.team)},
                  {"customers", a.customers},
                  {"environment", OptionalJson(a.environment)},
                  {"internet_exposed", a.internet_exposed},
                  {"package", packages[0]["package"]},
                  {"installed_version", packages[0]["installed_version"]},
                  {"fixed_version", packages[0]["fixed_version"]},
                  {"packages", std::move(packages)}};
    assets.push_back(std::move(entry));
  }
  return {{"vulnerability", {{"id", radius.id}, {"aliases", radius.aliases}}},
          {"total_assets", radius.assets.size()},
          {"assets", std::move(assets)},
          {"by_team", radius.by_team},
          {"by_customer", radius.by_customer},
          {"by_environment", radius.by_environment},
          {"internet_exposed", radius.internet_exposed}};
}

fleet::BlastRadius FilterBlastRadius(const fleet::BlastRadius& radius,
                                     const std::function<bool(const fleet::AffectedAsset&)>& keep) {
  fleet::BlastRadius out;
  out.id = radius.id;
  out.aliases = radius.aliases;
  // Same counting rules as BlastRadiusIndex::Query.
  for (const auto& asset : radius.assets) {
    if (!keep(asset)) continue;
    ++out.by_team[OrUnassigned(asset.team)];
    if (asset.customers.empty()) ++out.by_customer[std::string(fleet::kUnassigned)];
    for (const auto& customer : asset.customers) ++out.by_customer[customer];
    ++out.by_environment[OrUnassigned(asset.environment)];
    if (asset.internet_exposed) ++out.internet_exposed;
    out.assets.push_back(asset);
  }
  return out;
}

}  // namespace vigil::server
