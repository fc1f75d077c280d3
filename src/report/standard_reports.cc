// Scan results in the standard formats other tools read: SARIF 2.1.0 (code-scanning dashboards),
// CycloneDX 1.6 (an SBOM with its vulnerabilities, or VEX only) and OpenVEX 0.2.0.
#include <algorithm>
#include <chrono>
#include <initializer_list>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <openssl/sha.h>

#include "core/build_info.h"
#include "core/time.h"
#include "purl/osv.h"
#include "purl/purl.h"
#include "report/report.h"

namespace vigil::report {

namespace {

using nlohmann::json;

std::string PurlOf(const std::string& known, const std::string& ecosystem, const std::string& name, const std::string& version) {
  if (!known.empty()) return known;
  const auto purl = purl::FromOsv(ecosystem, name, version);
  return purl ? purl::ToString(*purl) : std::string();
}

std::int64_t NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string AdvisoryUrl(const std::string& id) { return "https://osv.dev/vulnerability/" + id; }

// A stable identifier derived from the content, so the same scan gives the same document.
std::string ContentDigest(const std::string& text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const unsigned char b : digest) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

// RFC 4122 form of the first 16 bytes of a digest, version 5-like bits set.
std::string UuidFrom(const std::string& hex) {
  std::string u = hex.substr(0, 32);
  u[12] = '5';
  u[16] = "89ab"[(u[16] - '0') & 3];
  return u.substr(0, 8) + "-" + u.substr(8, 4) + "-" + u.substr(12, 4) + "-" + u.substr(16, 4) + "-" + u.substr(20, 12);
}

std::string FindingKey(const match::Finding& f) { return f.ecosystem + "\n" + f.name + "\n" + f.version; }

std::string CycloneDxSeverity(const std::string& label) {
  return label == "none" ? "none" : label;  // critical, high, medium, low, none, unknown are all CycloneDX values
}

std::string CvssMethod(const std::string& vector) {
  if (vector.starts_with("CVSS:4.0")) return "CVSSv4";
  if (vector.starts_with("CVSS:3.1")) return "CVSSv31";
  if (vector.starts_with("CVSS:3.0")) return "CVSSv3";
  return "CVSSv2";
}

// The findings that remain (without a rule) followed by those a VEX statement or ignore entry
// cleared: the standard formats record both, the latter with their state.
std::vector<std::pair<const match::Finding*, const match::SuppressionRule*>> FindingsWithRules(const ScanReport& report) {
  std::vector<std::pair<const match::Finding*, const match::SuppressionRule*>> all;
  for (const auto& f : report.match.findings) all.emplace_back(&f, nullptr);
  for (const auto& s : report.suppression.suppressed) all.emplace_back(&s.finding, &s.rule);
  return all;
}

bool IsOneOf(std::string_view value, std::initializer_list<std::string_view> choices) {
  return std::find(choices.begin(), choices.end(), value) != choices.end();
}

// A VEX status, OpenVEX's or CycloneDX's, in OpenVEX terms.
std::string_view OpenVexStatus(const match::SuppressionRule& rule) {
  if (IsOneOf(rule.status, {"fixed", "resolved", "resolved_with_pedigree"})) return "fixed";
  return "not_affected";
}

// CycloneDX's analysis state for a VEX rule read in either format.
std::string_view CycloneDxState(const match::SuppressionRule& rule) {
  if (rule.status == "fixed") return "resolved";
  if (IsOneOf(rule.status, {"false_positive", "resolved", "resolved_with_pedigree"})) return rule.status;
  return "not_affected";
}

// Why a suppressed finding needs no action, in one sentence.
std::string SuppressionText(const match::SuppressionRule& rule) {
  std::string text = rule.kind == match::RuleKind::kVex ? "VEX: " + rule.status : "accepted until " + rule.expires;
  if (!rule.justification.empty()) text += " (" + rule.justification + ")";
  if (!rule.reason.empty()) text += ": " + rule.reason;
  text += " [" + rule.source + "]";
  return text;
}

}  // namespace

std::string ScanSarif(const ScanReport& report) {
  json rules = json::array();
  json results = json::array();
  std::set<std::string> seen_rules;
  // Suppressed findings stay in the log with a suppression, as SARIF viewers expect.
  for (const auto& [finding, suppression] : FindingsWithRules(report)) {
    const match::Finding& f = *finding;
    const std::string severity = SeverityLabel(f);
    if (seen_rules.insert(f.id).second) {
      json rule = {{"id", f.id},
                   {"shortDescription", {{"text", f.summary.empty() ? f.id : f.summary}}},
                   {"helpUri", AdvisoryUrl(f.id)},
                   {"properties", {{"tags", {"security", "vulnerability"}}}}};
      if (f.cvss_score) rule["properties"]["security-severity"] = std::to_string(*f.cvss_score).substr(0, 4);
      rules.push_back(std::move(rule));
    }
    const std::string level = severity == "critical" || severity == "high" ? "error" : severity == "medium" ? "warning" : "note";
    std::string text = f.name + " " + f.version + " (" + f.ecosystem + ") is affected by " + f.id;
    if (!f.aliases.empty()) text += " (" + f.aliases.front() + ")";
    text += f.fixed_version.empty() ? "; no fix is known." : "; fixed in " + f.fixed_version + ".";
    json locations = json::array();
    for (const auto& location : f.locations) {
      locations.push_back({{"physicalLocation", {{"artifactLocation", {{"uri", location}}}}}});
    }
    json result = {{"ruleId", f.id}, {"level", level}, {"message", {{"text", text}}}, {"locations", std::move(locations)}};
    result["partialFingerprints"] = {{"vigil/v1", ContentDigest(f.id + "\n" + FindingKey(f)).substr(0, 32)}};
    if (suppression != nullptr) {
      result["suppressions"] = {{{"kind", "external"}, {"status", "accepted"}, {"justification", SuppressionText(*suppression)}}};
    }
    results.push_back(std::move(result));
  }
  const json out = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                    {"version", "2.1.0"},
                    {"runs",
                     {{{"tool",
                        {{"driver",
                          {{"name", "vigil"},
                           {"version", kVersionString},
                           {"informationUri", "https://github.com/vigil-security/vigil"},
                           {"rules", std::move(rules)}}}}},
                       {"results", std::move(results)}}}}};
  return out.dump(2) + "\n";
}

