// `vigil db update`: downloads the OSV dumps (<base>/<Ecosystem>/all.zip) of the configured
// ecosystems, and the KEV and EPSS feeds, with conditional requests, then imports what changed.
// Files are downloaded beside their destination and renamed into place; the validators (ETag,
// Last-Modified) are recorded only after a successful import, so an interrupted update is redone
// and never leaves the store or snapshot half-written. Not thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "knowledge/advisory_db.h"

namespace vigil::knowledge {

inline constexpr std::string_view kOsvBucket = "https://osv-vulnerabilities.storage.googleapis.com";
inline constexpr std::string_view kKevUrl = "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json";
inline constexpr std::string_view kEpssUrl = "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz";

struct UpdateOptions {
  std::string mirror;                   // base URL or directory; empty: the public OSV bucket
  std::vector<std::string> ecosystems;  // empty: every ecosystem vigil has version semantics for
  // Empty string: skip. Unset: the public feed, unless a mirror is given (mirrors carry OSV only).
  std::optional<std::string> kev_url;
  std::optional<std::string> epss_url;
};

struct UpdateResult {
  ImportSummary import;
  std::vector<std::string> downloads;  // one line per source: downloaded, not modified, …
  std::vector<Error> failures;         // sources that could not be fetched; the others were imported
};

[[nodiscard]] Result<UpdateResult> Update(AdvisoryDb& db, const UpdateOptions& options, const ImportProgress& progress = {});

}  // namespace vigil::knowledge
