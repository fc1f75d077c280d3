// The manifest memo: a report whose "packages" array the memo knows byte for byte is ingested as if
// it had been read in full, any other array is read, the memo stays within its capacity, and a
// memoised manifest the store lacks is read in full after all.
#include "fleet/manifest_memo.h"

#include <gtest/gtest.h>

#include "fleet/ingest.h"
#include "fleet/manifest.h"
#include "fleet/report.h"
#include "fleet_testing.h"

namespace vigil::fleet {
namespace {

using testing::Pkg;
using testing::ReportText;
using testing::TempStore;

const std::vector<Pkg> kPackages = {{"PyPI", "flask", "2.0.0"},
                                    {"npm", "lodash", "4.17.20"},
                                    {"Debian:12", "libssl3", "3.0.11-1", "openssl"},
                                    {"", "unmatchable", "1.0"}};

void ExpectSame(const IngestResult& a, const IngestResult& b) {
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.report_id, b.report_id);
  EXPECT_EQ(a.asset, b.asset);
  EXPECT_EQ(a.manifest, b.manifest);
  EXPECT_EQ(a.previous_manifest, b.previous_manifest);
  EXPECT_EQ(a.new_manifest, b.new_manifest);
  EXPECT_EQ(a.packages, b.packages);
}

Result<IngestResult> IngestWith(store::Store& store, ManifestMemo* memo, const std::string& text, std::int64_t now) {
  return Ingest(store, text, now, "test", std::nullopt, memo, nullptr, nullptr);
}

TEST(ManifestMemoTest, AHitIngestsAsAMissWould) {
  TempStore plain("memo-plain");
  TempStore memoised("memo-memoised");
  ASSERT_TRUE(plain.ok() && memoised.ok());
  ManifestMemo memo;
  const std::vector<Pkg> other = {{"npm", "lodash", "4.17.21"}};
  // web-1 runs the set, web-2 too, then web-1 moves to another set and back.
  const std::vector<std::string> texts = {ReportText("r-1", "web-1", kPackages), ReportText("r-2", "web-2", kPackages),
                                          ReportText("r-3", "web-1", other), ReportText("r-4", "web-1", kPackages),
                                          ReportText("r-4", "web-1", kPackages)};
  for (std::size_t i = 0; i < texts.size(); ++i) {
    auto expected = IngestWith(*plain, nullptr, texts[i], 1000 + static_cast<std::int64_t>(i));
    auto got = IngestWith(*memoised, &memo, texts[i], 1000 + static_cast<std::int64_t>(i));
    ASSERT_TRUE(expected && got) << i;
    ExpectSame(*expected, *got);
  }
  EXPECT_EQ(memo.size(), 2u);
  const auto expected_assets = plain->ListAssets().value();
  const auto assets = memoised->ListAssets().value();
  ASSERT_EQ(assets.size(), expected_assets.size());
  for (std::size_t i = 0; i < assets.size(); ++i) {
    EXPECT_EQ(assets[i].name, expected_assets[i].name);
    EXPECT_EQ(assets[i].manifest, expected_assets[i].manifest);
    EXPECT_EQ(assets[i].last_seen, expected_assets[i].last_seen);
    EXPECT_EQ(assets[i].os_pretty, expected_assets[i].os_pretty);
  }
  EXPECT_EQ(memoised->CountManifests().value(), 2u);

  auto hit = ParseReport(ReportText("r-5", "web-3", kPackages), std::nullopt, &memo);
  ASSERT_TRUE(hit) << hit.error().message;
  ASSERT_TRUE(hit->memoised);
  EXPECT_TRUE(hit->packages.empty());
  EXPECT_EQ(hit->listed_packages, 4u);
  EXPECT_EQ(hit->memoised->packages, 3u);
  auto full = ParseReport(ReportText("r-5", "web-3", kPackages));
  ASSERT_TRUE(full);
  EXPECT_EQ(hit->memoised->digest, ManifestDigest(full->packages));
  EXPECT_EQ(hit->asset_name, "web-3");
  ASSERT_TRUE(hit->os);
  EXPECT_EQ(hit->os->version_id, "12");
}

TEST(ManifestMemoTest, AHitStillValidatesTheRestOfTheReport) {
  TempStore store("memo-validate");
  ASSERT_TRUE(store.ok());
  ManifestMemo memo;
  ASSERT_TRUE(IngestWith(*store, &memo, ReportText("r-1", "web-1", kPackages), 1000));
  ASSERT_EQ(memo.size(), 1u);
  auto bad = ParseReport(ReportText("bad id!", "web-2", kPackages), std::nullopt, &memo);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(bad.error().message.starts_with("$.report_id")) << bad.error().message;
  auto criticality = ParseReport(ReportText("r-2", "web-2", kPackages, {{"criticality", "high"}}), std::nullopt, &memo);
  ASSERT_FALSE(criticality);
  EXPECT_EQ(criticality.error().message.substr(0, 28), "$.asset_metadata.criticality");
}

TEST(ManifestMemoTest, AOneByteDifferentArrayIsAMiss) {
  TempStore store("memo-byte");
  ASSERT_TRUE(store.ok());
  ManifestMemo memo;
  ASSERT_TRUE(IngestWith(*store, &memo, ReportText("r-1", "web-1", kPackages), 1000));
  std::vector<Pkg> changed = kPackages;
  changed[1].version = "4.17.21";
  auto miss = ParseReport(ReportText("r-2", "web-2", changed), std::nullopt, &memo);
  ASSERT_TRUE(miss);
  EXPECT_FALSE(miss->memoised);
  ASSERT_EQ(miss->packages.size(), 3u);
  auto result = IngestWith(*store, &memo, ReportText("r-2", "web-2", changed), 1001);
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->new_manifest);
  EXPECT_EQ(memo.size(), 2u);

