// vigil's JSON for inventories and scans; the schema is documented in docs/formats/scan.md.
#include <cctype>
#include <map>

#include <nlohmann/json.hpp>

#include "knowledge/cvss/cvss.h"
#include "report/report.h"

namespace vigil::report {

namespace {

using nlohmann::json;

std::string_view ScopeName(inventory::Scope scope) {
  switch (scope) {
    case inventory::Scope::kProd: return "prod";
    case inventory::Scope::kDev: return "dev";
    case inventory::Scope::kOptional: return "optional";
    case inventory::Scope::kUnknown: break;
  }
  return "unknown";
}

std::string_view AssetKindName(inventory::AssetKind kind) {
  switch (kind) {
    case inventory::AssetKind::kHost: return "host";
    case inventory::AssetKind::kImage: return "image";
    case inventory::AssetKind::kDirectory: return "directory";
    case inventory::AssetKind::kFile: break;
  }
  return "file";
}

// Sets `key` only when the value says something, to keep reports small.
void Put(json& object, const char* key, const std::string& value) {
  if (!value.empty()) object[key] = value;
}

json PackageJson(const inventory::Package& p) {
  json out = {{"name", p.name}, {"version", p.version}, {"ecosystem", p.ecosystem}};
  Put(out, "compare_as", p.compare_as);
  Put(out, "purl", p.purl);
  Put(out, "commit", p.commit);
  Put(out, "source_name", p.source_name);
  Put(out, "source_version", p.source_version);
  Put(out, "binary_name", p.binary_name);
  Put(out, "binary_version", p.binary_version);
  Put(out, "arch", p.arch);
  Put(out, "location", p.location);
  if (!p.dep_groups.empty()) out["dep_groups"] = p.dep_groups;
  out["scope"] = ScopeName(p.scope);
  if (p.direct) out["direct"] = *p.direct;
  return out;
}

json AssetJson(const inventory::Inventory& inventory) {
  json asset = {{"kind", AssetKindName(inventory.asset.kind)}, {"name", inventory.asset.name}};
  Put(asset, "machine_id", inventory.asset.machine_id);
  Put(asset, "digest", inventory.asset.digest);
  return asset;
}

json OsJson(const inventory::Inventory& inventory) {
  if (!inventory.os) return nullptr;
  return {{"id", inventory.os->id}, {"version_id", inventory.os->version_id}, {"pretty_name", inventory.os->pretty_name}};
}

json IssuesJson(const std::vector<ScanIssue>& issues) {
  json out = json::array();
  for (const auto& issue : issues) out.push_back({{"path", issue.path}, {"message", issue.message}});
  return out;
}

}  // namespace

std::string SeverityLabel(const match::Finding& finding) {
  if (!finding.cvss_score) return "unknown";
  std::string label(knowledge::cvss::SeverityName(static_cast<knowledge::cvss::Severity>(finding.severity)));
  for (char& c : label) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return label;
}

std::string InventoryJson(const inventory::Inventory& inventory, const std::vector<ScanIssue>& issues) {
  json packages = json::array();
  std::map<std::string, std::size_t> per_ecosystem;
  for (const auto& p : inventory.packages) {
    packages.push_back(PackageJson(p));
    ++per_ecosystem[p.ecosystem];
  }
  const json out = {{"asset", AssetJson(inventory)},
                    {"os", OsJson(inventory)},
                    {"packages", std::move(packages)},
                    {"packages_per_ecosystem", per_ecosystem},
                    {"issues", IssuesJson(issues)}};
  return out.dump(2) + "\n";
}

std::string ScanJson(const ScanReport& report) {
  json findings = json::array();
  std::map<std::string, std::size_t> by_severity;
  std::size_t kev = 0;
  for (const auto& f : report.match.findings) {
    const std::string severity = SeverityLabel(f);
    json finding = {{"id", f.id},
                    {"aliases", f.aliases},
                    {"package", {{"ecosystem", f.ecosystem}, {"name", f.name}, {"version", f.version}}},
                    {"fixed_version", f.fixed_version.empty() ? json(nullptr) : json(f.fixed_version)},
                    {"severity", severity},
                    {"cvss", f.cvss_score ? json{{"score", *f.cvss_score}, {"vector", f.cvss_vector}} : json(nullptr)},
                    {"kev", f.known_exploited},
                    {"epss", f.epss ? json{{"score", *f.epss}, {"percentile", *f.epss_percentile}} : json(nullptr)},
                    {"summary", f.summary},
                    {"modified", f.modified},
                    {"locations", f.locations}};
    Put(finding["package"], "purl", f.purl);
    findings.push_back(std::move(finding));
    ++by_severity[severity];
    if (f.known_exploited) ++kev;
  }
  json issues = IssuesJson(report.issues);
  for (const auto& issue : report.match.issues) issues.push_back({{"path", issue.location}, {"message", issue.message}});
  std::map<std::string, std::size_t> per_ecosystem;
  for (const auto& p : report.inventory.packages) ++per_ecosystem[p.ecosystem];
  const json out = {
      {"target", report.target},
      {"asset", AssetJson(report.inventory)},
      {"os", OsJson(report.inventory)},
      {"summary",
       {{"packages", report.inventory.packages.size()},
        {"distinct_packages", report.match.distinct_packages},
        {"packages_without_version", report.match.without_version},
        {"packages_per_ecosystem", per_ecosystem},
        {"findings", report.match.findings.size()},
        {"findings_by_severity", by_severity},
        {"known_exploited", kev}}},
      {"findings", std::move(findings)},
      {"issues", std::move(issues)}};
  return out.dump(2) + "\n";
}

}  // namespace vigil::report
