// Conformance with the reference corpus: every line of ../shared/fixtures/cvss/* (expected scores
// from the FIRST calculators and Red Hat's cvss library), and the embedded v4.0 tables against
// ../shared/data/cvss/cvss4_tables.json.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "knowledge/cvss/cvss.h"
#include "knowledge/cvss/cvss4_tables.h"
#include "testing/corpus.h"

namespace vigil::knowledge::cvss {
namespace {

std::optional<double> ParseScore(std::string token) {
  while (!token.empty() && (token.back() == ',' || token.back() == ')')) token.pop_back();
  if (!token.empty() && token.front() == '(') token.erase(0, 1);
  if (token == "None") return std::nullopt;
  return std::stod(token);
}

TEST(CvssFixtures, EveryLineScoresAsTheReferenceCalculators) {
  VIGIL_REQUIRE_CORPUS();
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(corpus / "fixtures/cvss")) {
    std::ifstream in(entry.path());
    ASSERT_TRUE(in) << entry.path();
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      const auto dash = line.find(" - ");
      ASSERT_NE(dash, std::string::npos) << line;
      const std::string vector = line.substr(0, dash);
      std::istringstream expected(line.substr(dash + 3));
      std::vector<std::optional<double>> values;
      for (std::string token; expected >> token;) values.push_back(ParseScore(token));
      const auto scores = Score(vector);
      ASSERT_TRUE(scores.has_value()) << line << ": " << scores.error().message;
      ++checked;
      if (scores->version == CvssVersion::kV40) {
        ASSERT_EQ(values.size(), 1U) << line;
        EXPECT_EQ(scores->score, values[0]) << line;
        continue;
      }
      ASSERT_EQ(values.size(), 3U) << line;
      EXPECT_EQ(scores->base_score, values[0]) << line;
      EXPECT_EQ(scores->temporal_score, values[1]) << line;
      EXPECT_EQ(scores->environmental_score, values[2]) << line;
    }
  }
  EXPECT_GT(checked, 50);
}

TEST(CvssTables, EmbeddedV4TablesEqualThePublishedOnes) {
  VIGIL_REQUIRE_CORPUS();
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.load((corpus / "data/cvss/cvss4_tables.json").string()).get(root),
            simdjson::SUCCESS);

  // Every published MacroVector has our score, and we have no others.
  int published = 0;
  for (auto [key, value] : root["macrovector_scores"].get_object()) {
    ASSERT_EQ(key.size(), 6U);
    const auto d = [&](int i) { return key[i] - '0'; };
    EXPECT_EQ(cvss4::kMacroVectorScores[d(0)][d(1)][d(2)][d(3)][d(4)][d(5)], double(value))
        << key;
    ++published;
  }
  int embedded = 0;
  for (const auto& a : cvss4::kMacroVectorScores)
    for (const auto& b : a)
      for (const auto& c : b)
        for (const auto& d : c)
          for (const auto& e : d)
            for (double score : e) embedded += score != cvss4::kNoMacroVector ? 1 : 0;
  EXPECT_EQ(embedded, published);

  const auto depth = root["max_severity_depth"];
  const auto key = [](std::size_t i) { return std::to_string(i); };
  for (std::size_t i = 0; i < cvss4::kEq1Levels; ++i) {
    EXPECT_EQ(cvss4::kMaxSeverityDepths.eq1[i], int64_t(depth["eq1"][key(i)]));
    EXPECT_EQ(cvss4::kMaxSeverityDepths.eq4[i], int64_t(depth["eq4"][key(i)]));
    EXPECT_EQ(cvss4::kMaxSeverityDepths.eq5[i], int64_t(depth["eq5"][key(i)]));
  }
  for (std::size_t i = 0; i < cvss4::kEq2Levels; ++i) {
    EXPECT_EQ(cvss4::kMaxSeverityDepths.eq2[i], int64_t(depth["eq2"][key(i)]));
  }
  for (std::size_t i = 0; i < cvss4::kEq3Levels; ++i) {
    for (std::size_t j = 0; j < cvss4::kEq6Levels; ++j) {
      int64_t expected = 0;
      if (depth["eq3eq6"][key(i)][key(j)].get(expected) != simdjson::SUCCESS) expected = 0;
      EXPECT_EQ(cvss4::kMaxSeverityDepths.eq3eq6[i][j], expected) << i << j;
    }
  }

  // Lists compare element by element, in order (the calculator's scan order matters).
  const auto same_list = [](simdjson::simdjson_result<simdjson::dom::element> list, const cvss4::VectorList& ours) {
    std::vector<std::string_view> theirs;
    simdjson::dom::array array;
    if (list.get(array) == simdjson::SUCCESS) {
      for (auto item : array) theirs.push_back(std::string_view(item));
    }
    std::vector<std::string_view> mine;
    for (auto v : ours) {
      if (!v.empty()) mine.push_back(v);
    }
    return theirs == mine;
  };
  const auto composed = root["max_composed"];
  for (std::size_t i = 0; i < cvss4::kEq1Levels; ++i) {
    EXPECT_TRUE(same_list(composed["eq1"][key(i)], cvss4::kMaxComposed.eq1[i])) << i;
    EXPECT_TRUE(same_list(composed["eq4"][key(i)], cvss4::kMaxComposed.eq4[i])) << i;
    EXPECT_TRUE(same_list(composed["eq5"][key(i)], cvss4::kMaxComposed.eq5[i])) << i;
  }
  for (std::size_t i = 0; i < cvss4::kEq2Levels; ++i) {
    EXPECT_TRUE(same_list(composed["eq2"][key(i)], cvss4::kMaxComposed.eq2[i])) << i;
  }
  for (std::size_t i = 0; i < cvss4::kEq3Levels; ++i) {
    for (std::size_t j = 0; j < cvss4::kEq6Levels; ++j) {
      EXPECT_TRUE(same_list(composed["eq3"][key(i)][key(j)], cvss4::kMaxComposed.eq3eq6[i][j]))
          << i << j;
    }
  }
}

}  // namespace
}  // namespace vigil::knowledge::cvss
