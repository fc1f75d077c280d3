// Every record of the shared OSV ecosystem dumps and the shared KEV catalog parse without error.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "knowledge/kev.h"
#include "knowledge/osv/parser.h"
#include "knowledge/source.h"
#include "testing/corpus.h"

namespace vigil::knowledge {
namespace {

struct DumpCase {
  const char* ecosystem;
  std::size_t records;
};

void PrintTo(const DumpCase& dump, std::ostream* out) { *out << dump.ecosystem; }

class OsvDump : public ::testing::TestWithParam<DumpCase> {};

TEST_P(OsvDump, EveryRecordParses) {
  VIGIL_REQUIRE_CORPUS();
  const DumpCase& dump = GetParam();
  const auto zip = corpus / "data" / "osv" / dump.ecosystem / "all.zip";
  osv::OsvParser parser;
  std::size_t parsed = 0;
  std::size_t with_affected = 0;
  std::vector<std::string> errors;
  auto summary = ForEachDocument(
      zip,
      [&](const Document& document) -> Result<void> {
        auto record = parser.Parse(document.content, osv::Padding::kPadded);
        if (!record) return std::unexpected(std::move(record.error()));
        ++parsed;
        if (!record->affected.empty()) ++with_affected;
        EXPECT_TRUE(document.origin.ends_with(":" + record->id + ".json")) << document.origin;
        return {};
      },
      [&](const Error& error) { errors.push_back(error.message); });
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_TRUE(errors.empty()) << errors.size() << " errors, first: " << errors.front();
  EXPECT_EQ(parsed, dump.records);
  EXPECT_EQ(summary->visited, dump.records);
  EXPECT_EQ(with_affected, dump.records);  // every published record in these dumps affects a package
}

INSTANTIATE_TEST_SUITE_P(Ecosystems, OsvDump,
                         ::testing::Values(DumpCase{"Go", 4291}, DumpCase{"PyPI", 2661},
                                           DumpCase{"crates.io", 1206}, DumpCase{"AlmaLinux", 5637}),
                         [](const ::testing::TestParamInfo<DumpCase>& param_info) {
                           std::string name = param_info.param.ecosystem;
                           std::erase(name, '.');
                           return name;
                         });

TEST(KevCatalog, SharedCatalogParsesCompletely) {
  VIGIL_REQUIRE_CORPUS();
  std::ifstream in(corpus / "data" / "kev" / "known_exploited_vulnerabilities.json", std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  ASSERT_TRUE(LooksLikeKev(text.str()));
  auto catalog = ParseKev(text.str());
  ASSERT_TRUE(catalog) << catalog.error().message;
  EXPECT_EQ(catalog->catalog_version, "2025.08.25");
  EXPECT_EQ(catalog->count, 1404);
  EXPECT_EQ(catalog->vulnerabilities.size(), 1404u);
  EXPECT_EQ(catalog->skipped, 0u) << (catalog->errors.empty() ? "" : catalog->errors.front().message);
  EXPECT_EQ(catalog->vulnerabilities.front().cve_id, "CVE-2025-48384");
  EXPECT_EQ(catalog->vulnerabilities.front().cwes, (std::vector<std::string>{"CWE-59", "CWE-436"}));
}

}  // namespace
}  // namespace vigil::knowledge
