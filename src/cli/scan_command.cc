// `vigil inventory TARGET` lists what a file, directory or image holds; `vigil scan TARGET` also
// matches it against the advisory snapshot and reports findings, with --fail-on gating.
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/target.h"
#include "knowledge/snapshot.h"
#include "match/matcher.h"
#include "match/suppression.h"
#include "report/report.h"

namespace vigil::cli {

namespace {

namespace fs = std::filesystem;

struct ScanOptions {
  std::string fail_on;  // empty, or a severity, or "kev"
  std::string format;   // empty: the global --format (table or json)
  std::vector<std::string> vex_files;
  std::string ignore_file;  // empty: .vigil-ignore.toml in the working directory, if there is one
};

constexpr const char* kDefaultIgnoreFile = ".vigil-ignore.toml";

Result<std::string> ReadWholeFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, path.string() + ": cannot open");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Fail(ErrorCode::kInternal, path.string() + ": read error");
  return text;
}

// The VEX statements and ignore entries this scan applies.
Result<std::vector<match::SuppressionRule>> LoadSuppressionRules(const ScanOptions& options) {
  std::vector<match::SuppressionRule> rules;
  const auto add = [&rules](Result<std::vector<match::SuppressionRule>> parsed) -> Result<void> {
    if (!parsed) return std::unexpected(parsed.error());
    for (auto& rule : *parsed) rules.push_back(std::move(rule));
    return {};
  };
  for (const auto& file : options.vex_files) {
    auto text = ReadWholeFile(file);
    if (!text) return std::unexpected(text.error());
    if (auto added = add(match::ParseVex(*text, file)); !added) return std::unexpected(added.error());
  }
  std::error_code ec;
  const fs::path ignore = options.ignore_file.empty() ? fs::path(kDefaultIgnoreFile) : fs::path(options.ignore_file);
  if (!options.ignore_file.empty() || fs::exists(ignore, ec)) {
    auto text = ReadWholeFile(ignore);
    if (!text) return std::unexpected(text.error());
    if (auto added = add(match::ParseIgnoreFile(*text, ignore)); !added) return std::unexpected(added.error());
  }
  return rules;
}

int RunInventory(const TargetOptions& options, const GlobalOptions& global) {
  auto collected = CollectTarget(options);
  if (!collected) return ReportError(collected.error());
  for (const auto& issue : collected->issues) Warn(global, IssueLine(issue));
  std::string text;
  if (global.format == Format::kJson) {
    text = InventoryJsonOf(*collected);
  } else {
    for (const auto& p : collected->inventory.packages) text += p.ecosystem + "\t" + p.name + "\t" + p.version + "\n";
  }
  if (auto written = WriteOutput(global, text); !written) return ReportError(written.error());
  return kExitOk;
}

// Whether a finding reaches the --fail-on threshold.
bool Reaches(const match::Finding& finding, std::string_view threshold) {
  if (threshold == "kev") return finding.known_exploited;
  static const std::map<std::string_view, int> kRank = {{"none", 0}, {"low", 1}, {"medium", 2}, {"high", 3}, {"critical", 4}};
  const auto have = kRank.find(report::SeverityLabel(finding));
  return have != kRank.end() && have->second >= kRank.at(threshold);
}

int RunScan(const TargetOptions& target, const ScanOptions& options, const GlobalOptions& global) {
  auto snapshot = knowledge::Snapshot::Open(VigilHome() / "advisories.snap");
  if (!snapshot) {
    if (snapshot.error().code == ErrorCode::kNotFound) {
      return ReportError({ErrorCode::kFailedPrecondition,
                          "no advisory database in " + VigilHome().string() + ": run `vigil db update` or `vigil db import`"});
    }
    return ReportError(snapshot.error());
  }
  auto rules = LoadSuppressionRules(options);
  if (!rules) return ReportError(rules.error());
  auto collected = CollectTarget(target);
  if (!collected) return ReportError(collected.error());
  collected->match = match::MatchPackages(*snapshot, collected->inventory.packages);
  collected->suppression = match::Suppress(collected->match.findings, *rules, TodayUtc());
  collected->hygiene = hygiene::Assess(collected->inventory, collected->match, TodayUtc(), *snapshot);
  for (const auto& rule : collected->suppression.expired) {
    Warn(global, rule.source + ": the ignore entry for " + rule.vulnerability + " expired on " + rule.expires + "; it no longer applies");
  }
  for (const auto& issue : collected->issues) Warn(global, IssueLine(issue));
  for (const auto& issue : collected->match.issues) Warn(global, issue.location + ": " + issue.message);

  const std::string format = !options.format.empty() ? options.format : global.format == Format::kJson ? "json" : "table";
  std::string text;
  if (format == "json") {
    text = report::ScanJson(*collected);
  } else if (format == "sarif") {
    text = report::ScanSarif(*collected);
  } else if (format == "cyclonedx") {
    text = report::ScanCycloneDx(*collected, report::CycloneDxContent::kSbomWithVulnerabilities);
  } else if (format == "cyclonedx-vex") {
    text = report::ScanCycloneDx(*collected, report::CycloneDxContent::kVexOnly);
  } else if (format == "openvex") {
    if (collected->match.findings.empty() && collected->suppression.suppressed.empty()) {
      Warn(global, "no findings, so the OpenVEX document has no statements (the OpenVEX schema asks for at least one)");
    }
    text = report::ScanOpenVex(*collected);
  } else {
    text = report::ScanTable(*collected, global.output.empty() && UseColour(STDOUT_FILENO));
  }
  if (auto written = WriteOutput(global, text); !written) return ReportError(written.error());
  if (!options.fail_on.empty()) {
    for (const auto& f : collected->match.findings) {
      if (Reaches(f, options.fail_on)) return kExitFindings;
    }
  }
  return kExitOk;
}

}  // namespace

void AddScanCommands(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto inventory_options = std::make_shared<TargetOptions>();
  auto* inventory = app.add_subcommand("inventory", "List the packages a file holds, without matching");
  AddTargetOptions(*inventory, *inventory_options);
  inventory->callback([&global, &exit_code, inventory_options] { exit_code = RunInventory(*inventory_options, global); });

  auto target_options = std::make_shared<TargetOptions>();
  auto scan_options = std::make_shared<ScanOptions>();
  auto* scan = app.add_subcommand("scan", "Match the packages of a file against the advisory database");
  AddTargetOptions(*scan, *target_options);
  scan->add_option("--fail-on", scan_options->fail_on, "Exit 1 when a finding is at or above: low, medium, high, critical, kev")
      ->check(CLI::IsMember({"low", "medium", "high", "critical", "kev"}));
  scan->add_option("--format,-f", scan_options->format, "table, json, sarif, cyclonedx, cyclonedx-vex or openvex")
      ->check(CLI::IsMember({"table", "json", "sarif", "cyclonedx", "cyclonedx-vex", "openvex"}));
  scan->add_option("--vex", scan_options->vex_files, "Apply the statements of an OpenVEX or CycloneDX VEX document (repeatable)")
      ->check(CLI::ExistingFile);
  scan->add_option("--ignore-file", scan_options->ignore_file,
                   std::string("Ignore entries (TOML, each with a reason and an expiry date); default: ") + kDefaultIgnoreFile +
                       " in the working directory, when present");
  scan->callback([&global, &exit_code, target_options, scan_options] {
    exit_code = RunScan(*target_options, *scan_options, global);
  });
}

}  // namespace vigil::cli
