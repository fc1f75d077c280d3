// CMDB import: CSV (quoted cells, ';' lists, only the columns present change) and JSON exports
// upsert by name; a bad row is refused naming file, line or JSON path and field, and then nothing
// at all is imported.
#include "fleet/asset_import.h"

#include <gtest/gtest.h>

#include "fleet/ingest.h"
#include "fleet_testing.h"

namespace vigil::fleet {
namespace {

using testing::ReportText;
using testing::TempStore;

std::size_t AuditCount(store::Store& store) {
  std::size_t n = 0;
  EXPECT_TRUE(store.ForEachAuditEntry([&n](const store::AuditEntry&) -> Result<void> {
    ++n;
    return {};
  }));
  return n;
}

TEST(AssetImportTest, CsvUpsertsByNameKeepingWhatItDoesNotState) {
  TempStore store("import-csv");
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE(Ingest(*store, ReportText("r-1", "web-1", {{"PyPI", "flask", "2.0.0"}}, {{"tags", {"agent"}}}), 1000, "test"));
  const std::string csv =
      "name,external_id,kind,team,customers,environment,internet_exposed,data_classes,criticality\r\n"
      "web-1,CI-1,vm,payments,acme;beta,prod,yes,cardholder;personal,1\r\n"
      "\"db, primary\",CI-2,host,\"data \"\"core\"\"\",acme,staging,false,,4\r\n";
  auto records = ParseAssetExport(csv, "cmdb.csv");
  ASSERT_TRUE(records) << records.error().message;
  ASSERT_EQ(records->size(), 2u);
  auto imported = ImportAssets(*store, *records, 2000, "cli:test");
  ASSERT_TRUE(imported) << imported.error().message;
  EXPECT_EQ(imported->created, 1u);
  EXPECT_EQ(imported->updated, 1u);
  EXPECT_EQ(AuditCount(*store), 5u);  // 3 from the ingest, one asset.upsert per imported row

  auto assets = store->ListAssets().value();
  ASSERT_EQ(assets.size(), 2u);
  const auto& db = assets[0];
  EXPECT_EQ(db.name, "db, primary");
  EXPECT_EQ(db.team, "data \"core\"");
  EXPECT_EQ(db.criticality, 4);
  EXPECT_FALSE(db.internet_exposed);
  EXPECT_FALSE(db.manifest.has_value());
  const auto& web = assets[1];
  EXPECT_EQ(web.external_id, "CI-1");
  EXPECT_EQ(web.kind, "vm");
  EXPECT_EQ(web.customers, (std::vector<std::string>{"acme", "beta"}));
  EXPECT_EQ(web.environment, "prod");
  EXPECT_TRUE(web.internet_exposed);
  EXPECT_EQ(web.data_classes, (std::vector<std::string>{"cardholder", "personal"}));
  EXPECT_EQ(web.tags, (std::vector<std::string>{"agent"})) << "no tags column: the tags stay";
  EXPECT_TRUE(web.manifest.has_value()) << "metadata import keeps what the agent reported";
  EXPECT_EQ(web.last_seen, 1000);

  // The same export again changes nothing and logs nothing.
  auto again = ImportAssets(*store, *records, 3000, "cli:test");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->unchanged, 2u);
  EXPECT_EQ(AuditCount(*store), 5u);

  // An empty cell clears.
  auto cleared = ParseAssetExport("name,team,customers\nweb-1,,\n", "cmdb.csv");
  ASSERT_TRUE(cleared);
  ASSERT_TRUE(ImportAssets(*store, *cleared, 4000, "cli:test"));
  const auto after = store->ListAssets().value()[1];
  EXPECT_FALSE(after.team.has_value());
  EXPECT_TRUE(after.customers.empty());
  EXPECT_EQ(after.environment, "prod");
}

TEST(AssetImportTest, JsonExport) {
  TempStore store("import-json");
  ASSERT_TRUE(store.ok());
  auto records = ParseAssetExport(R"([{"name": "img-1", "kind": "image", "customers": ["acme"], "internet_exposed": true,
                                       "criticality": 2, "tags": "a;b"}])",
                                  "cmdb.json");
  ASSERT_TRUE(records) << records.error().message;
  ASSERT_TRUE(ImportAssets(*store, *records, 1, "cli:test"));
  const auto asset = store->ListAssets().value().at(0);
  EXPECT_EQ(asset.kind, "image");
  EXPECT_EQ(asset.customers, (std::vector<std::string>{"acme"}));
  EXPECT_TRUE(asset.internet_exposed);
  EXPECT_EQ(asset.criticality, 2);
  EXPECT_EQ(asset.tags, (std::vector<std::string>{"a", "b"}));
}

TEST(AssetImportTest, ErrorsNameFileLineOrPathAndField) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"name,kind\nweb-1,vm\nweb-2,vmm\n", "cmdb:3: kind: 'vmm' is not one of host, vm, image, container, service"},
      {"name,criticality\nweb-1,5\n", "cmdb:2: criticality: '5' is not 1, 2, 3 or 4"},
      {"name,internet_exposed\nweb-1,maybe\n", "cmdb:2: internet_exposed: 'maybe' is not true, false, yes, no, 1 or 0"},
      {"name,environment\n\nweb-1,production\n", "cmdb:3: environment: 'production' is not one of prod, staging, dev"},
      {"name,team\nweb-1,a,b\n", "cmdb:2: 3 fields, the header has 2"},
      {"name,owner\n", "cmdb:1: unknown column 'owner'"},
      {"team\npayments\n", "cmdb:1: no 'name' column"},
      {"name,team\n,payments\n", "cmdb:2: name: missing"},
      {"name,team\n\"web-1,payments\n", "cmdb:2: unterminated quoted field"},
      {R"([{"name": "a"}, {"name": "b", "criticality": "high"}])", "cmdb: $[1].criticality: 'high' is not 1, 2, 3 or 4"},
      {R"([{"name": "a", "environment": "qa"}])", "cmdb: $[0].environment: 'qa' is not one of prod, staging, dev"},
      {R"([{"name": "a", "owner": "x"}])", "cmdb: $[0].owner: unknown field"},
      {R"([{"kind": "vm"}])", "cmdb: $[0].name: missing"},
      {R"([{"name": "a", "customers": [1]}])", "cmdb: $[0].customers: expected an array of strings"},
      {"[1", "cmdb: not valid JSON"},
  };
  for (const auto& [text, message] : cases) {
    auto parsed = ParseAssetExport(text, "cmdb");
    ASSERT_FALSE(parsed) << message;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(parsed.error().message.starts_with(message)) << parsed.error().message;
  }
}

}  // namespace
}  // namespace vigil::fleet
