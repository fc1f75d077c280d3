// Findings over hand-built snapshots: a finding opens on ingest, keeps its first_seen across a
// manifest change that keeps the package, closes with fixed_at when the package is upgraded and
// stays listed as fixed; a re-imported advisory database adds findings first seen at the recompute
// (one audit entry) and a withdrawn advisory's findings vanish rather than count as fixed; the
// listing filters and pages without losing or repeating anything.
#include "fleet/findings.h"

#include <gtest/gtest.h>

#include <set>
#include <tuple>

#include "fleet/ingest.h"
#include "fleet_testing.h"
#include "knowledge/snapshot_writer.h"

namespace vigil::fleet {
namespace {

namespace fs = std::filesystem;
using testing::OsvRecord;
using testing::Pkg;
using testing::ReportText;
using testing::TempStore;

constexpr std::string_view kCritical = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";  // 9.8
constexpr std::string_view kMedium = "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:N";   // 5.4

std::vector<std::tuple<std::string, std::string, std::int64_t, std::optional<std::int64_t>>> Summary(
    const FindingsPage& page) {
  std::vector<std::tuple<std::string, std::string, std::int64_t, std::optional<std::int64_t>>> out;
  for (const auto& f : page.findings) {
    out.emplace_back(f.asset.name, f.finding.key.vulnerability, f.finding.first_seen, f.finding.fixed_at);
  }
  return out;
}

class FindingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.ok());
    // v1: flask (critical, KEV through its CVE) and jinja2 (medium). v2 adds requests (no CVSS).
    const std::vector<knowledge::osv::Record> v1 = {
        OsvRecord("PYSEC-1", "PyPI", "flask", "2.2.5", {"CVE-2023-30861"}, kCritical),
        OsvRecord("PYSEC-2", "PyPI", "jinja2", "3.1.3", {}, kMedium)};
    auto v2 = v1;
    v2.push_back(OsvRecord("PYSEC-3", "PyPI", "requests", "2.32.0", {}, ""));
    v1_ = Snapshot(v1, "v1");
    v2_ = Snapshot(v2, "v2");
  }
  void TearDown() override {
    v1_.reset();
    v2_.reset();
    for (const char* tag : {"v1", "v2"}) fs::remove(Path(tag));
  }

  static fs::path Path(const std::string& tag) {
    return fs::temp_directory_path() / ("vigil-findings-test-" + std::to_string(::getpid()) + "-" + tag + ".snap");
  }
  static std::unique_ptr<knowledge::Snapshot> Snapshot(const std::vector<knowledge::osv::Record>& records,
                                                       const std::string& tag) {
    std::vector<const knowledge::osv::Record*> pointers;
    for (const auto& r : records) pointers.push_back(&r);
    knowledge::ExploitFacts facts;
    facts.known_exploited.insert("CVE-2023-30861");
    EXPECT_TRUE(knowledge::WriteSnapshot(pointers, facts, Path(tag)));
    auto opened = knowledge::Snapshot::Open(Path(tag));
    EXPECT_TRUE(opened);
    return std::make_unique<knowledge::Snapshot>(std::move(*opened));
  }

  void Ingest(const std::string& id, const std::string& asset, const std::vector<Pkg>& packages, std::int64_t now,
              nlohmann::json metadata = nlohmann::json::object()) {
    auto result = fleet::Ingest(*store_, ReportText(id, asset, packages, std::move(metadata)), now, "test", nullptr, v1_.get());
    ASSERT_TRUE(result) << result.error().message;
  }

  FindingsPage List(FindingQuery query, const knowledge::Snapshot& snapshot, std::size_t limit = 1000,
                    const std::optional<FindingCursor>& after = std::nullopt) {
    auto page = ListFindings(*store_, snapshot, query, after, limit);
    EXPECT_TRUE(page) << page.error().message;
    return page ? std::move(*page) : FindingsPage{};
  }
  FindingsPage List(FindingState state, const knowledge::Snapshot& snapshot) {
    FindingQuery query;
    query.state = state;
    return List(query, snapshot);
  }

  std::vector<store::AuditEntry> Audit() {
    std::vector<store::AuditEntry> out;
    EXPECT_TRUE(store_->ForEachAuditEntry([&](const store::AuditEntry& e) -> Result<void> {
      out.push_back(e);
      return {};
    }));
    return out;
  }

  TempStore store_{"findings"};
  std::unique_ptr<knowledge::Snapshot> v1_;
  std::unique_ptr<knowledge::Snapshot> v2_;
};

using Row = std::tuple<std::string, std::string, std::int64_t, std::optional<std::int64_t>>;

