// The fleet from the command line: `vigil collect` (an inventory report of a path, printed or pushed
// to a fleet server), `vigil ingest` (reports into the local store), `vigil assets import|list`
// (CMDB metadata), `vigil blast-radius` (the assets a vulnerability hits) and `vigil findings`
// (open and fixed findings of the fleet). Local changes are audited as the local operator
// ("cli:<user>").
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/target.h"
#include "core/time.h"
#include "fleet/asset_import.h"
#include "fleet/blast_radius.h"
#include "fleet/findings.h"
#include "fleet/ingest.h"
#include "fleet/report.h"
#include "knowledge/snapshot.h"
#include "server/fleet_json.h"
#include "server/push.h"

namespace vigil::cli {
namespace {

using nlohmann::json;

constexpr std::size_t kShortDigest = 12;

struct CollectOptions {
  TargetOptions target;
  std::string asset_name;
  std::string team;
  std::vector<std::string> customers;
  std::string environment;
  std::string kind;
  std::string push;  // the server's base URL; empty: print the report
  std::string token;
  std::string token_file;
  std::string cacert;  // PEM bundle trusted for an https --push; empty: the system's CAs
};

json OptionalJson(const std::optional<std::string>& text) { return text ? json(*text) : json(nullptr); }

std::string Table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) out += fmt::format("{:<{}}", row[i], i + 1 < row.size() ? widths[i] + 2 : 0);
    out += '\n';
  }
  return out;
}

std::string Joined(const std::vector<std::string>& list) {
  if (list.empty()) return "-";
  std::string out;
  for (const auto& item : list) {
    if (!out.empty()) out += ';';
    out += item;
  }
  return out;
}

// --token-file, else --token, else VIGIL_TOKEN (CLI11 fills --token from it when not given).
Result<std::string> PushToken(const CollectOptions& options) {
  if (options.push.empty()) return std::string();
  std::string token = options.token;
  if (!options.token_file.empty()) {
    auto text = ReadInput(options.token_file);
    if (!text) return std::unexpected(text.error());
    token = *text;
  }
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.pop_back();
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.front()))) token.erase(0, 1);
  if (token.empty())
    return Fail(ErrorCode::kInvalidArgument, "--push needs a token (--token, --token-file or VIGIL_TOKEN)");
  return token;
}

// One line from an HTTP error answer: its status and the server's message when it sent one.
Error PushError(const server::PushAnswer& answer) {
  std::string message = "push: HTTP ";
  message += std::to_string(answer.status);
  const json parsed = json::parse(answer.body, nullptr, false);
  if (!parsed.is_discarded() && parsed.contains("error") && parsed["error"].is_object() &&
      parsed["error"].value("message", json()).is_string()) {
    message += ": ";
    message += parsed["error"]["message"].get<std::string>();
  }
  ErrorCode code = ErrorCode::kUnavailable;
  if (answer.status == 401 || answer.status == 403)
    code = ErrorCode::kPermissionDenied;
  else if (answer.status >= 400 && answer.status < 500)
    code = ErrorCode::kInvalidArgument;
  return {code, std::move(message)};
}

int RunCollect(const CollectOptions& options, const GlobalOptions& global) {
  fleet::AssetMetadata metadata;
  if (!options.team.empty()) metadata.team = options.team;
  if (!options.customers.empty()) metadata.customers = options.customers;
  if (!options.environment.empty()) metadata.environment = options.environment;
  if (!options.kind.empty()) metadata.kind = options.kind;
  if (auto valid = fleet::Normalize(metadata); !valid) return ReportError(WithContext(valid.error(), "collect"));
  // The token is checked before the (possibly long) collection.
  auto token = PushToken(options);
  if (!token) return ReportError(WithContext(token.error(), "collect"));
  if (!options.cacert.empty() && !std::ifstream(options.cacert)) {
    std::string message = "collect: --cacert ";
    message += options.cacert;
    message += ": cannot read: ";
    message += std::strerror(errno);
    return ReportError({ErrorCode::kInvalidArgument, std::move(message)});
  }
  auto collected = CollectTarget(options.target);
  if (!collected) return ReportError(collected.error());
  for (const auto& issue : collected->issues) Warn(global, IssueLine(issue));
  auto report = fleet::BuildReport(InventoryJsonOf(*collected), fleet::NewReportId(), Now(), options.asset_name, metadata);
  if (!report) return ReportError(report.error());
  if (options.push.empty()) {
    if (auto written = WriteOutput(global, *report); !written) return ReportError(written.error());
    return kExitOk;
  }
  auto answer = server::PushReport(options.push, *token, *report, options.cacert);
  if (!answer) return ReportError(answer.error());
  if (answer->status < 200 || answer->status >= 300) return ReportError(PushError(*answer));
  std::string out = answer->body;
  if (const json parsed = json::parse(out, nullptr, false); !parsed.is_discarded()) out = parsed.dump(2) + "\n";
  if (auto written = WriteOutput(global, out); !written) return ReportError(written.error());
  return kExitOk;
}

