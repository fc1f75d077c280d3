// Suppressing findings that people have assessed: VEX statements (OpenVEX 0.2.0 and CycloneDX VEX)
// saying a product is not affected or fixed, and `.vigil-ignore.toml` entries that accept a finding
// for a stated reason until an expiry date. Pure functions over parsed rules; thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "match/matcher.h"

namespace vigil::match {

enum class RuleKind : std::uint8_t { kVex, kIgnore };

// One statement that a vulnerability does not need action in some packages.
struct SuppressionRule {
  RuleKind kind = RuleKind::kVex;
  std::string vulnerability;             // an OSV id, CVE or other alias; matches a finding's id or aliases
  std::vector<std::string> vuln_aliases;  // more names the statement gives the same vulnerability
  std::vector<std::string> packages;     // purls, version optional; empty: every package
  std::string status;                    // VEX status as written ("not_affected", "fixed", …); "ignored" for ignores
  std::string justification;             // VEX justification, if any
  std::string reason;                    // impact statement, analysis detail or the ignore's reason
  std::string expires;                   // ignores: YYYY-MM-DD, the first day the entry no longer applies
  std::string source;                    // where it was written: "vex.json: $.statements[2]", "file.toml:12"
};

// Reads an OpenVEX or CycloneDX VEX (JSON) document, recognised by its content. Only statements
// that clear a finding become rules: OpenVEX not_affected and fixed; CycloneDX not_affected,
// false_positive, resolved and resolved_with_pedigree. Errors name the file and the JSON path.
[[nodiscard]] Result<std::vector<SuppressionRule>> ParseVex(std::string_view text, const std::filesystem::path& path);

// Reads a `.vigil-ignore.toml`: `[[ignore]]` tables with `id`, optional `package` (a purl) and the
// required `reason` and `expires` (a TOML date or "YYYY-MM-DD"). Errors name the file and line.
[[nodiscard]] Result<std::vector<SuppressionRule>> ParseIgnoreFile(std::string_view text, const std::filesystem::path& path);

struct SuppressedFinding {
  Finding finding;
  SuppressionRule rule;  // the first rule that applied
};

struct SuppressionResult {
  std::vector<SuppressedFinding> suppressed;
  std::vector<SuppressionRule> expired;  // ignore entries past their expiry: they no longer apply
};

// Moves the findings some rule clears from `findings` into the result. An ignore entry applies
// before its `expires` day (`today` is days since 1970-01-01 in UTC) and is reported as expired from
// that day on.
[[nodiscard]] SuppressionResult Suppress(std::vector<Finding>& findings, const std::vector<SuppressionRule>& rules,
                                         std::int64_t today);

}  // namespace vigil::match