TEST_F(FindingsTest, AFindingOpensStaysOpenAcrossAChangeAndClosesWhenUpgraded) {
  Ingest("r1", "web-1", {{"PyPI", "flask", "2.0.0"}, {"PyPI", "requests", "2.31.0"}}, 1000);
  auto open = List(FindingState::kOpen, *v1_);
  EXPECT_EQ(Summary(open), (std::vector<Row>{{"web-1", "PYSEC-1", 1000, std::nullopt}}));
  ASSERT_TRUE(open.findings[0].facts);
  EXPECT_EQ(open.findings[0].facts->fixed_version, "2.2.5");
  EXPECT_TRUE(open.findings[0].facts->known_exploited);
  EXPECT_EQ(open.findings[0].facts->aliases, std::vector<std::string>{"CVE-2023-30861"});

  // A new package: another manifest, but flask's finding is the same one.
  Ingest("r2", "web-1", {{"PyPI", "flask", "2.0.0"}, {"PyPI", "jinja2", "3.0.0"}, {"PyPI", "requests", "2.31.0"}}, 2000);
  EXPECT_EQ(Summary(List(FindingState::kOpen, *v1_)),
            (std::vector<Row>{{"web-1", "PYSEC-1", 1000, std::nullopt}, {"web-1", "PYSEC-2", 2000, std::nullopt}}));
  // The same manifest again changes nothing.
  Ingest("r2b", "web-1", {{"PyPI", "flask", "2.0.0"}, {"PyPI", "jinja2", "3.0.0"}, {"PyPI", "requests", "2.31.0"}}, 2500);
  EXPECT_EQ(store_->ListAssetManifests(1).value().size(), 2u);

  // flask upgraded: its finding is fixed at the upgrade and kept.
  Ingest("r3", "web-1", {{"PyPI", "flask", "2.2.5"}, {"PyPI", "jinja2", "3.0.0"}, {"PyPI", "requests", "2.31.0"}}, 3000);
  EXPECT_EQ(Summary(List(FindingState::kOpen, *v1_)), (std::vector<Row>{{"web-1", "PYSEC-2", 2000, std::nullopt}}));
  EXPECT_EQ(Summary(List(FindingState::kFixed, *v1_)), (std::vector<Row>{{"web-1", "PYSEC-1", 1000, 3000}}));
  EXPECT_EQ(Summary(List(FindingState::kAll, *v1_)),
            (std::vector<Row>{{"web-1", "PYSEC-1", 1000, 3000}, {"web-1", "PYSEC-2", 2000, std::nullopt}}));
}

TEST_F(FindingsTest, ANewAdvisoryIsFirstSeenAtTheRecomputeAndAWithdrawnOneVanishes) {
  Ingest("r1", "web-1", {{"PyPI", "flask", "2.0.0"}, {"PyPI", "requests", "2.31.0"}}, 1000);
  Ingest("r2", "web-1", {{"PyPI", "flask", "2.2.5"}, {"PyPI", "requests", "2.31.0"}}, 2000);
  Ingest("r3", "web-2", {{"PyPI", "requests", "2.31.0"}}, 2000);
  const auto entries_before = Audit().size();

  auto recomputed = RecomputeFindings(*store_, *v2_, 4000, "cli:test");
  ASSERT_TRUE(recomputed) << recomputed.error().message;
  EXPECT_EQ(recomputed->manifests, 3u);
  EXPECT_EQ(recomputed->changed, 3u);
  EXPECT_EQ(recomputed->added, 3u);
  EXPECT_EQ(recomputed->removed, 0u);
  const auto entries = Audit();
  ASSERT_EQ(entries.size(), entries_before + 1) << "one entry per recompute";
  EXPECT_EQ(entries.back().action, "findings.recompute");
  EXPECT_EQ(entries.back().actor, "cli:test");
  EXPECT_EQ(entries.back().object, "findings:+3,-0 in 3 manifests");

  // requests was vulnerable all along, but vigil knows it only since the recompute.
  EXPECT_EQ(Summary(List(FindingState::kAll, *v2_)),
            (std::vector<Row>{{"web-1", "PYSEC-1", 1000, 2000},
                              {"web-1", "PYSEC-3", 4000, std::nullopt},
                              {"web-2", "PYSEC-3", 4000, std::nullopt}}));

  // Nothing new: no change, no audit entry.
  recomputed = RecomputeFindings(*store_, *v2_, 5000, "cli:test");
  ASSERT_TRUE(recomputed);
  EXPECT_EQ(recomputed->changed, 0u);
  EXPECT_EQ(Audit().size(), entries_before + 1);

  // The advisory is withdrawn: its findings vanish, they were not fixed.
  recomputed = RecomputeFindings(*store_, *v1_, 6000, "cli:test");
  ASSERT_TRUE(recomputed);
  EXPECT_EQ(recomputed->removed, 3u);
  EXPECT_EQ(Summary(List(FindingState::kAll, *v1_)), (std::vector<Row>{{"web-1", "PYSEC-1", 1000, 2000}}));
}