// The advisory snapshot of $VIGIL_HOME; kFailedPrecondition saying how to get one when missing.
Result<knowledge::Snapshot> HomeSnapshot() {
  auto snapshot = knowledge::Snapshot::Open(VigilHome() / "advisories.snap");
  if (!snapshot && snapshot.error().code == ErrorCode::kNotFound) {
    return Fail(ErrorCode::kFailedPrecondition,
                "no advisory database in " + VigilHome().string() + ": run `vigil db update` or `vigil db import`");
  }
  return snapshot;
}

int RunIngest(const std::vector<std::string>& files, const GlobalOptions& global) {
  auto store = OpenHomeStore();
  if (!store) return ReportError(store.error());
  const std::string actor = LocalOperator();
  // Without an advisory database new manifests get their findings at the next `vigil db import`.
  auto snapshot = HomeSnapshot();
  if (!snapshot && snapshot.error().code != ErrorCode::kFailedPrecondition) return ReportError(snapshot.error());
  std::vector<fleet::IngestResult> results;
  for (const auto& file : files) {
    auto text = ReadInput(file);
    if (!text) return ReportError(text.error());
    auto result = fleet::Ingest(**store, *text, Now(), actor, nullptr, snapshot ? &*snapshot : nullptr);
    if (!result) return ReportError(WithContext(result.error(), file));
    results.push_back(std::move(*result));
  }
  std::string out;
  if (global.format == Format::kJson) {
    json array = json::array();
    for (const auto& r : results) {
      array.push_back({{"report_id", r.report_id},
                       {"status", fleet::StatusName(r.status)},
                       {"asset", r.asset},
                       {"manifest", r.manifest},
                       {"previous_manifest", OptionalJson(r.previous_manifest)},
                       {"new_manifest", r.new_manifest},
                       {"packages", r.packages}});
    }
    out = array.dump(2) + "\n";
  } else {
    std::vector<std::vector<std::string>> rows = {{"REPORT", "ASSET", "STATUS", "MANIFEST", "PACKAGES"}};
    for (const auto& r : results) {
      std::string manifest = r.manifest.substr(0, kShortDigest);
      if (r.new_manifest) manifest += " (new)";
      rows.push_back({r.report_id, r.asset, std::string(fleet::StatusName(r.status)), manifest, std::to_string(r.packages)});
    }
    out = Table(rows);
  }
  if (auto written = WriteOutput(global, out); !written) return ReportError(written.error());
  return kExitOk;
}

int RunAssetsImport(const std::string& file, const GlobalOptions& global) {
  auto text = ReadInput(file);
  if (!text) return ReportError(text.error());
  auto records = fleet::ParseAssetExport(*text, file);
  if (!records) return ReportError(records.error());
  auto store = OpenHomeStore();
  if (!store) return ReportError(store.error());
  auto imported = fleet::ImportAssets(**store, *records, Now(), LocalOperator());
  if (!imported) return ReportError(WithContext(imported.error(), file));
  const std::string out =
      global.format == Format::kJson
          ? json{{"created", imported->created}, {"updated", imported->updated}, {"unchanged", imported->unchanged}}.dump(2) + "\n"
          : fmt::format("{} assets: {} created, {} updated, {} unchanged\n", records->size(), imported->created,
                        imported->updated, imported->unchanged);
  if (auto written = WriteOutput(global, out); !written) return ReportError(written.error());
  return kExitOk;
}

int RunAssetsList(const GlobalOptions& global) {
  auto store = OpenHomeStore();
  if (!store) return ReportError(store.error());
  auto assets = (*store)->ListAssets();
  if (!assets) return ReportError(assets.error());
  std::string out;
  if (global.format == Format::kJson) {
    json array = json::array();
    for (const auto& a : *assets) {
      array.push_back(server::AssetJson(a));
    }
    out = array.dump(2) + "\n";
  } else {
    std::vector<std::vector<std::string>> rows = {
        {"NAME", "KIND", "TEAM", "CUSTOMERS", "ENV", "EXPOSED", "CRIT", "LAST SEEN", "MANIFEST"}};
    for (const auto& a : *assets) {
      rows.push_back({a.name, a.kind.value_or("-"), a.team.value_or("-"), Joined(a.customers), a.environment.value_or("-"),
                      a.internet_exposed ? "yes" : "no", a.criticality ? std::to_string(*a.criticality) : "-",
                      a.last_seen ? FormatRfc3339(*a.last_seen) : "-",
                      a.manifest ? a.manifest->substr(0, kShortDigest) : "-"});
    }
    out = Table(rows);
  }
  if (auto written = WriteOutput(global, out); !written) return ReportError(written.error());
  return kExitOk;
}