  ManifestMemo direct;
  direct.Insert("[1,2]", {"d12", 2, 2});
  EXPECT_FALSE(direct.Find("[1,3]"));
  EXPECT_FALSE(direct.Find("[1,2] "));
  ASSERT_TRUE(direct.Find("[1,2]"));
  EXPECT_EQ(direct.Find("[1,2]")->digest, "d12");
}

TEST(ManifestMemoTest, EvictionKeepsTheCapacityAndTheRecentlyUsed) {
  ManifestMemo memo(8192);
  const auto key = [](int i) {
    std::string text(500, 'x');
    text += std::to_string(i);
    return text;
  };
  memo.Insert(key(0), {"d0", 1, 1});
  for (int i = 1; i < 100; ++i) {
    ASSERT_TRUE(memo.Find(key(0))) << i;  // kept in use, so never the one evicted
    memo.Insert(key(i), {std::to_string(i), 1, 1});
    EXPECT_LE(memo.bytes(), memo.capacity());
  }
  EXPECT_GT(memo.size(), 2u);
  EXPECT_LT(memo.size(), 20u);
  EXPECT_FALSE(memo.Find(key(1)));
  ASSERT_TRUE(memo.Find(key(99)));
  EXPECT_EQ(memo.Find(key(99))->digest, "99");
  const std::size_t before = memo.size();
  memo.Insert(std::string(10000, 'y'), {"big", 1, 1});
  EXPECT_FALSE(memo.Find(std::string(10000, 'y')));
  EXPECT_EQ(memo.size(), before);
}

TEST(ManifestMemoTest, AMemoisedManifestTheStoreLacksIsReadInFull) {
  TempStore first("memo-first");
  TempStore second("memo-second");
  ASSERT_TRUE(first.ok() && second.ok());
  ManifestMemo memo;
  auto stored = IngestWith(*first, &memo, ReportText("r-1", "web-1", kPackages), 1000);
  ASSERT_TRUE(stored);
  ASSERT_EQ(memo.size(), 1u);

  auto report = ParseReport(ReportText("r-2", "web-2", kPackages), std::nullopt, &memo);
  ASSERT_TRUE(report && report->memoised);
  auto refused = Ingest(*second, *report, 1001, "test", std::nullopt);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(second->CountManifests().value(), 0u);
  EXPECT_TRUE(second->ListAssets().value().empty());

  auto result = IngestWith(*second, &memo, ReportText("r-2", "web-2", kPackages), 1001);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_TRUE(result->new_manifest);
  EXPECT_EQ(result->manifest, stored->manifest);
  EXPECT_EQ(result->packages, 3u);
  auto manifest = second->GetManifest(result->manifest);
  ASSERT_TRUE(manifest);
  EXPECT_EQ(manifest->size(), 3u);
}

}  // namespace
}  // namespace vigil::fleet