TEST(DeriveAssetFindingsTest, AReopenedFindingIsANewOneAndOneFixedBeforeVigilKnewIsLeftOut) {
  const store::FindingKey k{"V-1", "PyPI", "flask", "2.0.0"};
  const store::FindingKey late{"V-2", "PyPI", "flask", "2.0.0"};
  const std::map<std::string, std::vector<store::ManifestFindingRow>> findings = {
      {"A", {{k, 5}, {late, 25}}}, {"B", {}}};
  const std::vector<store::AssetManifestRow> history = {{10, "A"}, {20, "B"}, {30, "A"}};
  const auto derived = DeriveAssetFindings(history, [&](const std::string& m) -> const auto& { return findings.at(m); });
  ASSERT_EQ(derived.size(), 3u);
  EXPECT_EQ(derived[0].key, k);
  EXPECT_EQ(derived[0].first_seen, 10);
  EXPECT_EQ(derived[0].fixed_at, 20);
  EXPECT_EQ(derived[0].manifest, "A");
  EXPECT_EQ(derived[1].key, k);
  EXPECT_EQ(derived[1].first_seen, 30);
  EXPECT_FALSE(derived[1].fixed_at);
  // V-2 became known at 25, after the asset had left A at 20: only the second run counts.
  EXPECT_EQ(derived[2].key, late);
  EXPECT_EQ(derived[2].first_seen, 30);
  EXPECT_FALSE(derived[2].fixed_at);
}

TEST_F(FindingsTest, FiltersAndPagesWalkEverythingOnce) {
  const std::vector<Pkg> both = {{"PyPI", "flask", "2.0.0"}, {"PyPI", "jinja2", "3.0.0"}};
  Ingest("r1", "a", both, 1000, {{"team", "payments"}, {"customers", {"acme"}}, {"environment", "prod"}});
  Ingest("r2", "b", both, 1000, {{"team", "shop"}, {"customers", {"beta"}}});
  Ingest("r3", "c", {{"PyPI", "jinja2", "3.0.0"}}, 1000, {{"team", "payments"}, {"customers", {"beta"}}});
  Ingest("r4", "d", {{"PyPI", "requests", "1.0.0"}}, 1000, {{"team", "payments"}});
  Ingest("r5", "c", {{"PyPI", "jinja2", "3.1.3"}}, 2000);  // c's finding is now fixed

  FindingQuery all;
  all.state = FindingState::kAll;
  const auto everything = Summary(List(all, *v1_));
  ASSERT_EQ(everything.size(), 5u);
  for (const std::size_t limit : {1u, 2u, 4u}) {
    std::vector<Row> walked;
    std::optional<FindingCursor> cursor;
    for (int pages = 0; pages < 20; ++pages) {
      const auto page = List(all, *v1_, limit, cursor);
      EXPECT_LE(page.findings.size(), limit);
      for (const auto& row : Summary(page)) walked.push_back(row);
      cursor = page.next;
      if (!cursor) break;
    }
    EXPECT_EQ(walked, everything) << "limit " << limit;
  }

  const auto vulns = [&](FindingQuery query) {
    std::vector<std::string> out;
    for (const auto& [asset, vulnerability, first, fixed] : Summary(List(query, *v1_))) out.push_back(asset + ":" + vulnerability);
    return out;
  };
  FindingQuery critical;
  critical.min_severity = 4;
  EXPECT_EQ(vulns(critical), (std::vector<std::string>{"a:PYSEC-1", "b:PYSEC-1"}));
  FindingQuery medium;
  medium.min_severity = 2;
  EXPECT_EQ(vulns(medium), (std::vector<std::string>{"a:PYSEC-1", "a:PYSEC-2", "b:PYSEC-1", "b:PYSEC-2"}));
  FindingQuery not_kev;
  not_kev.known_exploited = false;
  EXPECT_EQ(vulns(not_kev), (std::vector<std::string>{"a:PYSEC-2", "b:PYSEC-2"}));
  FindingQuery by_alias;
  by_alias.vulnerability = "CVE-2023-30861";
  EXPECT_EQ(vulns(by_alias), (std::vector<std::string>{"a:PYSEC-1", "b:PYSEC-1"}));
  FindingQuery payments = all;
  payments.assets.team = "payments";
  EXPECT_EQ(vulns(payments), (std::vector<std::string>{"a:PYSEC-1", "a:PYSEC-2", "c:PYSEC-2"}));
  FindingQuery beta_fixed;
  beta_fixed.assets.customers = {"beta"};
  beta_fixed.state = FindingState::kFixed;
  EXPECT_EQ(vulns(beta_fixed), (std::vector<std::string>{"c:PYSEC-2"}));
  FindingQuery prod;
  prod.assets.environment = "prod";
  prod.asset = "a";
  EXPECT_EQ(vulns(prod), (std::vector<std::string>{"a:PYSEC-1", "a:PYSEC-2"}));
  prod.asset = "b";
  EXPECT_TRUE(vulns(prod).empty()) << "b is not in prod";
}

}  // namespace
}  // namespace vigil::fleet
