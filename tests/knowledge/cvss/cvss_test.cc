#include "knowledge/cvss/cvss.h"

#include <cmath>
#include <string>

#include <gtest/gtest.h>

namespace vigil::knowledge::cvss {
namespace {

Scores Ok(std::string_view vector) {
  auto scores = Score(vector);
  EXPECT_TRUE(scores.has_value()) << vector << ": " << scores.error().message;
  return scores.value_or(Scores{});
}

std::string ErrorOf(std::string_view vector) {
  auto scores = Score(vector);
  EXPECT_FALSE(scores.has_value()) << vector;
  return scores ? "" : scores.error().message;
}

TEST(CvssV31, ScoresCriticalNetworkVector) {
  const Scores s = Ok("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  EXPECT_EQ(s.version, CvssVersion::kV31);
  EXPECT_EQ(s.base_score, 9.8);
  EXPECT_EQ(s.score, 9.8);
  EXPECT_EQ(s.temporal_score, 9.8);
  EXPECT_EQ(s.environmental_score, 9.8);
  EXPECT_EQ(s.severity, Severity::kCritical);
  EXPECT_EQ(SeverityName(s.severity), "Critical");
  EXPECT_TRUE(s.nomenclature.empty());
}

TEST(CvssV31, AcceptsMetricsInAnyOrder) {
  EXPECT_EQ(Ok("CVSS:3.1/S:U/AV:N/AC:L/PR:H/UI:N/C:L/I:L/A:N/E:F/RL:X").temporal_score, 3.7);
}

TEST(CvssV3, Version30RoundsUpWithCeilWhereVersion31UsesIntegerRoundup) {
  // 5.0 x 0.92 is 4.6000000000000005 in binary: v3.0's ceil gives 4.7, v3.1's Roundup 4.6.
  const Scores v30 = Ok("CVSS:3.0/AV:N/AC:H/PR:H/UI:N/S:U/C:N/I:L/A:H/RC:U");
  const Scores v31 = Ok("CVSS:3.1/AV:N/AC:H/PR:H/UI:N/S:U/C:N/I:L/A:H/RC:U");
  EXPECT_EQ(v30.base_score, 5.0);
  EXPECT_EQ(v31.base_score, 5.0);
  EXPECT_EQ(v30.temporal_score, 4.7);
  EXPECT_EQ(v31.temporal_score, 4.6);
}

TEST(CvssV3, Version31ChangedModifiedImpactForChangedModifiedScope) {
  const auto tail = std::string("AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:N/MS:C/MC:H/MI:H/CR:H/IR:H");
  EXPECT_EQ(Ok("CVSS:3.0/" + tail).environmental_score, 9.6);
  EXPECT_EQ(Ok("CVSS:3.1/" + tail).environmental_score, 9.7);
}

TEST(CvssV3, NoImpactScoresZeroAndSeverityNone) {
  const Scores s = Ok("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N");
  EXPECT_EQ(s.base_score, 0.0);
  EXPECT_EQ(s.severity, Severity::kNone);
}

TEST(CvssV2, ScoresNvdVectorWithAndWithoutParentheses) {
  for (std::string_view v : {"AV:N/AC:L/Au:N/C:P/I:P/A:P", "(AV:N/AC:L/Au:N/C:P/I:P/A:P)"}) {
    const Scores s = Ok(v);
    EXPECT_EQ(s.version, CvssVersion::kV2);
    EXPECT_EQ(s.base_score, 7.5);
    EXPECT_EQ(s.severity, Severity::kHigh);
    EXPECT_FALSE(s.temporal_score.has_value());
    EXPECT_FALSE(s.environmental_score.has_value());
  }
}

TEST(CvssV2, TemporalScoreRoundsTheExactDecimalValue) {
  // 9.0 x 0.95 = 8.55 exactly (8.5499... in binary) and rounds to 8.6.
  const Scores s = Ok("AV:N/AC:L/Au:S/C:C/I:C/A:C/E:F/RL:U/RC:C");
  EXPECT_EQ(s.base_score, 9.0);
  EXPECT_EQ(s.temporal_score, 8.6);
  EXPECT_FALSE(s.environmental_score.has_value());
}

TEST(CvssV2, NotDefinedMetricsLeaveScoresUndefined) {
  const Scores s = Ok("AV:N/AC:L/Au:S/C:C/I:C/A:C/E:ND/RL:ND/RC:ND/CDP:ND");
  EXPECT_FALSE(s.temporal_score.has_value());
  EXPECT_FALSE(s.environmental_score.has_value());
}

TEST(CvssV2, EnvironmentalScoreFollowsTheGuide) {
  const Scores s = Ok("AV:A/AC:H/Au:S/C:N/I:P/A:P/E:POC/RL:OF/RC:C/CDP:LM/TD:M/CR:M/IR:L/AR:L");
  EXPECT_EQ(s.base_score, 2.9);
  EXPECT_EQ(s.temporal_score, 2.3);
  EXPECT_EQ(s.environmental_score, 2.8);
  EXPECT_EQ(s.severity, Severity::kLow);
}

TEST(CvssV2, NoImpactIsZeroNotNegativeZero) {
  const Scores s = Ok("AV:L/AC:M/Au:S/C:N/I:N/A:N/E:H");
  EXPECT_EQ(s.base_score, 0.0);
  EXPECT_FALSE(std::signbit(s.base_score));
  EXPECT_EQ(s.severity, Severity::kLow);  // NVD's v2 ranges have no None.
}

TEST(CvssV4, ScoresBaseThreatAndNomenclature) {
  const Scores s = Ok("CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:P");
  EXPECT_EQ(s.version, CvssVersion::kV40);
  EXPECT_EQ(s.score, 5.9);
  EXPECT_EQ(s.base_score, 7.3);
  EXPECT_EQ(s.nomenclature, "CVSS-BT");
  EXPECT_EQ(s.severity, Severity::kMedium);
  EXPECT_FALSE(s.temporal_score.has_value());
}

TEST(CvssV4, EnvironmentalAndSupplementalMetrics) {
  const Scores s = Ok(
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/CR:L/MSI:S/S:P/AU:Y/R:U/"
      "V:C/RE:H/U:Red");
  EXPECT_EQ(s.nomenclature, "CVSS-BE");
  EXPECT_EQ(s.base_score, 9.3);
  EXPECT_GE(s.score, 0.0);
  EXPECT_LE(s.score, 10.0);
  // Supplemental metrics do not change the score.
  EXPECT_EQ(Ok("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/CR:L/MSI:S").score,
            s.score);
}

TEST(CvssV4, NoImpactScoresZero) {
  EXPECT_EQ(Ok("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N").score, 0.0);
}

TEST(CvssErrors, InvalidValueNamesMetricOffsetAndChoices) {
  EXPECT_EQ(ErrorOf("CVSS:3.1/AV:N/AC:X/PR:N/UI:N/S:U/C:H/I:H/A:H"),
            "CVSS vector \"CVSS:3.1/AV:N/AC:X/PR:N/UI:N/S:U/C:H/I:H/A:H\": metric AC at offset 14 "
            "has invalid value 'X' (expected L or H)");
  EXPECT_NE(ErrorOf("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:Blue")
                .find("metric U at offset 64 has invalid value 'Blue' (expected X, Clear, Green, "
                      "Amber or Red)"),
            std::string::npos);
}

TEST(CvssErrors, RejectsMalformedVectors) {
  const auto has = [](std::string_view vector, std::string_view reason) {
    const std::string error = ErrorOf(vector);
    EXPECT_NE(error.find(reason), std::string::npos) << vector << " -> " << error;
  };
  has("", "empty vector");
  has("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", "missing base metric A");
  has("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:L", "metric AV at offset 45 is repeated");
  has("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/FOO:1", "unknown metric 'FOO' at offset 45");
  has("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/", "empty metric at offset 45");
  has("CVSS:3.1/AV:N//AC:L", "empty metric at offset 14");
  has("CVSS:3.1/AVN/AC:L", "'AVN' at offset 9 is not METRIC:VALUE");
  has("CVSS:3.2/AV:N", "unsupported CVSS version '3.2' at offset 5");
  has("CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", "unsupported CVSS version '2.0'");
  has("CVSS:3.1", "no metrics after the version prefix");
  has("CVSS:3.1/", "no metrics");
  has("(AV:N/AC:L/Au:N/C:P/I:P/A:P", "unbalanced parenthesis at offset 0");
  has("av:n/AC:L/Au:N/C:P/I:P/A:P", "unknown metric 'av' at offset 0");
  has("AV:N/AC:L/Au:N/C:P/I:P/A:P/E:X", "metric E at offset 27 has invalid value 'X'");
  has("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N",
      "metric SI at offset 54 has invalid value 'S'");
}

TEST(CvssSeverity, UsesVersionRanges) {
  EXPECT_EQ(SeverityFor(CvssVersion::kV31, 0.1), Severity::kLow);
  EXPECT_EQ(SeverityFor(CvssVersion::kV31, 4.0), Severity::kMedium);
  EXPECT_EQ(SeverityFor(CvssVersion::kV40, 8.9), Severity::kHigh);
  EXPECT_EQ(SeverityFor(CvssVersion::kV40, 9.0), Severity::kCritical);
  EXPECT_EQ(SeverityFor(CvssVersion::kV2, 10.0), Severity::kHigh);
  EXPECT_EQ(SeverityFor(CvssVersion::kV2, 3.9), Severity::kLow);
  EXPECT_EQ(VersionName(CvssVersion::kV30), "3.0");
}

}  // namespace
}  // namespace vigil::knowledge::cvss
