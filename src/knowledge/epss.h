// Reader of FIRST's EPSS scores CSV (epss_scores-YYYY-MM-DD.csv): an optional
// "#model_version:…,score_date:…" line, the header "cve,epss,percentile", one row per CVE.
// Pure functions returning value types; thread-safe. Gzip is handled by knowledge/source.h.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "knowledge/kev.h"  // kMaxFeedErrors

namespace vigil::knowledge {

struct EpssScore {
  std::string cve;
  double epss = 0;        // probability of exploitation in the next 30 days, [0, 1]
  double percentile = 0;  // rank among all scored CVEs, [0, 1]
};

struct EpssData {
  std::string model_version;  // "v2025.03.14"; empty without the comment line
  std::string score_date;     // as written, e.g. "2025-08-25T00:00:00+0000"
  std::vector<EpssScore> scores;
  // Bad rows are skipped, not fatal: one bad row must not hide the other 300k.
  std::size_t skipped = 0;
  std::vector<Error> errors;  // first kMaxFeedErrors, e.g. `line 7, column 16 (epss): "1.5" …`
};

// Parses the CSV strictly: CVE ids are checked, scores must be decimal numbers in [0, 1]
// (std::from_chars, independent of the locale). Fails only on an unusable file (empty, missing
// header); bad rows are skipped and reported with their line and column.
[[nodiscard]] Result<EpssData> ParseEpss(std::string_view csv);

// Cheap sniffing for importers: starts with "#model_version:" or the "cve,epss" header.
[[nodiscard]] bool LooksLikeEpss(std::string_view csv);

}  // namespace vigil::knowledge
