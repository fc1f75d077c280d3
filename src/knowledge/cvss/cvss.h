// CVSS v2.0, v3.0, v3.1 and v4.0: strict vector parsing and scoring exactly as the FIRST
// specifications' calculators compute it. Stateless free functions over constant tables;
// thread-safe; a parse+score performs no heap allocation unless the vector is invalid.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/result.h"

namespace vigil::knowledge::cvss {

enum class CvssVersion : std::uint8_t { kV2, kV30, kV31, kV40 };

// v3.x/v4.0 ratings. CVSS v2 defines no rating; vigil uses NVD's v2 ranges, which have no None or
// Critical: Low 0.0-3.9, Medium 4.0-6.9, High 7.0-10.0.
enum class Severity : std::uint8_t { kNone, kLow, kMedium, kHigh, kCritical };

struct Scores {
  CvssVersion version = CvssVersion::kV31;
  // v2/v3: the base score. v4: the CVSS-B score (base metrics only, threat and environmental
  // metrics ignored).
  double base_score = 0;
  // v2: present only when the vector sets a temporal (resp. environmental) metric to something
  // other than ND, as the FIRST/NVD calculators report. v3: always present; with no such metrics
  // they equal what the formulas give for X (Not Defined), normally the base score. v4: absent.
  std::optional<double> temporal_score;
  std::optional<double> environmental_score;
  // v4: the score of everything the vector specifies (CVSS-B, -BT, -BE or -BTE). v2/v3: base score.
  double score = 0;
  // v4: "CVSS-B", "CVSS-BT", "CVSS-BE" or "CVSS-BTE"; empty for v2/v3. Static storage.
  std::string_view nomenclature;
  // Rating of `score`.
  Severity severity = Severity::kNone;
};

// Parses and scores a vector. The version comes from the prefix: "CVSS:3.0/", "CVSS:3.1/",
// "CVSS:4.0/"; a vector with no prefix is v2, optionally wrapped in parentheses as NVD writes it
// ("(AV:N/AC:L/...)"). Metric names and values are case-sensitive and may come in any order; each
// at most once; every base metric is required. Errors name the vector, the offending metric and
// its offset.
[[nodiscard]] Result<Scores> Score(std::string_view vector);

[[nodiscard]] Severity SeverityFor(CvssVersion version, double score);
// "None", "Low", "Medium", "High", "Critical".
[[nodiscard]] std::string_view SeverityName(Severity severity);
// "2.0", "3.0", "3.1", "4.0".
[[nodiscard]] std::string_view VersionName(CvssVersion version);

}  // namespace vigil::knowledge::cvss
