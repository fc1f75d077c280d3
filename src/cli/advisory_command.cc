// `vigil advisory show ID|ALIAS`: one vulnerability with its aliases, affected packages and
// ranges, CVSS scores, KEV and EPSS.
#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "knowledge/advisory_db.h"
#include "knowledge/cvss/cvss.h"

namespace vigil::cli {
namespace {

namespace osv = knowledge::osv;
namespace cvss = knowledge::cvss;

std::string_view EventName(osv::EventKind kind) {
  switch (kind) {
    case osv::EventKind::kIntroduced: return "introduced";
    case osv::EventKind::kFixed: return "fixed";
    case osv::EventKind::kLastAffected: return "last_affected";
    case osv::EventKind::kLimit: return "limit";
  }
  return "introduced";
}

std::string_view RangeTypeName(osv::RangeType type) {
  switch (type) {
    case osv::RangeType::kEcosystem: return "ECOSYSTEM";
    case osv::RangeType::kSemver: return "SEMVER";
    case osv::RangeType::kGit: return "GIT";
  }
  return "ECOSYSTEM";
}

nlohmann::json SeverityJson(const osv::Severity& severity) {
  nlohmann::json out = {{"type", severity.type}, {"vector", severity.score}};
  if (const auto scores = cvss::Score(severity.score); severity.type.starts_with("CVSS_") && scores) {
    out["base_score"] = scores->base_score;
    out["score"] = scores->score;
    out["severity"] = cvss::SeverityName(scores->severity);
  }
  return out;
}

nlohmann::json RecordJson(const osv::Record& record, const knowledge::VulnView& vuln) {
  nlohmann::json out = {{"id", record.id},           {"aliases", record.aliases},   {"related", record.related},
                        {"summary", record.summary}, {"details", record.details},   {"modified", record.modified},
                        {"published", record.published}, {"withdrawn", record.withdrawn.empty() ? nlohmann::json(nullptr) : nlohmann::json(record.withdrawn)}};
  out["severity"] = nlohmann::json::array();
  for (const auto& s : record.severity) out["severity"].push_back(SeverityJson(s));
  out["affected"] = nlohmann::json::array();
  for (const auto& affected : record.affected) {
    nlohmann::json a = {{"ecosystem", affected.package.ecosystem}, {"name", affected.package.name},
                        {"purl", affected.package.purl}, {"versions", affected.versions}};
    a["ranges"] = nlohmann::json::array();
    for (const auto& range : affected.ranges) {
      nlohmann::json events = nlohmann::json::array();
      for (const auto& event : range.events) events.push_back({{EventName(event.kind), event.version}});
      nlohmann::json r = {{"type", RangeTypeName(range.type)}, {"events", events}};
      if (!range.repo.empty()) r["repo"] = range.repo;
      a["ranges"].push_back(r);
    }
    if (!affected.severity.empty()) {
      a["severity"] = nlohmann::json::array();
      for (const auto& s : affected.severity) a["severity"].push_back(SeverityJson(s));
    }
    out["affected"].push_back(a);
  }
  out["references"] = nlohmann::json::array();
  for (const auto& ref : record.references) out["references"].push_back({{"type", ref.type}, {"url", ref.url}});
  out["epss"] = (vuln.flags & knowledge::snapshot::kHasEpss) != 0
                    ? nlohmann::json{{"score", vuln.epss}, {"percentile", vuln.epss_percentile}}
                    : nlohmann::json(nullptr);
  out["known_exploited"] = (vuln.flags & knowledge::snapshot::kKnownExploited) != 0;
  return out;
}

std::string RangeText(const osv::Range& range) {
  std::string out;
  for (const auto& event : range.events) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", EventName(event.kind), event.version);
  }
  return out;
}

std::string DetailsText(const knowledge::AdvisoryDetails& details) {
  std::string out;
  for (std::size_t i = 0; i < details.records.size(); ++i) {
    const auto& record = details.records[i];
    const auto& vuln = details.vulns[i];
    out += fmt::format("{}{}\n", record.id, record.withdrawn.empty() ? "" : "  (WITHDRAWN " + record.withdrawn + ")");
    if (!record.summary.empty()) out += fmt::format("  {}\n", record.summary);
    if (!record.aliases.empty()) out += fmt::format("  aliases:   {}\n", fmt::join(record.aliases, ", "));
    out += fmt::format("  modified:  {}   published: {}\n", record.modified, record.published.empty() ? "-" : record.published);
    for (const auto& s : record.severity) {
      const auto scores = cvss::Score(s.score);
      out += scores ? fmt::format("  {}:   {:.1f} {}  {}\n", s.type, scores->score, cvss::SeverityName(scores->severity), s.score)
                    : fmt::format("  {}:   {}\n", s.type, s.score);
    }
    if ((vuln.flags & knowledge::snapshot::kHasEpss) != 0) {
      out += fmt::format("  EPSS:      {:.5f} (percentile {:.5f})\n", vuln.epss, vuln.epss_percentile);
    }
    for (const auto& affected : record.affected) {
      out += fmt::format("  affected:  {} {}\n", affected.package.ecosystem, affected.package.name);
      for (const auto& range : affected.ranges) out += fmt::format("             {}: {}\n", RangeTypeName(range.type), RangeText(range));
      if (!affected.versions.empty()) out += fmt::format("             {} listed versions\n", affected.versions.size());
    }
    out += '\n';
  }
  for (const auto& kev : details.kev) {
    out += fmt::format("KNOWN EXPLOITED (CISA KEV): {} — {} {}: {}\n  added {}, due {}, ransomware use: {}\n  action: {}\n",
                       kev.cve_id, kev.vendor_project, kev.product, kev.vulnerability_name, kev.date_added, kev.due_date,
                       kev.known_ransomware_campaign_use, kev.required_action);
  }
  return out;
}

int RunShow(const std::string& id, const GlobalOptions& global) {
  auto db = knowledge::AdvisoryDb::Open(VigilHome());
  if (!db) return ReportError(db.error());
  auto details = db->Describe(id);
  if (!details) return ReportError(details.error());
  std::string out;
  if (global.format == Format::kJson) {
    nlohmann::json json = {{"query", id}, {"records", nlohmann::json::array()}, {"kev", nlohmann::json::array()}};
    for (std::size_t i = 0; i < details->records.size(); ++i) json["records"].push_back(RecordJson(details->records[i], details->vulns[i]));
    for (const auto& kev : details->kev) {
      json["kev"].push_back({{"cve", kev.cve_id}, {"vendor_project", kev.vendor_project}, {"product", kev.product},
                             {"name", kev.vulnerability_name}, {"date_added", kev.date_added}, {"due_date", kev.due_date},
                             {"required_action", kev.required_action},
                             {"known_ransomware_campaign_use", kev.known_ransomware_campaign_use}});
    }
    out = json.dump(2) + "\n";
  } else {
    out = DetailsText(*details);
  }
  if (auto written = WriteOutput(global, out); !written) return ReportError(written.error());
  return kExitOk;
}

}  // namespace

void AddAdvisoryCommand(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto* advisory = app.add_subcommand("advisory", "Vulnerability advisories in the local database");
  advisory->require_subcommand(1);
  auto id = std::make_shared<std::string>();
  auto* show = advisory->add_subcommand("show", "Show one vulnerability by OSV id or any alias (CVE, GHSA, …)");
  show->add_option("id", *id, "OSV id or alias")->required();
  show->callback([&global, &exit_code, id] { exit_code = RunShow(*id, global); });
}

}  // namespace vigil::cli
