// `vigil db import|status|update|rebuild`: the local advisory database under $VIGIL_HOME. When an
// import changes the snapshot and the store holds a fleet, the fleet's findings are recomputed.
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/time.h"
#include "fleet/findings.h"
#include "knowledge/advisory_db.h"
#include "knowledge/update.h"

namespace vigil::cli {
namespace {

using knowledge::AdvisoryDb;

nlohmann::json CompileJson(const knowledge::CompileStats& stats) {
  return {{"vulnerabilities", stats.vulnerabilities},
          {"packages", stats.packages},
          {"intervals", stats.intervals},
          {"unparsed_versions", stats.unparsed_versions},
          {"unsupported_ecosystem_entries", stats.unsupported_ecosystems}};
}

std::string SummaryText(const knowledge::ImportSummary& s) {
  std::string out = fmt::format("imported {} documents ({:.1f} MB of OSV JSON): {} added, {} updated, {} unchanged, {} malformed (skipped)\n",
                                s.documents, static_cast<double>(s.json_bytes) / 1e6, s.added, s.updated, s.unchanged, s.malformed);
  if (s.kev_version) out += fmt::format("KEV catalog {}: {} entries\n", *s.kev_version, s.kev_entries);
  if (s.epss_date) out += fmt::format("EPSS scores of {}: {} CVEs\n", *s.epss_date, s.epss_scores);
  if (s.compiled) {
    out += fmt::format("snapshot rebuilt: {} vulnerabilities, {} packages, {} ranges\n", s.compiled->vulnerabilities,
                       s.compiled->packages, s.compiled->intervals);
  } else {
    out += "nothing changed; snapshot kept\n";
  }
  return out;
}

nlohmann::json SummaryJson(const knowledge::ImportSummary& s) {
  nlohmann::json out = {{"documents", s.documents}, {"json_bytes", s.json_bytes}, {"added", s.added},
                        {"updated", s.updated},     {"unchanged", s.unchanged},   {"malformed", s.malformed},
                        {"issues", s.issues}};
  if (s.kev_version) out["kev"] = {{"catalog_version", *s.kev_version}, {"entries", s.kev_entries}};
  if (s.epss_date) out["epss"] = {{"score_date", *s.epss_date}, {"scores", s.epss_scores}};
  out["snapshot"] = s.compiled ? CompileJson(*s.compiled) : nlohmann::json(nullptr);
  return out;
}

// Recomputes the fleet's findings after the snapshot changed; nothing without a fleet.
Result<std::optional<fleet::RecomputeSummary>> RecomputeFleet(AdvisoryDb& db, const knowledge::ImportSummary& summary) {
  if (!summary.compiled) return std::nullopt;
  auto manifests = db.store().CountManifests();
  if (!manifests) return std::unexpected(manifests.error());
  if (*manifests == 0) return std::nullopt;
  auto snapshot = db.OpenSnapshot();
  if (!snapshot) return std::unexpected(snapshot.error());
  auto recomputed = fleet::RecomputeFindings(db.store(), *snapshot, Now(), LocalOperator());
  if (!recomputed) return std::unexpected(recomputed.error());
  return *recomputed;
}

int PrintSummary(AdvisoryDb& db, const knowledge::ImportSummary& summary, const GlobalOptions& global) {
  for (const auto& issue : summary.issues) Warn(global, "skipped " + issue);
  auto recomputed = RecomputeFleet(db, summary);
  if (!recomputed) return ReportError(WithContext(recomputed.error(), "recomputing findings"));
  std::string out;
  if (global.format == Format::kJson) {
    auto json = SummaryJson(summary);
    if (*recomputed) {
      json["findings"] = {{"manifests", (*recomputed)->manifests},
                          {"changed_manifests", (*recomputed)->changed},
                          {"added", (*recomputed)->added},
                          {"removed", (*recomputed)->removed}};
    }
    out = json.dump(2) + "\n";
  } else {
    out = SummaryText(summary);
    if (*recomputed) {
      out += fmt::format("fleet findings recomputed over {} manifests: {} added, {} removed\n", (*recomputed)->manifests,
                         (*recomputed)->added, (*recomputed)->removed);
    }
  }
  if (auto written = WriteOutput(global, out); !written) return ReportError(written.error());
  return kExitOk;
}

int RunImport(const std::vector<std::string>& sources, const GlobalOptions& global) {
  auto db = AdvisoryDb::Open(VigilHome());
  if (!db) return ReportError(db.error());
  const std::vector<std::filesystem::path> paths(sources.begin(), sources.end());
  Progress progress(global, "importing");
  auto summary = db->Import(paths, [&](std::size_t done, std::size_t total) { progress.Update(done, total); });
  if (!summary) return ReportError(summary.error());
  return PrintSummary(*db, *summary, global);
}

int RunStatus(const GlobalOptions& global) {
  auto db = AdvisoryDb::Open(VigilHome());
  if (!db) return ReportError(db.error());
  auto status = db->Status();
  if (!status) {
    if (status.error().code == ErrorCode::kNotFound) {
      return ReportError({ErrorCode::kNotFound, "no advisory database in " + VigilHome().string() +
                                                    "; run `vigil db import SOURCE…` or `vigil db update`"});
    }
    return ReportError(status.error());
  }
  std::string out;
  if (global.format == Format::kJson) {
    nlohmann::json json;
    json["advisories"] = status->advisories;
    json["withdrawn"] = status->withdrawn;
    json["newest_modified"] = status->newest_modified;
    json["ecosystems"] = nlohmann::json::object();
    for (const auto& e : status->ecosystems) {
      json["ecosystems"][std::string(e.name)] = {
          {"advisories", e.advisories}, {"packages", e.packages}, {"unparsed_versions", e.unparsed_versions}};
    }
    json["sources"] = nlohmann::json::object();
    for (const auto& s : status->sources) json["sources"][s.source] = {{"advisories", s.advisories}};
    json["kev"] = status->kev ? nlohmann::json{{"catalog_version", status->kev->version},
                                               {"date_released", status->kev->published}}
                              : nlohmann::json(nullptr);
    json["epss"] = status->epss ? nlohmann::json{{"model_version", status->epss->version},
                                                 {"score_date", status->epss->published}}
                                : nlohmann::json(nullptr);
    json["snapshot"] = {{"path", db->snapshot_path().string()},
                        {"bytes", status->snapshot_bytes},
                        {"created", FormatRfc3339(status->snapshot_created_unix)}};
    out = json.dump(2) + "\n";
  } else {
    out = fmt::format("{:<24} {:>10} {:>10} {:>9}\n", "ECOSYSTEM", "ADVISORIES", "PACKAGES", "UNPARSED");
    for (const auto& e : status->ecosystems) {
      out += fmt::format("{:<24} {:>10} {:>10} {:>9}\n", e.name, e.advisories, e.packages, e.unparsed_versions);
    }
    out += fmt::format("\n{:<60} {:>10}\n", "SOURCE", "ADVISORIES");
    for (const auto& s : status->sources) out += fmt::format("{:<60} {:>10}\n", s.source, s.advisories);
    out += fmt::format("\nadvisories: {} ({} withdrawn), newest modified {}\n", status->advisories, status->withdrawn,
                       status->newest_modified.empty() ? "-" : status->newest_modified);
    out += status->kev ? fmt::format("KEV catalog: {} (released {})\n", status->kev->version, status->kev->published)
                       : "KEV catalog: not imported\n";
    out += status->epss ? fmt::format("EPSS: {} scores of {}\n", status->epss->version, status->epss->published)
                        : "EPSS: not imported\n";
    out += fmt::format("snapshot: {} ({} bytes, built {})\n", db->snapshot_path().string(), status->snapshot_bytes,
                       FormatRfc3339(status->snapshot_created_unix));
  }
  if (auto written = WriteOutput(global, out); !written) return ReportError(written.error());
  return kExitOk;
}

int RunUpdate(const knowledge::UpdateOptions& options, const GlobalOptions& global) {
  auto db = AdvisoryDb::Open(VigilHome());
  if (!db) return ReportError(db.error());
  Progress progress(global, "downloading");
  auto result = knowledge::Update(*db, options, [&](std::size_t done, std::size_t total) { progress.Update(done, total); });
  if (!result) return ReportError(result.error());
  for (const auto& line : result->downloads) Warn(global, line);
  int code = PrintSummary(*db, result->import, global);
  for (const auto& failure : result->failures) code = ReportError(failure);
  return code;
}

}  // namespace

void AddDbCommand(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto* db = app.add_subcommand("db", "The local advisory database ($VIGIL_HOME)");
  db->require_subcommand(1);

  auto sources = std::make_shared<std::vector<std::string>>();
  auto* import = db->add_subcommand(
      "import", "Import OSV records (JSON file, directory, all.zip dump), a CISA KEV catalog or EPSS CSV (.gz)");
  import->add_option("sources", *sources, "Files, directories or zip dumps")->required();
  import->callback([&global, &exit_code, sources] { exit_code = RunImport(*sources, global); });

  auto* status = db->add_subcommand("status", "Counts per ecosystem and source, newest record, KEV and EPSS versions");
  status->callback([&global, &exit_code] { exit_code = RunStatus(global); });

  auto update_options = std::make_shared<knowledge::UpdateOptions>();
  update_options->mirror = global.config.String("db.mirror").value_or("");
  update_options->ecosystems = global.config.Strings("db.ecosystems").value_or(std::vector<std::string>{});
  update_options->kev_url = global.config.String("db.kev_url");
  update_options->epss_url = global.config.String("db.epss_url");
  auto* update = db->add_subcommand(
      "update", "Download the OSV dumps of the configured ecosystems (and KEV, EPSS) and import what changed");
  update->add_option("--mirror", update_options->mirror,
                     "Base URL or directory laid out like the OSV bucket (<Ecosystem>/all.zip)")
      ->envname("VIGIL_MIRROR");
  update->add_option("--ecosystem,-e", update_options->ecosystems, "Ecosystems to download (repeatable)")
      ->envname("VIGIL_ECOSYSTEMS")
      ->delimiter(',');
  auto feeds = std::make_shared<std::pair<std::string, std::string>>();
  auto* kev = update->add_option("--kev-url", feeds->first, "CISA KEV catalog URL or file ('' to skip)")->envname("VIGIL_KEV_URL");
  auto* epss = update->add_option("--epss-url", feeds->second, "EPSS CSV URL or file ('' to skip)")->envname("VIGIL_EPSS_URL");
  update->callback([&global, &exit_code, update_options, feeds, kev, epss] {
    if (kev->count() > 0) update_options->kev_url = feeds->first;
    if (epss->count() > 0) update_options->epss_url = feeds->second;
    exit_code = RunUpdate(*update_options, global);
  });

  auto* rebuild = db->add_subcommand("rebuild", "Recompile the snapshot from the store");
  rebuild->callback([&global, &exit_code] {
    auto opened = AdvisoryDb::Open(VigilHome());
    if (!opened) {
      exit_code = ReportError(opened.error());
      return;
    }
    auto stats = opened->Rebuild();
    if (!stats) {
      exit_code = ReportError(stats.error());
      return;
    }
    const std::string out = global.format == Format::kJson
                                ? CompileJson(*stats).dump(2) + "\n"
                                : fmt::format("snapshot rebuilt: {} vulnerabilities, {} packages, {} ranges\n",
                                              stats->vulnerabilities, stats->packages, stats->intervals);
    if (auto written = WriteOutput(global, out); !written) exit_code = ReportError(written.error());
  });
}

}  // namespace vigil::cli
