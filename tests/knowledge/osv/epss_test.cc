#include "knowledge/epss.h"

#include <gtest/gtest.h>

#include <string>

namespace vigil::knowledge {
namespace {

TEST(Epss, ParsesCommentHeaderAndRows) {
  auto data = ParseEpss(
      "#model_version:v2025.03.14,score_date:2025-08-25T00:00:00+0000\r\n"
      "cve,epss,percentile\r\n"
      "CVE-2021-44228,0.94358,0.99995\r\n"
      "CVE-1999-0001,0.0,1\r\n");
  ASSERT_TRUE(data) << data.error().message;
  EXPECT_EQ(data->model_version, "v2025.03.14");
  EXPECT_EQ(data->score_date, "2025-08-25T00:00:00+0000");
  ASSERT_EQ(data->scores.size(), 2u);
  EXPECT_EQ(data->scores[0].cve, "CVE-2021-44228");
  EXPECT_DOUBLE_EQ(data->scores[0].epss, 0.94358);
  EXPECT_DOUBLE_EQ(data->scores[0].percentile, 0.99995);
  EXPECT_DOUBLE_EQ(data->scores[1].percentile, 1.0);
  EXPECT_EQ(data->skipped, 0u);
}

TEST(Epss, HeaderWithoutCommentIsAccepted) {
  auto data = ParseEpss("cve,epss,percentile\nCVE-2021-44228,0.5,0.5");
  ASSERT_TRUE(data) << data.error().message;
  EXPECT_TRUE(data->model_version.empty());
  EXPECT_EQ(data->scores.size(), 1u);
}

TEST(Epss, BadRowsAreSkippedWithLineAndColumn) {
  auto data = ParseEpss(
      "#model_version:v1,score_date:x\n"
      "cve,epss,percentile\n"
      "CVE-2021-0001,0.1,0.2\n"
      "CVE-2021-44228,1.5,0.9\n"
      "CVE-21-1,0.1,0.1\n"
      "CVE-2021-0002,0.1\n"
      "CVE-2021-0003,0.1,nan\n"
      "CVE-2021-0004,0.1,0.1,9\n"
      "CVE-2021-0005, 0.1,0.1\n"
      "CVE-2021-0006,1e-3,-0.5\n"
      "\n"
      "CVE-2021-0007,0.3,0.4\n");
  ASSERT_TRUE(data) << data.error().message;
  ASSERT_EQ(data->scores.size(), 2u);
  EXPECT_EQ(data->scores[1].cve, "CVE-2021-0007");
  EXPECT_EQ(data->skipped, 7u);
  ASSERT_EQ(data->errors.size(), 7u);
  EXPECT_EQ(data->errors[0].message, "line 4, column 16 (epss): \"1.5\" is not a score in [0, 1]");
  EXPECT_EQ(data->errors[1].message, "line 5, column 1 (cve): \"CVE-21-1\" is not a CVE id");
  EXPECT_EQ(data->errors[2].message,
            "line 6, column 18 (row): expected 3 columns (cve,epss,percentile), got 2");
  EXPECT_EQ(data->errors[3].message, "line 7, column 19 (percentile): \"nan\" is not a score in [0, 1]");
  EXPECT_EQ(data->errors[4].message, "line 8, column 23 (row): more than 3 columns (cve,epss,percentile)");
  EXPECT_EQ(data->errors[5].message, "line 9, column 15 (epss): \" 0.1\" is not a score in [0, 1]");
  // "1e-3" is a valid decimal; -0.5 is out of range.
  EXPECT_EQ(data->errors[6].message, "line 10, column 20 (percentile): \"-0.5\" is not a score in [0, 1]");
}

TEST(Epss, UnusableFilesFail) {
  EXPECT_FALSE(ParseEpss(""));
  EXPECT_FALSE(ParseEpss("#model_version:v1\n"));
  auto wrong = ParseEpss("cve,score\nCVE-2021-0001,0.1\n");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().message,
            "EPSS CSV: line 1: expected header \"cve,epss,percentile\", got \"cve,score\"");
}

TEST(Epss, ErrorListIsBoundedButEveryBadRowIsCounted) {
  std::string csv = "cve,epss,percentile\n";
  for (int i = 0; i < 250; ++i) csv += "bad,row,here\n";
  auto data = ParseEpss(csv);
  ASSERT_TRUE(data);
  EXPECT_EQ(data->skipped, 250u);
  EXPECT_EQ(data->errors.size(), kMaxFeedErrors);
}

TEST(Epss, Detection) {
  EXPECT_TRUE(
      LooksLikeEpss("#model_version:v2025.03.14,score_date:2025-08-25T00:00:00+0000\ncve,epss,percentile\n"));
  EXPECT_TRUE(LooksLikeEpss("cve,epss,percentile\n"));
  EXPECT_FALSE(LooksLikeEpss(R"({"id":"X"})"));
}

}  // namespace
}  // namespace vigil::knowledge
