// The blast-radius index on a hand-built snapshot: any id or alias finds the vulnerability, the
// affected assets come with installed and fixed versions and counts per team, customer,
// environment and exposure, ingest keeps the index current (an upgraded asset drops out), and an
// index rebuilt from the store answers the same.
#include "fleet/blast_radius.h"

#include <gtest/gtest.h>

#include "fleet/asset_import.h"
#include "fleet/ingest.h"
#include "fleet_testing.h"
#include "knowledge/snapshot_writer.h"

namespace vigil::fleet {
namespace {

namespace fs = std::filesystem;
using testing::OsvRecord;
using testing::ReportText;
using testing::TempStore;

std::vector<std::string> Names(const BlastRadius& radius) {
  std::vector<std::string> out;
  for (const auto& a : radius.assets) out.push_back(a.name);
  return out;
}

class BlastRadiusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.ok());
    path_ = fs::temp_directory_path() / ("vigil-blast-radius-test-" + std::to_string(::getpid()) + ".snap");
    // Two records of one vulnerability (they share a CVE), with different fixes.
    records_ = {OsvRecord("PYSEC-1", "PyPI", "flask", "2.2.5", {"CVE-2023-30861"}),
                OsvRecord("GHSA-m2qf", "PyPI", "flask", "2.3.2", {"CVE-2023-30861"}),
                OsvRecord("ALPINE-1", "Alpine:v3.20", "openssl", "3.1.4-r1", {"CVE-2023-5678"}),
                OsvRecord("PYSEC-2", "PyPI", "jinja2", "")};
    std::vector<const knowledge::osv::Record*> pointers;
    for (const auto& r : records_) pointers.push_back(&r);
    ASSERT_TRUE(knowledge::WriteSnapshot(pointers, {}, path_));
    auto snap = knowledge::Snapshot::Open(path_);
    ASSERT_TRUE(snap);
    snapshot_ = std::make_unique<knowledge::Snapshot>(std::move(*snap));
    index_ = std::make_unique<BlastRadiusIndex>(*snapshot_);

    using nlohmann::json;
    const std::vector<testing::Pkg> old_flask = {{"PyPI", "Flask", "2.0.0"}, {"PyPI", "requests", "2.31.0"}};
    Ingest("r-a", "a", old_flask, {{"team", "payments"}, {"customers", {"acme", "beta"}}, {"environment", "prod"},
                                   {"internet_exposed", true}});
    Ingest("r-b", "b", old_flask, {{"team", "payments"}, {"customers", {"acme"}}, {"environment", "staging"}});
    Ingest("r-c", "c", {{"PyPI", "flask", "2.3.0"}, {"PyPI", "jinja2", "3.0.0"}}, {{"team", "shop"}, {"environment", "dev"}});
    Ingest("r-d", "d", {{"PyPI", "flask", "3.0.0"}}, {{"team", "shop"}});
    Ingest("r-e", "e", {{"Alpine:v3.20", "libssl3", "3.1.0-r0", "openssl"}}, json::object());
  }
  void TearDown() override { fs::remove(path_); }

  void Ingest(const std::string& id, const std::string& asset, const std::vector<testing::Pkg>& packages,
              const nlohmann::json& metadata) {
    auto result = fleet::Ingest(*store_, ReportText(id, asset, packages, metadata), 1000, "test", index_.get());
    ASSERT_TRUE(result) << result.error().message;
  }

  TempStore store_{"blast-radius"};
  fs::path path_;
  std::vector<knowledge::osv::Record> records_;
  std::unique_ptr<knowledge::Snapshot> snapshot_;
  std::unique_ptr<BlastRadiusIndex> index_;
};

