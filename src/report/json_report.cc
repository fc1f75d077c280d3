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

json HygieneJson(const hygiene::Hygiene& facts) {
  json os = nullptr;
  if (facts.os) {
    const auto* row = facts.os->lifecycle.entry;
    os = {{"id", facts.os->os.id},
          {"version_id", facts.os->os.version_id},
          {"support", hygiene::OsSupportName(facts.os->support)},
          {"eol", row != nullptr ? json(row->eol) : json(nullptr)},
          {"source", row != nullptr ? json(row->source) : json(nullptr)}};
    if (row != nullptr && !row->lts_end.empty()) os["lts_end"] = row->lts_end;
  }
  json without_fix = json::array();
  for (const auto& p : facts.without_fix) {
    without_fix.push_back({{"ecosystem", p.ecosystem}, {"name", p.name}, {"version", p.version}, {"findings", p.finding_ids}});
  }
  json out = {{"os", std::move(os)},
              {"packages_per_ecosystem", facts.packages_per_ecosystem},
              {"vulnerable_packages_without_fix", std::move(without_fix)}};
  if (facts.ecosystems_without_advisory_data) out["ecosystems_without_advisory_data"] = *facts.ecosystems_without_advisory_data;
  return out;
}

json IssuesJson(const std::vector<ScanIssue>& issues) {
  json out = json::array();
  for (const auto& issue : issues) out.push_back({{"path", issue.path}, {"message", issue.message}});
  return out;
}

json RuleJson(const match::SuppressionRule& rule) {
  json out = {{"by", rule.kind == match::RuleKind::kVex ? "vex" : "ignore"}, {"status", rule.status}, {"source", rule.source}};
  Put(out, "justification", rule.justification);
  Put(out, "reason", rule.reason);
  Put(out, "expires", rule.expires);
  return out;
}

json SuppressedJson(const match::SuppressionResult& suppression) {
  json out = json::array();
  for (const auto& s : suppression.suppressed) {
    const auto& f = s.finding;
    out.push_back({{"id", f.id},
                   {"aliases", f.aliases},
                   {"package", {{"ecosystem", f.ecosystem}, {"name", f.name}, {"version", f.version}}},
                   {"fixed_version", f.fixed_version.empty() ? json(nullptr) : json(f.fixed_version)},
                   {"severity", SeverityLabel(f)},
                   {"kev", f.known_exploited},
                   {"suppressed_by", RuleJson(s.rule)}});
  }
  return out;
}

json ExpiredIgnoresJson(const match::SuppressionResult& suppression) {
  json out = json::array();
  for (const auto& rule : suppression.expired) {
    json entry = {{"id", rule.vulnerability}, {"reason", rule.reason}, {"expires", rule.expires}, {"source", rule.source}};
    if (!rule.packages.empty()) entry["package"] = rule.packages.front();
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace

std::string SeverityLabel(const match::Finding& finding) {
  if (!finding.cvss_score) return "unknown";
  std::string label(knowledge::cvss::SeverityName(static_cast<knowledge::cvss::Severity>(finding.severity)));
  for (char& c : label) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return label;
}

std::string InventoryJson(const inventory::Inventory& inventory, const std::vector<ScanIssue>& issues,
                          const hygiene::Hygiene& hygiene) {
  json packages = json::array();
  for (const auto& p : inventory.packages) packages.push_back(PackageJson(p));
  const json out = {{"asset", AssetJson(inventory)},
                    {"os", OsJson(inventory)},
                    {"packages", std::move(packages)},
                    {"hygiene", HygieneJson(hygiene)},
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
  const json out = {
      {"target", report.target},
      {"asset", AssetJson(report.inventory)},
      {"os", OsJson(report.inventory)},
      {"summary",
       {{"packages", report.inventory.packages.size()},
        {"distinct_packages", report.match.distinct_packages},
        {"packages_without_version", report.match.without_version},
        {"findings", report.match.findings.size()},
        {"findings_by_severity", by_severity},
        {"known_exploited", kev},
        {"suppressed", report.suppression.suppressed.size()}}},
      {"hygiene", HygieneJson(report.hygiene)},
      {"findings", std::move(findings)},
      {"suppressed", SuppressedJson(report.suppression)},
      {"expired_ignores", ExpiredIgnoresJson(report.suppression)},
      {"issues", std::move(issues)}};
  return out.dump(2) + "\n";
}

}  // namespace vigil::report
