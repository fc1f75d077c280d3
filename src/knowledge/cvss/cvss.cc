#include "knowledge/cvss/cvss.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <span>
#include <string>

#include "knowledge/cvss/cvss4_tables.h"

// The formulas below transcribe the specifications (CVSS v2 guide section 3.2, v3.0/v3.1
// specification section 7 and Appendix A, v4.0 FIRST calculator) with their coefficients written
// as published, in the calculators' evaluation order so that floating-point results match theirs
// bit for bit.
namespace vigil::knowledge::cvss {
namespace {

constexpr std::size_t kMaxMetrics = 32;
constexpr std::int8_t kAbsent = -1;
constexpr std::size_t kMaxQuoted = 120;

enum class Presence : std::uint8_t { kOptional, kMandatory };
constexpr Presence kMandatory = Presence::kMandatory;
constexpr Presence kOptional = Presence::kOptional;

struct MetricSpec {
  std::string_view name;
  // Allowed values separated by spaces, in the order the weight tables below use.
  std::string_view values;
  Presence presence;
};

// Value index per metric (index into MetricSpec::values), kAbsent when not given.
using Values = std::array<std::int8_t, kMaxMetrics>;

// --- Parsing -------------------------------------------------------------------------------------

// Joins message parts; also sidesteps GCC 12's false -Wrestrict on chained std::string operator+.
std::string Concat(std::initializer_list<std::string_view> parts) {
  std::string result;
  for (std::string_view part : parts) result.append(part);
  return result;
}

std::string Quoted(std::string_view text) {
  if (text.size() <= kMaxQuoted) return std::string(text);
  return Concat({text.substr(0, kMaxQuoted), "..."});
}

std::unexpected<Error> Invalid(std::string_view vector, const std::string& reason) {
  return Fail(ErrorCode::kInvalidArgument, Concat({"CVSS vector \"", Quoted(vector), "\": ", reason}));
}

// Vectors and value lists are a few bytes long: plain loops here beat calls to memchr/memcmp,
// which dominated parse time.
std::size_t FindChar(std::string_view text, char c, std::size_t pos) {
  while (pos < text.size() && text[pos] != c) ++pos;
  return pos;
}

bool Equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

int IndexOf(std::string_view list, std::string_view value) {
  int index = 0;
  for (std::size_t pos = 0;; ++index) {
    const std::size_t end = FindChar(list, ' ', pos);
    if (Equal(list.substr(pos, end - pos), value)) return index;
    if (end == list.size()) return -1;
    pos = end + 1;
  }
}

std::string_view TokenAt(std::string_view list, int index) {
  std::size_t pos = 0;
  for (; index > 0; --index) pos = FindChar(list, ' ', pos) + 1;
  return list.substr(pos, FindChar(list, ' ', pos) - pos);
}

// "L or H", "N, A, L or P".
std::string ExpectedValues(std::string_view list) {
  std::string text(list);
  const std::size_t last = text.rfind(' ');
  if (last == std::string::npos) return text;
  std::string result;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != ' ') {
      result += text[i];
    } else {
      result += i == last ? " or " : ", ";
    }
  }
  return result;
}

// Parses "M1:V1/M2:V2/..." (`body`, found at `offset` in `vector`) against `specs`.
Result<Values> ParseMetrics(std::string_view vector, std::string_view body, std::size_t offset,
                            std::span<const MetricSpec> specs) {
  Values values;
  values.fill(kAbsent);
  for (std::size_t pos = 0;;) {
    const std::size_t end = FindChar(body, '/', pos);
    const std::string_view component = body.substr(pos, end - pos);
    // Built only on error: the success path must not allocate.
    const auto at = [&] { return Concat({" at offset ", std::to_string(offset + pos)}); };
    const std::size_t colon = FindChar(component, ':', 0);
    if (component.empty()) return Invalid(vector, Concat({"empty metric", at()}));
    if (colon == component.size()) {
      return Invalid(vector, Concat({"'", Quoted(component), "'", at(), " is not METRIC:VALUE"}));
    }
    const std::string_view name = component.substr(0, colon);
    const std::string_view value = component.substr(colon + 1);
    const auto spec = std::find_if(specs.begin(), specs.end(),
                                   [&](const MetricSpec& s) { return Equal(s.name, name); });
    if (spec == specs.end()) {
      return Invalid(vector, Concat({"unknown metric '", Quoted(name), "'", at()}));
    }
    const auto slot = static_cast<std::size_t>(spec - specs.begin());
    if (values[slot] != kAbsent) {
      return Invalid(vector, Concat({"metric ", name, at(), " is repeated"}));
    }
    const int index = IndexOf(spec->values, value);
    if (index < 0) {
      return Invalid(vector, Concat({"metric ", name, at(), " has invalid value '", Quoted(value),
                                     "' (expected ", ExpectedValues(spec->values), ")"}));
    }
    values[slot] = static_cast<std::int8_t>(index);
    if (end == body.size()) break;
    pos = end + 1;
  }
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].presence == kMandatory && values[i] == kAbsent) {
      return Invalid(vector, Concat({"missing base metric ", specs[i].name}));
    }
  }
  return values;
}

