// JSON encodings of assets, blast radii, findings and audit entries shared by the CLI and the server.
#include "server/fleet_json.h"

#include <cctype>

#include "core/time.h"
#include "knowledge/cvss/cvss.h"

namespace vigil::server {
namespace {

using nlohmann::json;

json OptionalJson(const std::optional<std::string>& text) {
  return text ? json(*text) : json(nullptr);
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
          {"total_assets", radius.total_assets},
          {"assets", std::move(assets)},
          {"by_team", radius.by_team},
          {"by_customer", radius.by_customer},
          {"by_environment", radius.by_environment},
          {"internet_exposed", radius.internet_exposed},
          // The CLI lists every asset; the API pages them and puts its opaque cursor here.
          {"next_cursor", nullptr}};
}

std::string FindingSeverity(const fleet::ListedFinding& finding) {
  if (!finding.facts || !finding.facts->cvss_score) return "unknown";
  std::string name(knowledge::cvss::SeverityName(static_cast<knowledge::cvss::Severity>(finding.facts->severity)));
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

json FindingJson(const fleet::ListedFinding& listed) {
  const auto& a = listed.asset;
  const auto& f = listed.finding;
  const auto* facts = listed.facts ? &*listed.facts : nullptr;
  const auto number = [](const std::optional<double>& value) { return value ? json(*value) : json(nullptr); };
  return {{"asset", a.name},
          {"team", OptionalJson(a.team)},
          {"customers", a.customers},
          {"environment", OptionalJson(a.environment)},
          {"internet_exposed", a.internet_exposed},
          {"vulnerability", f.key.vulnerability},
          {"aliases", facts != nullptr ? json(facts->aliases) : json::array()},
          {"ecosystem", f.key.ecosystem},
          {"name", f.key.name},
          {"version", f.key.version},
          {"fixed_version", facts != nullptr && !facts->fixed_version.empty() ? json(facts->fixed_version) : json(nullptr)},
          {"severity", FindingSeverity(listed)},
          {"cvss_score", facts != nullptr ? number(facts->cvss_score) : json(nullptr)},
          {"known_exploited", facts != nullptr && facts->known_exploited},
          {"epss", facts != nullptr ? number(facts->epss) : json(nullptr)},
          {"state", f.fixed_at ? "fixed" : "open"},
          {"first_seen", FormatRfc3339(f.first_seen)},
          {"fixed_at", f.fixed_at ? json(FormatRfc3339(*f.fixed_at)) : json(nullptr)}};
}

json AuditEntryJson(const store::AuditEntry& e) {
  return {{"seq", e.seq},
          {"time", e.time},
          {"actor", e.actor},
          {"action", e.action},
          {"object", e.object},
          {"before_sha256", OptionalJson(e.before_sha256)},
          {"after_sha256", OptionalJson(e.after_sha256)},
          {"prev_hash", e.prev_hash},
          {"hash", e.hash}};
}

}  // namespace vigil::server
