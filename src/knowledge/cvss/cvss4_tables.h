// Internal: the CVSS v4.0 MacroVector tables (scores, maximal severity depths, highest-severity
// vectors per equivalence class) used by cvss.cc. Immutable constant data; thread-safe.
// Exposed in a header only so the conformance test can compare them with the published tables.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace vigil::knowledge::cvss::cvss4 {

// Marks an eq1..eq6 combination that no vector can produce (eq3=2 with eq6=0).
inline constexpr double kNoMacroVector = -1.0;

inline constexpr std::size_t kEq1Levels = 3;
inline constexpr std::size_t kEq2Levels = 2;
inline constexpr std::size_t kEq3Levels = 3;
inline constexpr std::size_t kEq4Levels = 3;
inline constexpr std::size_t kEq5Levels = 3;
inline constexpr std::size_t kEq6Levels = 2;

using MacroVectorTable =
    double[kEq1Levels][kEq2Levels][kEq3Levels][kEq4Levels][kEq5Levels][kEq6Levels];

// Maximal severity depth of each equivalence class level, in steps of 0.1.
struct MaxSeverityDepths {
  int eq1[kEq1Levels];
  int eq2[kEq2Levels];
  int eq3eq6[kEq3Levels][kEq6Levels];
  int eq4[kEq4Levels];
  int eq5[kEq5Levels];
};

// Partial vectors ("AV:N/PR:N/UI:N/") of the highest-severity vectors of a class level; the list
// ends at the first empty entry.
inline constexpr std::size_t kMaxVectorsPerLevel = 5;
using VectorList = std::array<std::string_view, kMaxVectorsPerLevel>;

struct MaxComposed {
  VectorList eq1[kEq1Levels];
  VectorList eq2[kEq2Levels];
  VectorList eq3eq6[kEq3Levels][kEq6Levels];
  VectorList eq4[kEq4Levels];
  VectorList eq5[kEq5Levels];
};

extern const MacroVectorTable kMacroVectorScores;
extern const MaxSeverityDepths kMaxSeverityDepths;
extern const MaxComposed kMaxComposed;

}  // namespace vigil::knowledge::cvss::cvss4