// --- Rounding ------------------------------------------------------------------------------------

// JavaScript's Math.round (halves go up), which the reference calculators use.
double JsRound(double x) {
  const double floor = std::floor(x);
  return x - floor >= 0.5 ? floor + 1 : floor;
}

// CVSS v2 round_to_1_decimal, applied to the exact decimal value the guide's formulas denote:
// in binary 9.0 x 0.95 is 8.5499999..., which must still round to 8.6 (as NVD's calculator and
// exact decimal arithmetic give). Snapping to 1e-9 first recovers the decimal value; the weights
// have few enough decimals that no true value lies that close below a rounding tie.
double RoundToTenthDecimal(double x) {
  constexpr double kSnap = 1e9;
  constexpr std::int64_t kPerTenth = 100'000'000;
  const std::int64_t snapped = std::llround(x * kSnap);
  // Half away from zero: the equations can go below zero (see Compute).
  const std::int64_t tenths = (std::abs(snapped) + kPerTenth / 2) / kPerTenth;
  return static_cast<double>(snapped < 0 ? -tenths : tenths) / 10;
}

// --- CVSS v2.0 -----------------------------------------------------------------------------------

namespace v2 {

enum Metric : std::uint8_t { kAV, kAC, kAu, kC, kI, kA, kE, kRL, kRC, kCDP, kTD, kCR, kIR, kAR };

constexpr MetricSpec kSpecs[] = {
    {"AV", "L A N", kMandatory},          {"AC", "H M L", kMandatory},
    {"Au", "M S N", kMandatory},          {"C", "N P C", kMandatory},
    {"I", "N P C", kMandatory},           {"A", "N P C", kMandatory},
    {"E", "U POC F H ND", kOptional},     {"RL", "OF TF W U ND", kOptional},
    {"RC", "UC UR C ND", kOptional},      {"CDP", "N L LM MH H ND", kOptional},
    {"TD", "N L M H ND", kOptional},      {"CR", "L M H ND", kOptional},
    {"IR", "L M H ND", kOptional},        {"AR", "L M H ND", kOptional},
};

constexpr double kAccessVector[] = {0.395, 0.646, 1.0};
constexpr double kAccessComplexity[] = {0.35, 0.61, 0.71};
constexpr double kAuthentication[] = {0.45, 0.56, 0.704};
constexpr double kImpact[] = {0.0, 0.275, 0.660};
constexpr double kExploitability[] = {0.85, 0.90, 0.95, 1.0, 1.0};
constexpr double kRemediationLevel[] = {0.87, 0.90, 0.95, 1.0, 1.0};
constexpr double kReportConfidence[] = {0.90, 0.95, 1.0, 1.0};
constexpr double kCollateralDamage[] = {0.0, 0.1, 0.3, 0.4, 0.5, 0.0};
constexpr double kTargetDistribution[] = {0.0, 0.25, 0.75, 1.0, 1.0};
constexpr double kRequirement[] = {0.5, 1.0, 1.51, 1.0};

// Weight of `metric`, or of ND (each optional table's last entry) when the metric is absent.
template <std::size_t N>
double Weight(const Values& values, Metric metric, const double (&table)[N]) {
  return values[metric] == kAbsent ? table[N - 1] : table[values[metric]];
}

// True if any of `metrics` is given with a value other than ND.
bool AnyDefined(const Values& values, std::initializer_list<Metric> metrics) {
  return std::any_of(metrics.begin(), metrics.end(), [&](Metric m) {
    return values[m] != kAbsent && TokenAt(kSpecs[m].values, values[m]) != "ND";
  });
}

double BaseEquation(double impact, double exploitability) {
  // f(impact) = 0 when impact is 0; the score is then 0 (not the -0.0 that -0.7 x 0 gives).
  if (impact == 0) return 0;
  return RoundToTenthDecimal(((0.6 * impact) + (0.4 * exploitability) - 1.5) * 1.176);
}

Scores Compute(const Values& v) {
  const double c = kImpact[v[kC]];
  const double i = kImpact[v[kI]];
  const double a = kImpact[v[kA]];
  const double exploitability =
      20 * kAccessVector[v[kAV]] * kAccessComplexity[v[kAC]] * kAuthentication[v[kAu]];
  const double impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
  const double base = BaseEquation(impact, exploitability);

  const double e = Weight(v, kE, kExploitability);
  const double rl = Weight(v, kRL, kRemediationLevel);
  const double rc = Weight(v, kRC, kReportConfidence);

  const double adjusted_impact =
      std::min(10.0, 10.41 * (1 - (1 - c * Weight(v, kCR, kRequirement)) *
                                      (1 - i * Weight(v, kIR, kRequirement)) *
                                      (1 - a * Weight(v, kAR, kRequirement))));
  const double adjusted_temporal =
      RoundToTenthDecimal(BaseEquation(adjusted_impact, exploitability) * e * rl * rc);
  const double cdp = Weight(v, kCDP, kCollateralDamage);
  const double td = Weight(v, kTD, kTargetDistribution);

  Scores scores;
  scores.version = CvssVersion::kV2;
  scores.base_score = base;
  if (AnyDefined(v, {kE, kRL, kRC})) {
    scores.temporal_score = RoundToTenthDecimal(base * e * rl * rc);
  }
  if (AnyDefined(v, {kCDP, kTD, kCR, kIR, kAR})) {
    // With CR/IR/AR:L the adjusted base equation can fall below zero (e.g. -0.1 for
    // AV:L/AC:H/Au:M/C:P/I:N/A:N/.../CR:L); the guide does not say, vigil reports 0.
    scores.environmental_score = std::max(
        0.0, RoundToTenthDecimal((adjusted_temporal + (10 - adjusted_temporal) * cdp) * td));
  }
  scores.score = base;
  return scores;
}

}  // namespace v2

