// Import into the advisory database: idempotence, replacement by `modified`, malformed records
// reported by file and path while the rest imports, and — against the shared OSV data — every
// affected() answer equal to a direct evaluation of the OSV ranges.
#include "knowledge/advisory_db.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "knowledge/osv/parser.h"
#include "knowledge/source.h"
#include "testing/corpus.h"
#include "version/registry.h"

namespace vigil::knowledge {
namespace {

namespace fs = std::filesystem;

std::string Record(std::string_view id, std::string_view modified, std::string_view fixed,
                   std::string_view alias = "CVE-2024-1111") {
  return std::string(R"({"schema_version":"1.6.0","id":")") + std::string(id) + R"(","modified":")" +
         std::string(modified) + R"(","aliases":[")" + std::string(alias) +
         R"("],"summary":"test","affected":[{"package":{"ecosystem":"PyPI","name":"demo"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":")" +
         std::string(fixed) + R"("}]}]}]})";
}

class AdvisoryDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("vigil-db-test-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "src");
  }
  void TearDown() override { fs::remove_all(root_); }

  void Write(const fs::path& path, std::string_view content) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
  }

  std::vector<std::string> AffectedIds(AdvisoryDb& db, std::string_view version) {
    auto snap = db.OpenSnapshot();
    EXPECT_TRUE(snap) << snap.error().message;
    std::vector<Match> matches;
    AffectedScratch scratch;
    EXPECT_TRUE(snap->Affected("PyPI", "demo", version, matches, scratch));
    std::vector<std::string> ids;
    for (const auto& m : matches) ids.emplace_back(snap->vuln(m.vuln).id);
    return ids;
  }

  fs::path root_;
};

TEST_F(AdvisoryDbTest, MalformedRecordIsReportedWithFileAndPathWhileTheRestImports) {
  Write(root_ / "src/PYSEC-1.json", Record("PYSEC-1", "2024-01-01T00:00:00Z", "1.5"));
  Write(root_ / "src/PYSEC-2.json", R"({"id":"PYSEC-2","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"PyPI","name":"x"},"ranges":[{"type":"ECOSYSTEM","events":[{"fixd":"1"}]}]}]})");
  auto db = AdvisoryDb::Open(root_ / "home");
  ASSERT_TRUE(db) << db.error().message;
  const std::vector<fs::path> sources = {root_ / "src"};
  const auto summary = db->Import(sources);
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(summary->added, 1u);
  EXPECT_EQ(summary->malformed, 1u);
  ASSERT_EQ(summary->issues.size(), 1u);
  EXPECT_NE(summary->issues[0].find("PYSEC-2.json"), std::string::npos) << summary->issues[0];
  EXPECT_NE(summary->issues[0].find("affected[0].ranges[0].events[0]"), std::string::npos) << summary->issues[0];
  EXPECT_EQ(AffectedIds(*db, "1.0"), std::vector<std::string>{"PYSEC-1"});
}

TEST_F(AdvisoryDbTest, BrokenRecordInsideZipIsNamedByEntry) {
  Write(root_ / "zip/GOOD-1.json", Record("GOOD-1", "2024-01-01T00:00:00Z", "1.5"));
  Write(root_ / "zip/GOOD-2.json", Record("GOOD-2", "2024-01-01T00:00:00Z", "1.6", "CVE-2024-2222"));
  Write(root_ / "zip/BAD-1.json", R"({"id": "BAD-1", "modified": "yesterday"})");
  ASSERT_EQ(std::system(("cd '" + (root_ / "zip").string() + "' && zip -q all.zip GOOD-1.json GOOD-2.json BAD-1.json").c_str()), 0);
  auto db = AdvisoryDb::Open(root_ / "home");
  ASSERT_TRUE(db);
  const std::vector<fs::path> sources = {root_ / "zip/all.zip"};
  const auto summary = db->Import(sources);
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(summary->added, 2u);
  ASSERT_EQ(summary->issues.size(), 1u);
  EXPECT_NE(summary->issues[0].find("all.zip:BAD-1.json"), std::string::npos) << summary->issues[0];
  EXPECT_NE(summary->issues[0].find("modified"), std::string::npos) << summary->issues[0];
}

TEST_F(AdvisoryDbTest, ReimportIsIdempotentAndNewerModifiedReplaces) {
  Write(root_ / "v1/PYSEC-1.json", Record("PYSEC-1", "2024-01-01T00:00:00Z", "1.5"));
  Write(root_ / "v2/PYSEC-1.json", Record("PYSEC-1", "2024-03-01T00:00:00Z", "2.0"));
  Write(root_ / "old/PYSEC-1.json", Record("PYSEC-1", "2023-01-01T00:00:00Z", "9.0"));
  auto db = AdvisoryDb::Open(root_ / "home");
  ASSERT_TRUE(db);
  const std::vector<fs::path> v1 = {root_ / "v1"};
  ASSERT_TRUE(db->Import(v1));
  const auto first_write = fs::last_write_time(db->snapshot_path());

  const auto again = db->Import(v1);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->unchanged, 1u);
  EXPECT_FALSE(again->compiled) << "an unchanged import must not rebuild the snapshot";
  EXPECT_EQ(fs::last_write_time(db->snapshot_path()), first_write);
  EXPECT_TRUE(AffectedIds(*db, "1.7").empty());

  const std::vector<fs::path> v2 = {root_ / "v2"};
  const auto updated = db->Import(v2);
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->updated, 1u);
  EXPECT_EQ(AffectedIds(*db, "1.7"), std::vector<std::string>{"PYSEC-1"});

  const std::vector<fs::path> old = {root_ / "old"};
  const auto older = db->Import(old);
  ASSERT_TRUE(older);
  EXPECT_EQ(older->unchanged, 1u) << "an older copy must not replace a newer one";
  EXPECT_TRUE(AffectedIds(*db, "5.0").empty());

  const auto details = db->Describe("CVE-2024-1111");
  ASSERT_TRUE(details) << details.error().message;
  ASSERT_EQ(details->records.size(), 1u);
  EXPECT_EQ(details->records[0].modified, "2024-03-01T00:00:00Z");
}