std::string ScanCycloneDx(const ScanReport& report, CycloneDxContent content) {
  json components = json::array();
  std::map<std::string, std::string> ref_of;  // FindingKey -> bom-ref
  std::set<std::string> refs;
  for (const auto& p : report.inventory.packages) {
    const std::string key = p.ecosystem + "\n" + p.name + "\n" + p.version;
    if (ref_of.contains(key)) continue;
    const std::string purl = PurlOf(p.purl, p.ecosystem, p.name, p.version);
    std::string ref = purl.empty() ? p.ecosystem + ":" + p.name + "@" + p.version : purl;
    while (!refs.insert(ref).second) ref += "#";
    ref_of[key] = ref;
    if (content == CycloneDxContent::kVexOnly) continue;
    json component = {{"type", "library"}, {"bom-ref", ref}, {"name", p.name}};
    if (!p.version.empty()) component["version"] = p.version;
    if (!purl.empty()) component["purl"] = purl;
    components.push_back(std::move(component));
  }
  json vulnerabilities = json::array();
  for (const auto& [finding, suppression] : FindingsWithRules(report)) {
    const match::Finding& f = *finding;
    const auto ref = ref_of.find(FindingKey(f));
    json v = {{"bom-ref", f.id + "/" + (ref == ref_of.end() ? f.name : ref->second)},
              {"id", f.id},
              {"source", {{"name", "OSV"}, {"url", AdvisoryUrl(f.id)}}},
              {"affects", {{{"ref", ref == ref_of.end() ? f.name : ref->second}}}}};
    if (!f.summary.empty()) v["description"] = f.summary;
    if (f.cvss_score) {
      v["ratings"] = {{{"source", {{"name", "OSV"}}},
                       {"score", *f.cvss_score},
                       {"severity", CycloneDxSeverity(SeverityLabel(f))},
                       {"method", CvssMethod(f.cvss_vector)},
                       {"vector", f.cvss_vector}}};
    }
    json references = json::array();
    for (const auto& alias : f.aliases) references.push_back({{"id", alias}, {"source", {{"name", "OSV"}, {"url", AdvisoryUrl(alias)}}}});
    if (!references.empty()) v["references"] = std::move(references);
    if (suppression == nullptr) {
      v["analysis"] = {{"state", "exploitable"}};
    } else if (suppression->kind == match::RuleKind::kVex) {
      v["analysis"] = {{"state", CycloneDxState(*suppression)}, {"detail", SuppressionText(*suppression)}};
      if (IsOneOf(suppression->justification, {"code_not_present", "code_not_reachable", "requires_configuration", "requires_dependency",
                                               "requires_environment", "protected_by_compiler", "protected_at_runtime",
                                               "protected_at_perimeter", "protected_by_mitigating_control"})) {
        v["analysis"]["justification"] = suppression->justification;
      }
    } else {
      v["analysis"] = {{"state", "exploitable"}, {"detail", SuppressionText(*suppression)}};
    }
    if (!f.fixed_version.empty()) v["recommendation"] = "Upgrade " + f.name + " to " + f.fixed_version + " or later.";
    vulnerabilities.push_back(std::move(v));
  }
  const std::string body = vulnerabilities.dump() + components.dump();
  json out = {{"$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json"},
              {"bomFormat", "CycloneDX"},
              {"specVersion", "1.6"},
              {"serialNumber", "urn:uuid:" + UuidFrom(ContentDigest(body))},
              {"version", 1},
              {"metadata",
               {{"timestamp", FormatRfc3339(NowUnix())},
                {"tools", {{"components", {{{"type", "application"}, {"name", "vigil"}, {"version", kVersionString}}}}}},
                {"component", {{"type", "application"}, {"bom-ref", "target"}, {"name", report.target}}}}}};
  if (content == CycloneDxContent::kSbomWithVulnerabilities) out["components"] = std::move(components);
  out["vulnerabilities"] = std::move(vulnerabilities);
  return out.dump(2) + "\n";
}