// --- CVSS v3.0 / v3.1 ----------------------------------------------------------------------------

namespace v3 {

enum Metric : std::uint8_t {
  kAV, kAC, kPR, kUI, kS, kC, kI, kA,
  kE, kRL, kRC,
  kCR, kIR, kAR, kMAV, kMAC, kMPR, kMUI, kMS, kMC, kMI, kMA,
};

// Each modified metric lists "X" and then its base metric's values in the same order.
constexpr MetricSpec kSpecs[] = {
    {"AV", "N A L P", kMandatory}, {"AC", "L H", kMandatory},      {"PR", "N L H", kMandatory},
    {"UI", "N R", kMandatory},     {"S", "U C", kMandatory},       {"C", "H L N", kMandatory},
    {"I", "H L N", kMandatory},    {"A", "H L N", kMandatory},     {"E", "X U P F H", kOptional},
    {"RL", "X O T W U", kOptional}, {"RC", "X U R C", kOptional},  {"CR", "X L M H", kOptional},
    {"IR", "X L M H", kOptional},  {"AR", "X L M H", kOptional},   {"MAV", "X N A L P", kOptional},
    {"MAC", "X L H", kOptional},   {"MPR", "X N L H", kOptional},  {"MUI", "X N R", kOptional},
    {"MS", "X U C", kOptional},    {"MC", "X H L N", kOptional},   {"MI", "X H L N", kOptional},
    {"MA", "X H L N", kOptional},
};

constexpr double kAttackVector[] = {0.85, 0.62, 0.55, 0.2};
constexpr double kAttackComplexity[] = {0.77, 0.44};
constexpr double kPrivilegesScopeUnchanged[] = {0.85, 0.62, 0.27};
constexpr double kPrivilegesScopeChanged[] = {0.85, 0.68, 0.5};
constexpr double kUserInteraction[] = {0.85, 0.62};
constexpr double kImpact[] = {0.56, 0.22, 0.0};
constexpr double kExploitCodeMaturity[] = {1.0, 0.91, 0.94, 0.97, 1.0};
constexpr double kRemediationLevel[] = {1.0, 0.95, 0.96, 0.97, 1.0};
constexpr double kReportConfidence[] = {1.0, 0.92, 0.96, 1.0};
constexpr double kRequirement[] = {1.0, 0.5, 1.0, 1.5};
constexpr int kScopeChanged = 1;
constexpr double kMaxModifiedImpact = 0.915;

// Value index of an optional metric, X when absent.
int Optional(const Values& v, Metric metric) { return v[metric] == kAbsent ? 0 : v[metric]; }

// Value index of the base metric `base` after applying its modified metric.
int Modified(const Values& v, Metric base, Metric modified) {
  const int m = Optional(v, modified);
  return m > 0 ? m - 1 : v[base];
}

// Roundup as defined in v3.1 Appendix A: integer arithmetic avoids 4.000000001 rounding to 4.1.
double RoundUp31(double x) {
  const auto scaled = static_cast<std::int64_t>(JsRound(x * 100000));
  if (scaled % 10000 == 0) return static_cast<double>(scaled) / 100000;
  return static_cast<double>(scaled / 10000 + 1) / 10;
}

// Roundup as the v3.0 specification and calculator define it.
double RoundUp30(double x) { return std::ceil(x * 10) / 10; }

Scores Compute(const Values& v, CvssVersion version) {
  const bool v31 = version == CvssVersion::kV31;
  const auto round_up = v31 ? RoundUp31 : RoundUp30;

  const bool changed = v[kS] == kScopeChanged;
  const double iss =
      1 - ((1 - kImpact[v[kC]]) * (1 - kImpact[v[kI]]) * (1 - kImpact[v[kA]]));
  const double impact =
      changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15) : 6.42 * iss;
  const double privileges =
      changed ? kPrivilegesScopeChanged[v[kPR]] : kPrivilegesScopeUnchanged[v[kPR]];
  const double exploitability = 8.22 * kAttackVector[v[kAV]] * kAttackComplexity[v[kAC]] *
                                privileges * kUserInteraction[v[kUI]];
  double base = 0;
  if (impact > 0) {
    base = changed ? round_up(std::min(1.08 * (impact + exploitability), 10.0))
                   : round_up(std::min(impact + exploitability, 10.0));
  }

