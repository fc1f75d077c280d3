// Reading a scan target's inventory; moved out of scan_command.cc so that `vigil collect` takes
// the very same path as `vigil inventory` and `vigil scan`.
#include "cli/target.h"

#include <chrono>

#include "hygiene/hygiene.h"
#include "inventory/registry.h"

namespace vigil::cli {

namespace {

namespace fs = std::filesystem;

// A directory walk names files relative to the scanned root ("/web/package-lock.json"); the user
// needs paths they can open from where they ran vigil ("project/web/package-lock.json").
void RerootLocations(std::string root, report::ScanReport& out) {
  while (root.size() > 1 && root.ends_with('/')) root.pop_back();
  const auto reroot = [&root](std::string& path) {
    if (path.starts_with('/')) path.insert(0, root);
  };
  for (auto& p : out.inventory.packages) reroot(p.location);
  for (auto& issue : out.issues) {
    if (issue.message.starts_with(issue.path)) issue.message.insert(0, root);
    reroot(issue.path);
  }
}

}  // namespace

Result<report::ScanReport> CollectTarget(const TargetOptions& options) {
  report::ScanReport out;
  out.target = options.target;
  const fs::path path = fs::absolute(options.target);
  if (options.as.empty()) {
    auto scanned = inventory::ScanPath(path, inventory::WalkOptions{});
    if (!scanned) return std::unexpected(scanned.error());
    out.inventory = std::move(scanned->inventory);
    out.issues = std::move(scanned->issues);
    if (out.inventory.asset.kind == inventory::AssetKind::kDirectory) RerootLocations(options.target, out);
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

std::string InventoryJsonOf(const report::ScanReport& collected) {
  const auto facts = hygiene::Assess(collected.inventory, match::MatchResult{}, TodayUtc());
  return report::InventoryJson(collected.inventory, collected.issues, facts);
}

// Extractors' messages already start with the file they name; others get it in front.
std::string IssueLine(const inventory::ScanIssue& issue) {
  if (issue.message.starts_with(issue.path)) return issue.message;
  return issue.path + ": " + issue.message;
}

std::int64_t TodayUtc() {
  const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return now.time_since_epoch().count();
}

void AddTargetOptions(CLI::App& command, TargetOptions& options) {
  command.add_option("target", options.target, "A package file (lockfile, package database, SBOM), a directory or root filesystem, or a container image (docker save tarball, OCI layout)")->required();
  command.add_option("--as", options.as, "Read the file as this format (e.g. package-lock.json, dpkg-status)");
}

}  // namespace vigil::cli
