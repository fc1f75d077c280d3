// Reading what a scan target holds, shared by `vigil inventory`, `vigil scan` and `vigil collect`:
// the target options, the inventory with the files that could not be read, and its JSON.
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

#include "core/result.h"
#include "inventory/walk.h"
#include "report/report.h"

namespace vigil::cli {

struct TargetOptions {
  std::string target;
  std::string as;  // explicit extractor name
};

// The positional target and --as.
void AddTargetOptions(CLI::App& command, TargetOptions& options);

// Reads the packages of the target: with --as one file in that format, else whatever the target
// is (a package file, a directory or root filesystem, a container image).
[[nodiscard]] Result<report::ScanReport> CollectTarget(const TargetOptions& options);

// `vigil inventory --format json` of a collected target (hygiene facts without matching).
[[nodiscard]] std::string InventoryJsonOf(const report::ScanReport& collected);

// One warning line for a file that could not be read.
[[nodiscard]] std::string IssueLine(const inventory::ScanIssue& issue);

// Days since the Unix epoch, UTC.
[[nodiscard]] std::int64_t TodayUtc();

}  // namespace vigil::cli