TEST_F(AdvisoryDbTest, MissingSourceFailsWithoutWritingAnything) {
  auto db = AdvisoryDb::Open(root_ / "home");
  ASSERT_TRUE(db);
  const std::vector<fs::path> sources = {root_ / "does-not-exist.zip"};
  const auto summary = db->Import(sources);
  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(fs::exists(db->snapshot_path()));
}

// A direct, slow evaluation of OSV ranges (sorted events) to check the compiled snapshot against.
bool NaiveAffected(const osv::Affected& affected, const version::Scheme& scheme, const std::string& v) {
  const auto cmp = [&](const std::string& a, const std::string& b) { return *scheme.Compare(a, b); };
  for (const auto& listed : affected.versions) {
    if (scheme.Compare(listed, v).value_or(1) == 0) return true;
  }
  for (const auto& range : affected.ranges) {
    if (range.type == osv::RangeType::kGit) continue;
    std::vector<osv::Event> events;
    for (const auto& e : range.events) {
      if (e.kind == osv::EventKind::kLimit) continue;
      if ((e.kind == osv::EventKind::kIntroduced && e.version == "0") || scheme.Compare(e.version, e.version)) events.push_back(e);
    }
    std::stable_sort(events.begin(), events.end(), [&](const auto& a, const auto& b) {
      const bool a0 = a.kind == osv::EventKind::kIntroduced && a.version == "0";
      const bool b0 = b.kind == osv::EventKind::kIntroduced && b.version == "0";
      if (a0 || b0) return a0 && !b0;
      return cmp(a.version, b.version) < 0;
    });
    bool affected_now = false;
    for (const auto& e : events) {
      const bool zero = e.kind == osv::EventKind::kIntroduced && e.version == "0";
      if (e.kind == osv::EventKind::kIntroduced && (zero || cmp(v, e.version) >= 0)) affected_now = true;
      if (e.kind == osv::EventKind::kFixed && cmp(v, e.version) >= 0) affected_now = false;
      if (e.kind == osv::EventKind::kLastAffected && cmp(v, e.version) > 0) affected_now = false;
    }
    if (affected_now) return true;
  }
  return false;
}

TEST(AdvisoryDbCorpus, EveryAnswerEqualsDirectEvaluationOfTheRanges) {
  VIGIL_REQUIRE_CORPUS();
  const fs::path home = fs::temp_directory_path() / ("vigil-db-corpus-" + std::to_string(::getpid()));
  fs::remove_all(home);
  auto db = AdvisoryDb::Open(home);
  ASSERT_TRUE(db);
  std::vector<fs::path> sources;
  for (const char* eco : {"Go", "PyPI", "crates.io", "AlmaLinux"}) sources.push_back(corpus / "data/osv" / eco / "all.zip");
  sources.push_back(corpus / "data/kev/known_exploited_vulnerabilities.json");
  const auto summary = db->Import(sources);
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(summary->malformed, 0u);
  EXPECT_EQ(summary->added, 4291u + 2661u + 1206u + 5637u - 0u);
  EXPECT_EQ(summary->kev_version, "2025.08.25");

  // Re-read the records and, for sampled (package, version) pairs taken from their own events,
  // compare the snapshot with the direct evaluation.
  std::vector<osv::Record> records;
  osv::OsvParser parser;
  for (std::size_t i = 0; i + 1 < sources.size(); ++i) {
    ASSERT_TRUE(ForEachDocument(sources[i], [&](const Document& d) -> Result<void> {
      auto r = parser.Parse(d.content);
      if (r) records.push_back(std::move(*r));
      return {};
    }));
  }
  auto snap = db->OpenSnapshot();
  ASSERT_TRUE(snap);
  std::mt19937 rng(42);
  std::vector<Match> matches;
  AffectedScratch scratch;
  int checked = 0;
  for (int sample = 0; sample < 3000; ++sample) {
    const auto& record = records[rng() % records.size()];
    if (record.affected.empty()) continue;
    const auto& target = record.affected[rng() % record.affected.size()];
    std::vector<std::string> candidates = target.versions;
    for (const auto& range : target.ranges) {
      for (const auto& e : range.events) candidates.push_back(e.version);
    }
    if (candidates.empty()) continue;
    const std::string version = candidates[rng() % candidates.size()];
    const auto scheme = version::SchemeForEcosystem(target.package.ecosystem);
    if (!scheme || !(*scheme)->Compare(version, version)) continue;

    std::set<std::string> expected;
    for (const auto& r : records) {
      if (!r.withdrawn.empty()) continue;
      for (const auto& a : r.affected) {
        if (a.package.ecosystem == target.package.ecosystem && a.package.name == target.package.name &&
            NaiveAffected(a, **scheme, version)) {
          expected.insert(r.id);
        }
      }
    }
    matches.clear();
    ASSERT_TRUE(snap->Affected(target.package.ecosystem, target.package.name, version, matches, scratch));
    std::set<std::string> actual;
    for (const auto& m : matches) actual.emplace(snap->vuln(m.vuln).id);
    ASSERT_EQ(actual, expected) << target.package.ecosystem << " " << target.package.name << " " << version;
    ++checked;
  }
  EXPECT_GT(checked, 2000);
  fs::remove_all(home);
}

}  // namespace
}  // namespace vigil::knowledge