TEST_F(BlastRadiusTest, AffectedAssetsWithVersionsAndCounts) {
  EXPECT_EQ(index_->asset_count(), 5u);
  EXPECT_EQ(index_->manifest_count(), 4u) << "a and b share one manifest";
  auto radius = index_->Query("CVE-2023-30861");
  ASSERT_TRUE(radius) << radius.error().message;
  EXPECT_EQ(radius->id, "GHSA-m2qf");
  EXPECT_EQ(radius->aliases, (std::vector<std::string>{"CVE-2023-30861", "PYSEC-1"}));
  EXPECT_EQ(Names(*radius), (std::vector<std::string>{"a", "b", "c"}));
  const auto& a = radius->assets[0];
  EXPECT_EQ(a.team, "payments");
  EXPECT_TRUE(a.internet_exposed);
  ASSERT_EQ(a.packages.size(), 1u);
  EXPECT_EQ(a.packages[0].package, (store::ManifestPackage{"PyPI", "flask", "2.0.0"}));
  EXPECT_EQ(a.packages[0].fixed_version, "2.3.2") << "the fix that clears both records";
  EXPECT_EQ(radius->assets[2].packages[0].package.version, "2.3.0");
  EXPECT_EQ(radius->by_team, (std::map<std::string, std::size_t>{{"payments", 2}, {"shop", 1}}));
  EXPECT_EQ(radius->by_customer, (std::map<std::string, std::size_t>{{"acme", 2}, {"beta", 1}, {"unassigned", 1}}));
  EXPECT_EQ(radius->by_environment, (std::map<std::string, std::size_t>{{"dev", 1}, {"prod", 1}, {"staging", 1}}));
  EXPECT_EQ(radius->internet_exposed, 1u);
}

