// `vigil inventory TARGET` lists what a file, directory or image holds; `vigil scan TARGET` also
// matches it against the advisory snapshot and reports findings, with --fail-on gating.
#include <iostream>
#include <map>
#include <memory>
#include <unistd.h>

#include "cli/commands.h"
#include "inventory/registry.h"
#include "inventory/walk.h"
#include "knowledge/snapshot.h"
#include "match/matcher.h"
#include "report/report.h"

namespace vigil::cli {

namespace {

namespace fs = std::filesystem;

struct TargetOptions {
  std::string target;
  std::string as;  // explicit extractor name
};

struct ScanOptions {
  std::string fail_on;  // empty, or a severity, or "kev"
  std::string format;   // empty: the global --format (table or json)
};

// Reads the packages of the target: with --as one file in that format, else whatever the target
// is (a package file, a directory or root filesystem, a container image).
Result<report::ScanReport> Collect(const TargetOptions& options) {
  report::ScanReport out;
  out.target = options.target;
  const fs::path path = fs::absolute(options.target);
  if (options.as.empty()) {
    auto scanned = inventory::ScanPath(path, inventory::WalkOptions{});
    if (!scanned) return std::unexpected(scanned.error());
    out.inventory = std::move(scanned->inventory);
    out.issues = std::move(scanned->issues);
    return out;
  }
  const inventory::Extractor* extractor = inventory::FindExtractor(options.as);
  if (extractor == nullptr) {
    std::string names;
    for (const auto* e : inventory::AllExtractors()) names += (names.empty() ? "" : ", ") + std::string(e->name());
    return Fail(ErrorCode::kInvalidArgument, "--as " + options.as + ": no such format; known formats: " + names);
  }
  const inventory::DiskFileSystem disk;
  auto packages = inventory::ExtractFile(path, disk, extractor);
  if (!packages) return std::unexpected(packages.error());
  out.inventory.asset = {inventory::AssetKind::kFile, options.target, "", ""};
  out.inventory.packages = std::move(*packages);
  for (auto& p : out.inventory.packages) p.location = options.target;
  return out;
}

int RunInventory(const TargetOptions& options, const GlobalOptions& global) {
  auto collected = Collect(options);
  if (!collected) return ReportError(collected.error());
  for (const auto& issue : collected->issues) Warn(global, issue.path + ": " + issue.message);
  std::string text;
  if (global.format == Format::kJson) {
    text = report::InventoryJson(collected->inventory, collected->issues);
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
  auto collected = Collect(target);
  if (!collected) return ReportError(collected.error());
  collected->match = match::MatchPackages(*snapshot, collected->inventory.packages);
  for (const auto& issue : collected->issues) Warn(global, issue.path + ": " + issue.message);
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

void AddTargetOptions(CLI::App& command, TargetOptions& options) {
  command.add_option("target", options.target, "A package file (lockfile, package database, SBOM), a directory or root filesystem, or a container image (docker save tarball, OCI layout)")->required();
  command.add_option("--as", options.as, "Read the file as this format (e.g. package-lock.json, dpkg-status)");
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
  scan->callback([&global, &exit_code, target_options, scan_options] {
    exit_code = RunScan(*target_options, *scan_options, global);
  });
}

}  // namespace vigil::cli
