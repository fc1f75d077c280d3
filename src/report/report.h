// Output formats of inventories and scans (GUIDE §6): vigil's own JSON (docs/formats/), a table for
// people, and the standard formats other tools read. Pure functions from values to text.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hygiene/hygiene.h"
#include "inventory/package.h"
#include "inventory/walk.h"
#include "match/matcher.h"
#include "match/suppression.h"

namespace vigil::report {

using inventory::ScanIssue;

// Everything a scan found, as the reports render it.
struct ScanReport {
  std::string target;
  inventory::Inventory inventory;
  match::MatchResult match;                // findings left after suppression
  match::SuppressionResult suppression;  // findings VEX or ignore entries cleared; expired ignores
  std::vector<ScanIssue> issues;  // files that could not be read or parsed
  hygiene::Hygiene hygiene;
};

// "critical", "high", "medium", "low", "none", or "unknown" without a CVSS score.
[[nodiscard]] std::string SeverityLabel(const match::Finding& finding);

[[nodiscard]] std::string InventoryJson(const inventory::Inventory& inventory, const std::vector<ScanIssue>& issues,
                                        const hygiene::Hygiene& hygiene);
[[nodiscard]] std::string ScanJson(const ScanReport& report);
[[nodiscard]] std::string ScanTable(const ScanReport& report, bool colour);
[[nodiscard]] std::string ScanSarif(const ScanReport& report);

enum class CycloneDxContent : std::uint8_t { kSbomWithVulnerabilities, kVexOnly };
[[nodiscard]] std::string ScanCycloneDx(const ScanReport& report, CycloneDxContent content);
[[nodiscard]] std::string ScanOpenVex(const ScanReport& report);

}  // namespace vigil::report