  const double e = kExploitCodeMaturity[Optional(v, kE)];
  const double rl = kRemediationLevel[Optional(v, kRL)];
  const double rc = kReportConfidence[Optional(v, kRC)];

  const bool modified_changed = Modified(v, kS, kMS) == kScopeChanged;
  const double miss = std::min(
      1 - ((1 - kImpact[Modified(v, kC, kMC)] * kRequirement[Optional(v, kCR)]) *
           (1 - kImpact[Modified(v, kI, kMI)] * kRequirement[Optional(v, kIR)]) *
           (1 - kImpact[Modified(v, kA, kMA)] * kRequirement[Optional(v, kAR)])),
      kMaxModifiedImpact);
  double modified_impact = 6.42 * miss;
  if (modified_changed) {
    // v3.1 changed this formula (specification section 7.3).
    modified_impact = v31 ? 7.52 * (miss - 0.029) - 3.25 * std::pow(miss * 0.9731 - 0.02, 13)
                          : 7.52 * (miss - 0.029) - 3.25 * std::pow(miss - 0.02, 15);
  }
  const int mpr = Modified(v, kPR, kMPR);
  const double modified_privileges =
      modified_changed ? kPrivilegesScopeChanged[mpr] : kPrivilegesScopeUnchanged[mpr];
  const double modified_exploitability = 8.22 * kAttackVector[Modified(v, kAV, kMAV)] *
                                         kAttackComplexity[Modified(v, kAC, kMAC)] *
                                         modified_privileges *
                                         kUserInteraction[Modified(v, kUI, kMUI)];
  double environmental = 0;
  if (modified_impact > 0) {
    const double sum = modified_changed
                           ? std::min(1.08 * (modified_impact + modified_exploitability), 10.0)
                           : std::min(modified_impact + modified_exploitability, 10.0);
    environmental = round_up(round_up(sum) * e * rl * rc);
  }

