// Reader of CISA's Known Exploited Vulnerabilities catalog (known_exploited_vulnerabilities.json,
// schema https://www.cisa.gov/known-exploited-vulnerabilities-catalog). Pure functions returning
// value types; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vigil::knowledge {

struct KevEntry {
  std::string cve_id;  // "CVE-2021-44228"
  std::string vendor_project;
  std::string product;
  std::string vulnerability_name;
  std::string date_added;  // YYYY-MM-DD
  std::string short_description;
  std::string required_action;
  std::string due_date;                       // YYYY-MM-DD
  std::string known_ransomware_campaign_use;  // "Known" / "Unknown"; empty when absent
  std::string notes;
  std::vector<std::string> cwes;  // "CWE-79"
};

// At most this many skipped-entry errors are kept (all are counted), bounding memory on bad input.
inline constexpr std::size_t kMaxFeedErrors = 100;

struct KevCatalog {
  std::string title;
  std::string catalog_version;  // "2025.08.25"
  std::string date_released;    // RFC 3339
  std::int64_t count = 0;       // as declared by the catalog
  std::vector<KevEntry> vulnerabilities;
  // Entries that failed validation are skipped, not fatal: one bad entry must not hide the rest.
  std::size_t skipped = 0;
  std::vector<Error> errors;  // the first kMaxFeedErrors reasons, e.g. "vulnerabilities[17].cveID: missing"
};

// Parses the catalog. Fails only when the document as a whole is unusable (malformed JSON, a
// missing or mistyped top-level field); invalid entries are skipped and reported in `errors`.
[[nodiscard]] Result<KevCatalog> ParseKev(std::string_view json);

// Cheap sniffing for importers: a JSON object mentioning "catalogVersion" and "vulnerabilities".
[[nodiscard]] bool LooksLikeKev(std::string_view json);

// "CVE-YYYY-NNNN" with 4 to 19 digits in the sequence number (the KEV schema's pattern).
[[nodiscard]] bool IsCveId(std::string_view text);

}  // namespace vigil::knowledge