std::string BlastRadiusTable(const fleet::BlastRadius& radius) {
  std::string out = fmt::format("{}", radius.id);
  if (!radius.aliases.empty()) out += fmt::format(" ({})", fmt::join(radius.aliases, ", "));
  out += fmt::format(": {} assets, {} internet-exposed\n", radius.assets.size(), radius.internet_exposed);
  if (radius.assets.empty()) return out;
  const auto counts = [](const std::map<std::string, std::size_t>& by) {
    std::vector<std::string> parts;
    for (const auto& [key, n] : by) parts.push_back(fmt::format("{} {}", key, n));
    return fmt::format("{}", fmt::join(parts, ", "));
  };
  out += "by team: " + counts(radius.by_team) + "\n";
  out += "by customer: " + counts(radius.by_customer) + "\n";
  out += "by environment: " + counts(radius.by_environment) + "\n\n";
  std::vector<std::vector<std::string>> rows = {{"ASSET", "TEAM", "ENV", "EXPOSED", "PACKAGE", "INSTALLED", "FIXED"}};
  for (const auto& a : radius.assets) {
    for (const auto& p : a.packages) {
      rows.push_back({a.name, a.team.value_or("-"), a.environment.value_or("-"), a.internet_exposed ? "yes" : "no",
                      p.package.ecosystem + "/" + p.package.name, p.package.version, p.fixed_version.value_or("-")});
    }
  }
  return out + Table(rows);
}

int RunBlastRadius(const std::string& id, const GlobalOptions& global) {
  auto snapshot = HomeSnapshot();
  if (!snapshot) return ReportError(snapshot.error());
  auto store = OpenHomeStore();
  if (!store) return ReportError(store.error());
  auto index = fleet::BlastRadiusIndex::Build(**store, *snapshot);
  if (!index) return ReportError(index.error());
  auto radius = index->Query(id);
  if (!radius) return ReportError(WithContext(radius.error(), "blast-radius"));
  const std::string out =
      global.format == Format::kJson ? server::BlastRadiusJson(*radius).dump(2) + "\n" : BlastRadiusTable(*radius);
  if (auto written = WriteOutput(global, out); !written) return ReportError(written.error());
  return kExitOk;
}

struct FindingsOptions {
  std::string team;
  std::string customer;
  std::string environment;
  std::string severity;
  bool kev = false;
  std::string state = "open";
  std::string vulnerability;
  std::string asset;
};

int RunFindings(const FindingsOptions& options, const GlobalOptions& global) {
  fleet::FindingQuery query;
  if (!options.team.empty()) query.assets.team = options.team;
  if (!options.customer.empty()) query.assets.customers.push_back(options.customer);
  if (!options.environment.empty()) query.assets.environment = options.environment;
  if (!options.severity.empty()) {
    static const std::map<std::string, std::uint32_t> kMinimum = {{"none", 0}, {"low", 1}, {"medium", 2}, {"high", 3}, {"critical", 4}};
    query.min_severity = kMinimum.at(options.severity);
  }
  if (options.kev) query.known_exploited = true;
  query.state = options.state == "fixed" ? fleet::FindingState::kFixed
                : options.state == "all" ? fleet::FindingState::kAll
                                         : fleet::FindingState::kOpen;
  if (!options.vulnerability.empty()) query.vulnerability = options.vulnerability;
  if (!options.asset.empty()) query.asset = options.asset;
  auto snapshot = HomeSnapshot();
  if (!snapshot) return ReportError(snapshot.error());
  auto store = OpenHomeStore();
  if (!store) return ReportError(store.error());
  // Page by page, so that a large fleet's findings are never all held as objects at once.
  constexpr std::size_t kPage = 1000;
  std::string out;
  std::vector<std::vector<std::string>> rows = {
      {"ASSET", "TEAM", "VULNERABILITY", "PACKAGE", "VERSION", "FIXED", "SEVERITY", "KEV", "STATE", "FIRST SEEN", "FIXED AT"}};
  std::optional<fleet::FindingCursor> cursor;
  do {
    auto page = fleet::ListFindings(**store, *snapshot, query, cursor, kPage);
    if (!page) return ReportError(WithContext(page.error(), "findings"));
    for (const auto& listed : page->findings) {
      if (global.format == Format::kJson) {
        // One element of a two-space-indented array, as json::dump(2) writes it.
        const std::string element = json::array({server::FindingJson(listed)}).dump(2);
        out += out.empty() ? "[\n" : ",\n";
        out.append(element, 2, element.size() - 4);
        continue;
      }
      const auto& f = listed.finding;
      const bool kev = listed.facts && listed.facts->known_exploited;
      const std::string fixed = listed.facts ? listed.facts->fixed_version : "";
      rows.push_back({listed.asset.name, listed.asset.team.value_or("-"), f.key.vulnerability,
                      f.key.ecosystem + "/" + f.key.name, f.key.version, fixed.empty() ? "-" : fixed,
                      server::FindingSeverity(listed), kev ? "yes" : "no", f.fixed_at ? "fixed" : "open",
                      FormatRfc3339(f.first_seen), f.fixed_at ? FormatRfc3339(*f.fixed_at) : "-"});
    }
    cursor = page->next;
  } while (cursor);
  if (global.format == Format::kJson) {
    out += out.empty() ? "[]\n" : "\n]\n";
  } else {
    out = Table(rows);
  }
  if (auto written = WriteOutput(global, out); !written) return ReportError(written.error());
  return kExitOk;
}

}  // namespace