  Scores scores;
  scores.version = version;
  scores.base_score = base;
  scores.temporal_score = round_up(base * e * rl * rc);
  scores.environmental_score = environmental;
  scores.score = base;
  return scores;
}

}  // namespace v3

// --- CVSS v4.0 -----------------------------------------------------------------------------------

namespace v4 {

enum Metric : std::uint8_t {
  kAV, kAC, kAT, kPR, kUI, kVC, kVI, kVA, kSC, kSI, kSA,
  kE,
  kCR, kIR, kAR, kMAV, kMAC, kMAT, kMPR, kMUI, kMVC, kMVI, kMVA, kMSC, kMSI, kMSA,
  kS, kAU, kR, kV, kRE, kU,
};
constexpr Metric kFirstModified = kMAV;
constexpr Metric kLastBase = kSA;
constexpr Metric kFirstEnvironmental = kCR;
constexpr Metric kLastEnvironmental = kMSA;

constexpr MetricSpec kSpecs[] = {
    {"AV", "N A L P", kMandatory},  {"AC", "L H", kMandatory},       {"AT", "N P", kMandatory},
    {"PR", "N L H", kMandatory},    {"UI", "N P A", kMandatory},     {"VC", "H L N", kMandatory},
    {"VI", "H L N", kMandatory},    {"VA", "H L N", kMandatory},     {"SC", "H L N", kMandatory},
    {"SI", "H L N", kMandatory},    {"SA", "H L N", kMandatory},     {"E", "X A P U", kOptional},
    {"CR", "X H M L", kOptional},   {"IR", "X H M L", kOptional},    {"AR", "X H M L", kOptional},
    {"MAV", "X N A L P", kOptional}, {"MAC", "X L H", kOptional},    {"MAT", "X N P", kOptional},
    {"MPR", "X N L H", kOptional},  {"MUI", "X N P A", kOptional},   {"MVC", "X H L N", kOptional},
    {"MVI", "X H L N", kOptional},  {"MVA", "X H L N", kOptional},   {"MSC", "X H L N", kOptional},
    {"MSI", "X S H L N", kOptional}, {"MSA", "X S H L N", kOptional}, {"S", "X N P", kOptional},
    {"AU", "X N Y", kOptional},     {"R", "X A U I", kOptional},     {"V", "X D C", kOptional},
    {"RE", "X L M H", kOptional},   {"U", "X Clear Green Amber Red", kOptional},
};
static_assert(std::size(kSpecs) == kMaxMetrics);

bool Given(const Values& v, Metric metric) { return v[metric] != kAbsent && v[metric] != 0; }

char ValueOf(const Values& v, Metric metric) { return TokenAt(kSpecs[metric].values, v[metric])[0]; }

// The value the scoring uses: the modified metric if given, defaults for X (E:A, CR/IR/AR:H).
char Effective(const Values& v, Metric metric) {
  if (metric <= kLastBase) {
    const auto modified = static_cast<Metric>(metric + kFirstModified);
    return Given(v, modified) ? ValueOf(v, modified) : ValueOf(v, metric);
  }
  if (Given(v, metric)) return ValueOf(v, metric);
  return metric == kE ? 'A' : 'H';
}

// Severity levels per value (FIRST calculator), used to measure the distance of a vector from the
// highest-severity vectors of its MacroVector.
struct Levels {
  std::string_view values;
  std::array<double, 4> levels;
};

const Levels* LevelsOf(Metric metric) {
  static constexpr Levels kAttackVector{"NALP", {0.0, 0.1, 0.2, 0.3}};
  static constexpr Levels kPrivileges{"NLH", {0.0, 0.1, 0.2}};
  static constexpr Levels kUserInteraction{"NPA", {0.0, 0.1, 0.2}};
  static constexpr Levels kComplexity{"LH", {0.0, 0.1}};
  static constexpr Levels kRequirements{"NP", {0.0, 0.1}};
  static constexpr Levels kVulnerable{"HLN", {0.0, 0.1, 0.2}};
  static constexpr Levels kSubsequentConfidentiality{"HLN", {0.1, 0.2, 0.3}};
  static constexpr Levels kSubsequent{"SHLN", {0.0, 0.1, 0.2, 0.3}};
  static constexpr Levels kSecurityRequirement{"HML", {0.0, 0.1, 0.2}};
  switch (metric) {
    case kAV: return &kAttackVector;
    case kPR: return &kPrivileges;
    case kUI: return &kUserInteraction;
    case kAC: return &kComplexity;
    case kAT: return &kRequirements;
    case kVC: case kVI: case kVA: return &kVulnerable;
    case kSC: return &kSubsequentConfidentiality;
    case kSI: case kSA: return &kSubsequent;
    case kCR: case kIR: case kAR: return &kSecurityRequirement;
    default: return nullptr;
  }
}

double Level(Metric metric, char value) {
  const Levels* levels = LevelsOf(metric);
  return levels->levels[FindChar(levels->values, value, 0)];
}

// Sum of the severity distances between the vector and the partial max vector `fragment`
// ("VC:H/VI:H/VA:H/CR:H/IR:H/AR:H/"), summed in the fragment's order as the calculator does;
// sets `dominates` to whether every distance is non-negative. E is not measured.
double FragmentDistance(const Values& v, std::string_view fragment, bool& dominates) {
  double sum = 0;
  dominates = true;
  for (std::size_t pos = 0; pos < fragment.size();) {
    const std::size_t colon = FindChar(fragment, ':', pos);
    const std::size_t end = FindChar(fragment, '/', colon);
    const std::string_view name = fragment.substr(pos, colon - pos);
    pos = end + 1;
    const auto spec = std::find_if(std::begin(kSpecs), std::end(kSpecs),
                                   [&](const MetricSpec& s) { return Equal(s.name, name); });
    const auto metric = static_cast<Metric>(spec - std::begin(kSpecs));
    if (LevelsOf(metric) == nullptr) continue;
    const double distance =
        Level(metric, Effective(v, metric)) - Level(metric, fragment[colon + 1]);
    if (distance < 0) dominates = false;
    sum += distance;
  }
  return sum;
}

// The calculator scans the combinations of max vectors (eq1 outermost) and keeps the first whose
// distances are all non-negative, else the last one. Per class, that is the first dominating
// fragment if every class has one, else every class's last fragment.
struct ClassDistance {
  double first_dominating = 0;
  double last = 0;
  bool found = false;
};

ClassDistance DistanceTo(const Values& v, const cvss4::VectorList& list) {
  ClassDistance result;
  for (std::string_view fragment : list) {
    if (fragment.empty()) break;
    bool dominates = false;
    result.last = FragmentDistance(v, fragment, dominates);
    if (dominates && !result.found) {
      result.first_dominating = result.last;
      result.found = true;
    }
  }
  return result;
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kStep = 0.1;
constexpr double kRoundingEpsilon = 1e-6;

double Lookup(int eq1, int eq2, int eq3, int eq4, int eq5, int eq6) {
  if (eq1 >= static_cast<int>(cvss4::kEq1Levels) || eq2 >= static_cast<int>(cvss4::kEq2Levels) ||
      eq3 >= static_cast<int>(cvss4::kEq3Levels) || eq4 >= static_cast<int>(cvss4::kEq4Levels) ||
      eq5 >= static_cast<int>(cvss4::kEq5Levels) || eq6 >= static_cast<int>(cvss4::kEq6Levels)) {
    return kNaN;
  }
  const double score = cvss4::kMacroVectorScores[eq1][eq2][eq3][eq4][eq5][eq6];
  return score == cvss4::kNoMacroVector ? kNaN : score;
}

double JsMax(double a, double b) { return std::isnan(a) || std::isnan(b) ? kNaN : std::max(a, b); }

double Compute(const Values& v) {
  const auto m = [&](Metric metric) { return Effective(v, metric); };
  if (m(kVC) == 'N' && m(kVI) == 'N' && m(kVA) == 'N' && m(kSC) == 'N' && m(kSI) == 'N' &&
      m(kSA) == 'N') {
    return 0.0;
  }

  const bool any_network = m(kAV) == 'N' || m(kPR) == 'N' || m(kUI) == 'N';
  const int eq1 = m(kAV) == 'N' && m(kPR) == 'N' && m(kUI) == 'N' ? 0
                  : any_network && m(kAV) != 'P'                   ? 1
                                                                   : 2;
  const int eq2 = m(kAC) == 'L' && m(kAT) == 'N' ? 0 : 1;
  const int eq3 = m(kVC) == 'H' && m(kVI) == 'H'                    ? 0
                  : m(kVC) == 'H' || m(kVI) == 'H' || m(kVA) == 'H' ? 1
                                                                    : 2;
  const int eq4 = m(kSI) == 'S' || m(kSA) == 'S'                    ? 0
                  : m(kSC) == 'H' || m(kSI) == 'H' || m(kSA) == 'H' ? 1
                                                                    : 2;
  const int eq5 = m(kE) == 'A' ? 0 : m(kE) == 'P' ? 1 : 2;
  const int eq6 = (m(kCR) == 'H' && m(kVC) == 'H') || (m(kIR) == 'H' && m(kVI) == 'H') ||
                          (m(kAR) == 'H' && m(kVA) == 'H')
                      ? 0
                      : 1;

  const double value = Lookup(eq1, eq2, eq3, eq4, eq5, eq6);
  const double lower_eq1 = Lookup(eq1 + 1, eq2, eq3, eq4, eq5, eq6);
  const double lower_eq2 = Lookup(eq1, eq2 + 1, eq3, eq4, eq5, eq6);
  double lower_eq3eq6 = kNaN;
  if (eq3 == 0 && eq6 == 0) {
    lower_eq3eq6 = JsMax(Lookup(eq1, eq2, eq3, eq4, eq5, eq6 + 1),
                         Lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6));
  } else if (eq3 == 1 && eq6 == 0) {
    lower_eq3eq6 = Lookup(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
  } else if (eq6 == 1) {
    lower_eq3eq6 = Lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6);  // From eq3=2 there is none.
  }
  const double lower_eq4 = Lookup(eq1, eq2, eq3, eq4 + 1, eq5, eq6);
  const double lower_eq5 = Lookup(eq1, eq2, eq3, eq4, eq5 + 1, eq6);

  const ClassDistance distances[] = {
      DistanceTo(v, cvss4::kMaxComposed.eq1[eq1]),
      DistanceTo(v, cvss4::kMaxComposed.eq2[eq2]),
      DistanceTo(v, cvss4::kMaxComposed.eq3eq6[eq3][eq6]),
      DistanceTo(v, cvss4::kMaxComposed.eq4[eq4]),
  };
  const bool all_found =
      std::all_of(std::begin(distances), std::end(distances),
                  [](const ClassDistance& d) { return d.found; });
  const auto distance = [&](int eq_class) {
    return all_found ? distances[eq_class].first_dominating : distances[eq_class].last;
  };

  const double max_severity[] = {
      cvss4::kMaxSeverityDepths.eq1[eq1] * kStep,
      cvss4::kMaxSeverityDepths.eq2[eq2] * kStep,
      cvss4::kMaxSeverityDepths.eq3eq6[eq3][eq6] * kStep,
      cvss4::kMaxSeverityDepths.eq4[eq4] * kStep,
  };
  const double lower[] = {lower_eq1, lower_eq2, lower_eq3eq6, lower_eq4};
  int existing_lower = 0;
  double normalized[std::size(lower)] = {};
  for (std::size_t k = 0; k < std::size(lower); ++k) {
    const double available = value - lower[k];
    if (std::isnan(available)) continue;
    ++existing_lower;
    normalized[k] = available * (distance(static_cast<int>(k)) / max_severity[k]);
  }
  // EQ5 has a single level per MacroVector: its proportion is always 0, but it still counts.
  if (!std::isnan(value - lower_eq5)) ++existing_lower;
  const double normalized_eq5 = 0;

  double mean_distance = 0;
  if (existing_lower != 0) {
    mean_distance =
        (normalized[0] + normalized[1] + normalized[2] + normalized[3] + normalized_eq5) /
        existing_lower;
  }
  const double adjusted = std::clamp(value - mean_distance, 0.0, 10.0);
  return JsRound((adjusted + kRoundingEpsilon) * 10) / 10;
}

Scores Score(const Values& v) {
  const bool threat = Given(v, kE);
  bool environmental = false;
  for (int metric = kFirstEnvironmental; metric <= kLastEnvironmental; ++metric) {
    environmental = environmental || Given(v, static_cast<Metric>(metric));
  }
  Values base_only = v;
  std::fill(base_only.begin() + kE, base_only.begin() + kLastEnvironmental + 1, kAbsent);

  Scores scores;
  scores.version = CvssVersion::kV40;
  scores.score = Compute(v);
  scores.base_score = threat || environmental ? Compute(base_only) : scores.score;
  scores.nomenclature = threat ? (environmental ? "CVSS-BTE" : "CVSS-BT")
                               : (environmental ? "CVSS-BE" : "CVSS-B");
  return scores;
}

}  // namespace v4

}  // namespace