std::string ScanOpenVex(const ScanReport& report) {
  json statements = json::array();
  std::set<std::pair<std::string, std::string>> stated;  // (vulnerability, product): the schema wants unique statements
  const std::string now = FormatRfc3339(NowUnix());
  for (const auto& [finding, suppression] : FindingsWithRules(report)) {
    const match::Finding& f = *finding;
    const std::string purl = PurlOf(f.purl, f.ecosystem, f.name, f.version);
    const std::string product = purl.empty() ? f.ecosystem + ":" + f.name + "@" + f.version : purl;
    if (!stated.emplace(f.id, product).second) continue;
    json vulnerability = {{"name", f.id}, {"@id", AdvisoryUrl(f.id)}};
    if (!f.aliases.empty()) vulnerability["aliases"] = f.aliases;
    json statement = {{"vulnerability", std::move(vulnerability)},
                      {"products", {{{"@id", product}}}},
                      {"status", "affected"},
                      {"timestamp", now},
                      {"action_statement", f.fixed_version.empty() ? "No fix is known; mitigate or remove the package."
                                                                   : "Upgrade to " + f.fixed_version + " or later."}};
    if (suppression != nullptr && suppression->kind == match::RuleKind::kVex) {
      // An accepted risk (ignore entry) is still "affected"; a VEX statement passes through.
      statement.erase("action_statement");
      statement["status"] = OpenVexStatus(*suppression);
      if (statement["status"] == "not_affected") {
        if (IsOneOf(suppression->justification, {"component_not_present", "vulnerable_code_not_present", "vulnerable_code_not_in_execute_path",
                                                 "vulnerable_code_cannot_be_controlled_by_adversary", "inline_mitigations_already_exist"})) {
          statement["justification"] = suppression->justification;
        }
        statement["impact_statement"] = SuppressionText(*suppression);
      }
    } else if (suppression != nullptr) {
      statement["action_statement"] = "Risk " + SuppressionText(*suppression) + ". " + statement["action_statement"].get<std::string>();
    }
    statements.push_back(std::move(statement));
  }
  const json out = {{"@context", "https://openvex.dev/ns/v0.2.0"},
                    {"@id", "https://openvex.dev/docs/public/vigil-" + ContentDigest(statements.dump()).substr(0, 32)},
                    {"author", "vigil " + std::string(kVersionString)},
                    {"timestamp", now},
                    {"version", 1},
                    {"statements", std::move(statements)}};
  return out.dump(2) + "\n";
}

}  // namespace vigil::report
