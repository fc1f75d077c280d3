// The lockfile conformance suite of ../shared/fixtures/lockfiles (from osv-scanner): every case of
// expected.json, missing-file-cases.json and csv-rows.json, and the path dispatch of dispatch.json.
// Test names carry the parser, so one format can be run with --gtest_filter='*pnpm*'.
#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "inventory/registry.h"
#include "testing/corpus.h"
#include "version/registry.h"

namespace vigil::inventory {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Case {
  std::string label;  // for the test name
  json spec;
  std::string kind;   // "expected", "missing", "rows"
};

void PrintTo(const Case& c, std::ostream* out) { *out << c.label; }

json LoadJson(const fs::path& path) {
  std::ifstream in(path);
  return json::parse(in);
}

std::vector<Case> AllCases() {
  std::vector<Case> cases;
  const auto corpus = ::vigil::testing::CorpusDir();
  if (!corpus) return cases;
  const fs::path dir = *corpus / "fixtures/lockfiles";
  const auto add = [&](const json& list, const std::string& kind, const std::string& parser_field) {
    for (const auto& spec : list) {
      std::string parser = parser_field.empty() ? "csv" : spec.value(parser_field, "");
      std::string label = kind + std::to_string(cases.size()) + "_" + parser;
      std::replace_if(label.begin(), label.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) == 0; }, '_');
      cases.push_back({label, spec, kind});
    }
  };
  add(LoadJson(dir / "expected.json"), "expected", "parser");
  add(LoadJson(dir / "missing-file-cases.json"), "missing", "parser");
  add(LoadJson(dir / "csv-rows.json"), "rows", "");
  return cases;
}

// A package as the fixtures describe one.
// An empty compare_as means the ecosystem's own rules (upstream leaves it unset for Pub).
std::string Describe(const json& p) {
  std::string compare_as = p.value("compare_as", "");
  if (compare_as.empty()) compare_as = version::BaseEcosystem(p.value("ecosystem", ""));
  std::ostringstream out;
  out << p.value("name", "") << "@" << p.value("version", "") << " [" << p.value("ecosystem", "") << " as "
      << compare_as << "] commit=" << p.value("commit", "") << " groups=";
  for (const auto& g : p.value("dep_groups", json::array())) out << g.get<std::string>() << ",";
  return out.str();
}

std::string Describe(const Package& p) {
  json j = {{"name", p.name}, {"version", p.version}, {"ecosystem", p.ecosystem},
            {"compare_as", p.compare_as.empty() ? std::string(version::BaseEcosystem(p.ecosystem)) : p.compare_as},
            {"commit", p.commit}, {"dep_groups", p.dep_groups}};
  return Describe(j);
}

class LockfileFixture : public ::testing::TestWithParam<Case> {};

TEST_P(LockfileFixture, MatchesUpstreamExpectation) {
  VIGIL_REQUIRE_CORPUS();
  const Case& c = GetParam();
  const fs::path dir = corpus / "fixtures/lockfiles";
  const std::string parser = c.kind == "rows" ? "csv" : c.spec.value("parser", "");
  const Extractor* extractor = FindExtractor(parser);
  ASSERT_NE(extractor, nullptr) << "no extractor named " << parser;

  Result<std::vector<Package>> result;
  const DiskFileSystem disk;
  if (c.kind == "rows") {
    std::string text;
    for (const auto& row : c.spec["rows"]) {
      if (!text.empty()) text += '\n';
      text += row.get<std::string>();
    }
    result = extractor->Extract("rows.csv", text, disk);
  } else {
    const fs::path path = dir / c.spec.value(c.kind == "missing" ? "path" : "fixture", "");
    result = ExtractFile(path, disk, extractor);
  }
  SCOPED_TRACE(c.spec.value("test", ""));

  if (c.spec.value("expect", "") == "error") {
    ASSERT_FALSE(result) << "expected an error, got " << result->size() << " packages";
    if (c.spec.value("error_kind", "") == "not-found") {
      EXPECT_EQ(result.error().code, ErrorCode::kNotFound) << result.error().message;
    } else {
      EXPECT_NE(result.error().code, ErrorCode::kNotFound) << result.error().message;
    }
    EXPECT_FALSE(result.error().message.empty());
    return;
  }
  ASSERT_TRUE(result) << result.error().message;

  std::vector<std::string> actual;
  for (const auto& p : *result) actual.push_back(Describe(p));
  std::vector<std::string> expected;
  for (const auto& p : c.spec["packages"]) expected.push_back(Describe(p));
  if (c.spec.value("ordered", false)) {
    EXPECT_EQ(actual, expected);
    return;
  }
  std::sort(actual.begin(), actual.end());
  if (c.spec.contains("count")) {
    EXPECT_EQ(actual.size(), c.spec["count"].get<std::size_t>());
    for (const auto& e : expected) EXPECT_TRUE(std::binary_search(actual.begin(), actual.end(), e)) << "missing " << e;
    return;
  }
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(actual, expected);
}

INSTANTIATE_TEST_SUITE_P(Lockfiles, LockfileFixture, ::testing::ValuesIn(AllCases()),
                         [](const ::testing::TestParamInfo<Case>& param_info) { return param_info.param.label; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(LockfileFixture);

TEST(LockfileDispatch, PathsSelectTheirParser) {
  VIGIL_REQUIRE_CORPUS();
  const json dispatch = LoadJson(corpus / "fixtures/lockfiles/dispatch.json");
  for (const auto& c : dispatch["extractor_by_path"]["cases"]) {
    const Extractor* e = ExtractorFor(c["path"].get<std::string>(), "");
    ASSERT_NE(e, nullptr) << c["path"];
    EXPECT_EQ(e->name(), c["expect_parser"].get<std::string>()) << c["path"];
  }
  for (const auto& path : dispatch["extractor_recognised"]["paths"]) {
    EXPECT_NE(ExtractorFor(path.get<std::string>(), ""), nullptr) << path;
  }
  for (const auto& [parser, spec] : dispatch["should_extract"]["parsers"].items()) {
    const Extractor* e = FindExtractor(parser);
    ASSERT_NE(e, nullptr) << "no extractor named " << parser;
    for (const auto& c : spec["cases"]) {
      EXPECT_EQ(e->ClaimsPath(c["path"].get<std::string>()), c["want"].get<bool>()) << parser << " " << c["path"];
    }
  }
}

}  // namespace
}  // namespace vigil::inventory