void AddFleetCommands(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto collect_options = std::make_shared<CollectOptions>();
  auto* collect = app.add_subcommand("collect", "Build an inventory report of a path (docs/formats/report.md)");
  AddTargetOptions(*collect, collect_options->target);
  collect->add_option("--asset-name", collect_options->asset_name, "The asset's name (default: the host name or the path)");
  collect->add_option("--team", collect_options->team, "The team that owns the asset");
  collect->add_option("--customer", collect_options->customers, "A customer the asset serves (repeatable)");
  collect->add_option("--environment", collect_options->environment, "prod, staging or dev");
  collect->add_option("--kind", collect_options->kind, "host, vm, image, container or service");
  collect->add_option("--push", collect_options->push,
                      "Send the report to this fleet server (http://HOST:PORT or https://HOST:PORT) instead of printing it");
  collect->add_option("--token", collect_options->token, "API token for --push (an agent's)")->envname("VIGIL_TOKEN");
  collect->add_option("--token-file", collect_options->token_file,
                      "Read the --push token from this file (wins over --token)");
  collect->add_option("--cacert", collect_options->cacert,
                      "Trust this PEM CA bundle for an https --push (default: the system's CAs)");
  collect->callback([&global, &exit_code, collect_options] { exit_code = RunCollect(*collect_options, global); });

  auto files = std::make_shared<std::vector<std::string>>();
  auto* ingest = app.add_subcommand("ingest", "Ingest report files into the local store; a report id seen before changes nothing");
  ingest->add_option("files", *files, "Report files (- for standard input)")->required();
  ingest->callback([&global, &exit_code, files] { exit_code = RunIngest(*files, global); });

  auto* assets = app.add_subcommand("assets", "The fleet's assets and their metadata");
  assets->require_subcommand(1);
  auto import_file = std::make_shared<std::string>();
  auto* import = assets->add_subcommand("import", "Upsert asset metadata from a CMDB export (CSV with a header row, or a JSON array)");
  import->add_option("file", *import_file, "The export (- for standard input)")->required();
  import->callback([&global, &exit_code, import_file] { exit_code = RunAssetsImport(*import_file, global); });
  auto* list = assets->add_subcommand("list", "Every asset with its metadata, last report and manifest");
  list->callback([&global, &exit_code] { exit_code = RunAssetsList(global); });

  auto id = std::make_shared<std::string>();
  auto* blast = app.add_subcommand("blast-radius", "The assets a vulnerability (any id or alias) affects, grouped by team, customer, environment, exposure");
  blast->add_option("id", *id, "A vulnerability id or alias (CVE-…, GHSA-…, …)")->required();
  blast->callback([&global, &exit_code, id] { exit_code = RunBlastRadius(*id, global); });

  auto findings_options = std::make_shared<FindingsOptions>();
  auto* findings = app.add_subcommand("findings", "Findings (asset × vulnerability × package version) of the local store, open by default");
  findings->add_option("--team", findings_options->team, "Only this team's assets");
  findings->add_option("--customer", findings_options->customer, "Only assets serving this customer");
  findings->add_option("--environment", findings_options->environment, "Only assets of this environment (prod, staging, dev)");
  findings->add_option("--severity", findings_options->severity, "Minimum severity (a finding without a CVSS score has none)")
      ->check(CLI::IsMember({"critical", "high", "medium", "low", "none"}));
  findings->add_flag("--kev", findings_options->kev, "Only known exploited vulnerabilities (CISA KEV)");
  findings->add_option("--state", findings_options->state, "open (default), fixed or all")
      ->check(CLI::IsMember({"open", "fixed", "all"}));
  findings->add_option("--vulnerability", findings_options->vulnerability, "Only this vulnerability (any id or alias)");
  findings->add_option("--asset", findings_options->asset, "Only this asset");
  findings->callback([&global, &exit_code, findings_options] { exit_code = RunFindings(*findings_options, global); });
}

}  // namespace vigil::cli