Result<Scores> Score(std::string_view vector) {
  constexpr std::string_view kPrefix = "CVSS:";
  if (vector.empty()) return Invalid(vector, "empty vector");
  Result<Scores> scores;
  if (vector.starts_with(kPrefix)) {
    const std::size_t slash = std::min(vector.find('/'), vector.size());
    const std::string_view version = vector.substr(kPrefix.size(), slash - kPrefix.size());
    const std::string_view body = vector.substr(std::min(slash + 1, vector.size()));
    const std::size_t offset = slash + 1;
    if (version != "3.0" && version != "3.1" && version != "4.0") {
      return Invalid(vector, Concat({"unsupported CVSS version '", Quoted(version), "' at offset ",
                                     std::to_string(kPrefix.size()),
                                     " (expected 3.0, 3.1 or 4.0; v2 vectors have no prefix)"}));
    }
    if (body.empty()) return Invalid(vector, "no metrics after the version prefix");
    if (version == "4.0") {
      auto values = ParseMetrics(vector, body, offset, v4::kSpecs);
      if (!values) return std::unexpected(std::move(values.error()));
      scores = v4::Score(*values);
    } else {
      auto values = ParseMetrics(vector, body, offset, v3::kSpecs);
      if (!values) return std::unexpected(std::move(values.error()));
      scores = v3::Compute(*values, version == "3.0" ? CvssVersion::kV30 : CvssVersion::kV31);
    }
  } else {
    std::string_view body = vector;
    std::size_t offset = 0;
    if (body.front() == '(' || body.back() == ')') {
      if (body.size() < 2 || body.front() != '(' || body.back() != ')') {
        const std::size_t at = body.front() == '(' ? 0 : body.size() - 1;
        return Invalid(vector, Concat({"unbalanced parenthesis at offset ", std::to_string(at)}));
      }
      body = body.substr(1, body.size() - 2);
      offset = 1;
    }
    if (body.empty()) return Invalid(vector, "no metrics");
    auto values = ParseMetrics(vector, body, offset, v2::kSpecs);
    if (!values) return std::unexpected(std::move(values.error()));
    scores = v2::Compute(*values);
  }
  scores->severity = SeverityFor(scores->version, scores->score);
  return scores;
}

Severity SeverityFor(CvssVersion version, double score) {
  constexpr double kLow = 0.1;
  constexpr double kMedium = 4.0;
  constexpr double kHigh = 7.0;
  constexpr double kCritical = 9.0;
  if (version == CvssVersion::kV2) {
    return score >= kHigh ? Severity::kHigh : score >= kMedium ? Severity::kMedium : Severity::kLow;
  }
  if (score >= kCritical) return Severity::kCritical;
  if (score >= kHigh) return Severity::kHigh;
  if (score >= kMedium) return Severity::kMedium;
  if (score >= kLow) return Severity::kLow;
  return Severity::kNone;
}

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kNone: return "None";
    case Severity::kLow: return "Low";
    case Severity::kMedium: return "Medium";
    case Severity::kHigh: return "High";
    case Severity::kCritical: return "Critical";
  }
  return "Unknown";
}

std::string_view VersionName(CvssVersion version) {
  switch (version) {
    case CvssVersion::kV2: return "2.0";
    case CvssVersion::kV30: return "3.0";
    case CvssVersion::kV31: return "3.1";
    case CvssVersion::kV40: return "4.0";
  }
  return "unknown";
}

}  // namespace vigil::knowledge::cvss