TEST_F(BlastRadiusTest, EveryIdAndAliasGivesTheSameAnswer) {
  for (const char* id : {"PYSEC-1", "GHSA-m2qf", "CVE-2023-30861"}) {
    auto radius = index_->Query(id);
    ASSERT_TRUE(radius) << id;
    EXPECT_EQ(radius->id, "GHSA-m2qf") << id;
    EXPECT_EQ(Names(*radius), (std::vector<std::string>{"a", "b", "c"})) << id;
  }
  auto unknown = index_->Query("CVE-1999-0001");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

TEST_F(BlastRadiusTest, AlpineMatchesByOriginAndUnfixedHasNoFix) {
  auto openssl = index_->Query("CVE-2023-5678");
  ASSERT_TRUE(openssl);
  ASSERT_EQ(Names(*openssl), (std::vector<std::string>{"e"}));
  EXPECT_EQ(openssl->assets[0].packages[0].package.name, "openssl");
  EXPECT_EQ(openssl->assets[0].packages[0].fixed_version, "3.1.4-r1");
  EXPECT_EQ(openssl->by_team, (std::map<std::string, std::size_t>{{"unassigned", 1}}));
  auto jinja = index_->Query("PYSEC-2");
  ASSERT_TRUE(jinja);
  ASSERT_EQ(Names(*jinja), (std::vector<std::string>{"c"}));
  EXPECT_FALSE(jinja->assets[0].packages[0].fixed_version.has_value());
}

TEST_F(BlastRadiusTest, IngestAndImportKeepTheIndexCurrent) {
  // a upgrades to the fixed version: it drops out; b, which ran the same manifest, stays.
  Ingest("r-a2", "a", {{"PyPI", "flask", "2.3.2"}, {"PyPI", "requests", "2.31.0"}}, nlohmann::json::object());
  auto radius = index_->Query("CVE-2023-30861");
  ASSERT_TRUE(radius);
  EXPECT_EQ(Names(*radius), (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(radius->internet_exposed, 0u);
  EXPECT_EQ(radius->by_team, (std::map<std::string, std::size_t>{{"payments", 1}, {"shop", 1}}));

  // A CMDB import moves c to another team.
  auto records = ParseAssetExport("name,team\nc,payments\n", "cmdb.csv");
  ASSERT_TRUE(records);
  ASSERT_TRUE(ImportAssets(*store_, *records, 2000, "test", index_.get()));
  radius = index_->Query("CVE-2023-30861");
  ASSERT_TRUE(radius);
  EXPECT_EQ(radius->by_team, (std::map<std::string, std::size_t>{{"payments", 2}}));

  // An index built afresh from the store gives the same answer.
  auto rebuilt = BlastRadiusIndex::Build(*store_, *snapshot_);
  ASSERT_TRUE(rebuilt) << rebuilt.error().message;
  auto again = rebuilt->Query("CVE-2023-30861");
  ASSERT_TRUE(again);
  EXPECT_EQ(Names(*again), Names(*radius));
  EXPECT_EQ(again->by_team, radius->by_team);
  EXPECT_EQ(again->assets[0].packages[0].fixed_version, "2.3.2");
  EXPECT_EQ(rebuilt->manifest_count(), 5u);
  EXPECT_EQ(rebuilt->asset_count(), 5u);
}

TEST_F(BlastRadiusTest, PagesKeepCountsCompleteAndTheCursorResumes) {
  QueryOptions options;
  options.limit = 2;
  auto first = index_->Query("CVE-2023-30861", options);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->total_assets, 3u);
  EXPECT_EQ(Names(*first), (std::vector<std::string>{"a", "b"}));
  ASSERT_TRUE(first->next_cursor.has_value());
  EXPECT_EQ(*first->next_cursor, "b");
  EXPECT_EQ(first->by_team, (std::map<std::string, std::size_t>{{"payments", 2}, {"shop", 1}})) << "counts cover every page";
  EXPECT_EQ(first->by_customer, (std::map<std::string, std::size_t>{{"acme", 2}, {"beta", 1}, {"unassigned", 1}}));
  EXPECT_EQ(first->internet_exposed, 1u);

  options.after = *first->next_cursor;
  auto second = index_->Query("CVE-2023-30861", options);
  ASSERT_TRUE(second);
  EXPECT_EQ(Names(*second), (std::vector<std::string>{"c"}));
  EXPECT_FALSE(second->next_cursor.has_value()) << "the last page";
  EXPECT_EQ(second->total_assets, 3u);
  ASSERT_EQ(second->assets[0].packages.size(), 1u);
  EXPECT_EQ(second->assets[0].packages[0].package.version, "2.3.0");

  auto all = index_->Query("CVE-2023-30861");
  ASSERT_TRUE(all);
  EXPECT_EQ(all->total_assets, 3u);
  EXPECT_FALSE(all->next_cursor.has_value());
}

TEST_F(BlastRadiusTest, TeamAndCustomerScopesCountOnlyWhatTheySee) {
  QueryOptions team;
  team.team = "payments";
  auto payments = index_->Query("CVE-2023-30861", team);
  ASSERT_TRUE(payments);
  EXPECT_EQ(Names(*payments), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(payments->total_assets, 2u);
  EXPECT_EQ(payments->by_team, (std::map<std::string, std::size_t>{{"payments", 2}}));
  EXPECT_EQ(payments->by_environment, (std::map<std::string, std::size_t>{{"prod", 1}, {"staging", 1}}));
  EXPECT_EQ(payments->by_customer, (std::map<std::string, std::size_t>{{"acme", 2}, {"beta", 1}}));

  QueryOptions customer;
  customer.customer = "beta";
  auto beta = index_->Query("CVE-2023-30861", customer);
  ASSERT_TRUE(beta);
  EXPECT_EQ(Names(*beta), (std::vector<std::string>{"a"}));
  EXPECT_EQ(beta->total_assets, 1u);
  EXPECT_EQ(beta->by_customer, (std::map<std::string, std::size_t>{{"acme", 1}, {"beta", 1}}));
  EXPECT_EQ(beta->internet_exposed, 1u);

  QueryOptions stranger;
  stranger.team = "nobody";
  auto none = index_->Query("CVE-2023-30861", stranger);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->total_assets, 0u);
  EXPECT_TRUE(none->assets.empty());
  EXPECT_TRUE(none->by_team.empty());
}

TEST_F(BlastRadiusTest, MovingAnAssetUpdatesItsManifestsCounts) {
  // b moves to the team shop and another environment, keeping its manifest: the tallies follow.
  Ingest("r-b2", "b", {{"PyPI", "Flask", "2.0.0"}, {"PyPI", "requests", "2.31.0"}},
         {{"team", "shop"}, {"environment", "prod"}, {"customers", nlohmann::json::array()}});
  auto radius = index_->Query("CVE-2023-30861");
  ASSERT_TRUE(radius);
  EXPECT_EQ(radius->total_assets, 3u);
  EXPECT_EQ(radius->by_team, (std::map<std::string, std::size_t>{{"payments", 1}, {"shop", 2}}));
  EXPECT_EQ(radius->by_environment, (std::map<std::string, std::size_t>{{"dev", 1}, {"prod", 2}}));
  EXPECT_EQ(radius->by_customer, (std::map<std::string, std::size_t>{{"acme", 1}, {"beta", 1}, {"unassigned", 2}}));
  EXPECT_EQ(radius->assets[1].team, "shop");
  EXPECT_TRUE(radius->assets[1].customers.empty());
}

}  // namespace
}  // namespace vigil::fleet
