// The compiled snapshot answers affected(ecosystem, name, version) exactly as OSV's range
// semantics say, from hand-written records.
#include "knowledge/snapshot.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include <gtest/gtest.h>

#include "knowledge/snapshot_writer.h"

namespace vigil::knowledge {
namespace {

namespace fs = std::filesystem;
using osv::EventKind;

osv::Record MakeRecord(std::string id, std::string ecosystem, std::string package, std::vector<osv::Event> events,
                       std::vector<std::string> versions = {}) {
  osv::Record record;
  record.id = std::move(id);
  record.modified = "2024-01-01T00:00:00Z";
  osv::Affected affected;
  affected.package = {std::move(ecosystem), std::move(package), ""};
  if (!events.empty()) affected.ranges.push_back({osv::RangeType::kEcosystem, "", std::move(events), ""});
  affected.versions = std::move(versions);
  record.affected.push_back(std::move(affected));
  return record;
}

class SnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vigil-snapshot-test-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  Snapshot Build(const std::vector<osv::Record>& records, const ExploitFacts& facts = {}) {
    std::vector<const osv::Record*> pointers;
    for (const auto& r : records) pointers.push_back(&r);
    const auto stats = WriteSnapshot(pointers, facts, dir_ / "test.snap");
    EXPECT_TRUE(stats) << stats.error().message;
    auto snap = Snapshot::Open(dir_ / "test.snap");
    EXPECT_TRUE(snap) << snap.error().message;
    return std::move(*snap);
  }

  // Ids of the vulnerabilities affecting the version, with their fixes, as "ID@fix".
  static std::vector<std::string> Affected(const Snapshot& snap, std::string_view eco, std::string_view name,
                                           std::string_view version) {
    std::vector<Match> matches;
    AffectedScratch scratch;
    const auto r = snap.Affected(eco, name, version, matches, scratch);
    EXPECT_TRUE(r) << r.error().message;
    std::vector<std::string> out;
    for (const auto& m : matches) out.push_back(std::string(snap.vuln(m.vuln).id) + "@" + std::string(m.fixed));
    std::sort(out.begin(), out.end());
    return out;
  }

  fs::path dir_;
};

using Ids = std::vector<std::string>;

TEST_F(SnapshotTest, IntroducedFixedIsHalfOpen) {
  const auto snap = Build({MakeRecord("PYSEC-1", "PyPI", "django", {{EventKind::kIntroduced, "2.0"}, {EventKind::kFixed, "2.2.1"}})});
  EXPECT_EQ(Affected(snap, "PyPI", "django", "1.9"), Ids{});
  EXPECT_EQ(Affected(snap, "PyPI", "django", "2.0"), Ids{"PYSEC-1@2.2.1"});
  EXPECT_EQ(Affected(snap, "PyPI", "django", "2.2.1rc1"), Ids{"PYSEC-1@2.2.1"});
  EXPECT_EQ(Affected(snap, "PyPI", "django", "2.2.1"), Ids{});
  EXPECT_EQ(Affected(snap, "PyPI", "django", "2.2.1.post1"), Ids{});
}

TEST_F(SnapshotTest, VersionsCompareBySchemeNotText) {
  const auto snap = Build({MakeRecord("GO-1", "Go", "example.com/m", {{EventKind::kIntroduced, "0"}, {EventKind::kFixed, "1.10.0"}})});
  EXPECT_EQ(Affected(snap, "Go", "example.com/m", "1.9.9"), Ids{"GO-1@1.10.0"});
  EXPECT_EQ(Affected(snap, "Go", "example.com/m", "1.10.0-rc.1"), Ids{"GO-1@1.10.0"});
  EXPECT_EQ(Affected(snap, "Go", "example.com/m", "1.10.0"), Ids{});
}

TEST_F(SnapshotTest, LastAffectedIsInclusiveAndHasNoFix) {
  const auto snap = Build({MakeRecord("PYSEC-2", "PyPI", "pkg", {{EventKind::kIntroduced, "1.0"}, {EventKind::kLastAffected, "1.4"}})});
  EXPECT_EQ(Affected(snap, "PyPI", "pkg", "1.4"), Ids{"PYSEC-2@"});
  EXPECT_EQ(Affected(snap, "PyPI", "pkg", "1.4.1"), Ids{});
}

TEST_F(SnapshotTest, SeveralIntervalsInOneRangeInAnyOrder) {
  // Events out of order, as some databases write them: OSV evaluates them sorted.
  const auto snap = Build({MakeRecord("RUSTSEC-1", "crates.io", "c",
                                      {{EventKind::kIntroduced, "2.0.0"}, {EventKind::kFixed, "2.3.0"},
                                       {EventKind::kIntroduced, "0"}, {EventKind::kFixed, "1.5.2"}})});
  EXPECT_EQ(Affected(snap, "crates.io", "c", "1.0.0"), Ids{"RUSTSEC-1@1.5.2"});
  EXPECT_EQ(Affected(snap, "crates.io", "c", "1.9.0"), Ids{});
  EXPECT_EQ(Affected(snap, "crates.io", "c", "2.2.9"), Ids{"RUSTSEC-1@2.3.0"});
  EXPECT_EQ(Affected(snap, "crates.io", "c", "2.3.0"), Ids{});
}

TEST_F(SnapshotTest, OpenRangeAffectsEverythingAfterIntroduced) {
  const auto snap = Build({MakeRecord("PYSEC-3", "PyPI", "p", {{EventKind::kIntroduced, "3.0"}})});
  EXPECT_EQ(Affected(snap, "PyPI", "p", "2.9"), Ids{});
  EXPECT_EQ(Affected(snap, "PyPI", "p", "99.0"), Ids{"PYSEC-3@"});
}

TEST_F(SnapshotTest, ExplicitVersionsMatchByEquality) {
  const auto snap = Build({MakeRecord("PYSEC-4", "PyPI", "p", {}, {"1.0", "1.2"})});
  EXPECT_EQ(Affected(snap, "PyPI", "p", "1.0.0"), Ids{"PYSEC-4@"});  // PEP 440: 1.0 == 1.0.0
  EXPECT_EQ(Affected(snap, "PyPI", "p", "1.1"), Ids{});
}

TEST_F(SnapshotTest, OneMatchPerVulnerabilityEvenWhenRangesAndVersionsOverlap) {
  const auto snap = Build({MakeRecord("PYSEC-5", "PyPI", "p", {{EventKind::kIntroduced, "0"}, {EventKind::kFixed, "2.0"}}, {"1.0"})});
  EXPECT_EQ(Affected(snap, "PyPI", "p", "1.0"), Ids{"PYSEC-5@2.0"});
}

TEST_F(SnapshotTest, SeveralRangesOfOneVulnerabilityReportTheFixThatClearsThemAll) {
  auto record = MakeRecord("RUSTSEC-2", "crates.io", "c", {{EventKind::kIntroduced, "0"}, {EventKind::kFixed, "1.5.0"}});
  record.affected[0].ranges.push_back({osv::RangeType::kSemver, "", {{EventKind::kIntroduced, "1.0.0"}, {EventKind::kFixed, "1.7.0"}}, ""});
  record.affected[0].ranges.push_back({osv::RangeType::kSemver, "", {{EventKind::kIntroduced, "1.6.0"}, {EventKind::kLastAffected, "1.6.5"}}, ""});
  const auto snap = Build({record});
  EXPECT_EQ(Affected(snap, "crates.io", "c", "0.9.0"), Ids{"RUSTSEC-2@1.5.0"});
  EXPECT_EQ(Affected(snap, "crates.io", "c", "1.2.0"), Ids{"RUSTSEC-2@1.7.0"});
  EXPECT_EQ(Affected(snap, "crates.io", "c", "1.6.1"), Ids{"RUSTSEC-2@"});  // 1.6.x has no known fix
  EXPECT_EQ(Affected(snap, "crates.io", "c", "1.7.0"), Ids{});
}

// Many overlapping ranges per package, checked at every version against a direct evaluation: the
// interval tree (crates.io, a total order) and the linear scan (Maven) must both give exactly it.
TEST_F(SnapshotTest, IntervalTreeAnswersEqualDirectEvaluation) {
  constexpr int kVersions = 40;
  const auto text = [](int v) { return "1." + std::to_string(v) + ".0"; };
  struct Span {
    int lower;  // -1: introduced "0"
    int upper;  // -1: open
    bool inclusive;
  };
  std::mt19937 rng(11);
  std::vector<osv::Record> records;
  std::map<std::string, std::vector<Span>> spans;
  for (int r = 0; r < 300; ++r) {
    char id[32];
    std::snprintf(id, sizeof id, "V-%03d", r);
    std::vector<osv::Event> events;
    for (int segments = 1 + static_cast<int>(rng() % 2), at = -1; segments > 0 && at < kVersions; --segments) {
      const int lower = (rng() % 4 == 0 && at < 0) ? -1 : at + 1 + static_cast<int>(rng() % 10);
      if (lower >= kVersions) break;
      // Never equal to its lower bound: the order of equal events would then be the file's order.
      const int upper = rng() % 6 == 0 ? -1 : std::max(lower, 0) + 1 + static_cast<int>(rng() % 8);
      const bool inclusive = rng() % 4 == 0;
      events.push_back({EventKind::kIntroduced, lower < 0 ? "0" : text(lower)});
      if (upper >= 0) events.push_back({inclusive ? EventKind::kLastAffected : EventKind::kFixed, text(upper)});
      spans[id].push_back({lower, upper, inclusive});
      if (upper < 0) break;
      at = upper + 1;
    }
    std::shuffle(events.begin(), events.end(), rng);
    for (const char* eco : {"crates.io", "Maven"}) records.push_back(MakeRecord(id, eco, "org.example:p", events));
    records.back().id = std::string(id) + "-maven";
  }
  const auto snap = Build(records);
  for (int v = 0; v < kVersions + 3; ++v) {
    std::map<std::string, std::optional<int>> fixes;  // id -> highest fix, nullopt when one range has none
    for (const auto& [id, list] : spans) {
      for (const auto& s : list) {
        const bool in = (s.lower < 0 || v >= s.lower) && (s.upper < 0 || v < s.upper || (s.inclusive && v == s.upper));
        if (!in) continue;
        const std::optional<int> fix = s.upper >= 0 && !s.inclusive ? std::optional(s.upper) : std::nullopt;
        const auto [it, first] = fixes.emplace(id, fix);
        if (!first) it->second = it->second && fix ? std::optional(std::max(*it->second, *fix)) : std::nullopt;
      }
    }
    Ids expected, expected_maven;
    for (const auto& [id, fix] : fixes) {
      expected.push_back(id + "@" + (fix ? text(*fix) : ""));
      expected_maven.push_back(id + "-maven@" + (fix ? text(*fix) : ""));
    }
    EXPECT_EQ(Affected(snap, "crates.io", "org.example:p", text(v)), expected) << text(v);
    EXPECT_EQ(Affected(snap, "Maven", "org.example:p", text(v)), expected_maven) << text(v);
  }
}

TEST_F(SnapshotTest, EcosystemReleaseMustMatch) {
  const auto snap = Build({MakeRecord("ALSA-1", "AlmaLinux:9", "openssl", {{EventKind::kIntroduced, "0"}, {EventKind::kFixed, "1:3.0.7-6.el9_2"}})});
  EXPECT_EQ(Affected(snap, "AlmaLinux:9", "openssl", "1:3.0.7-5.el9"), Ids{"ALSA-1@1:3.0.7-6.el9_2"});
  EXPECT_EQ(Affected(snap, "AlmaLinux:8", "openssl", "1:3.0.7-5.el9"), Ids{});
}

TEST_F(SnapshotTest, WithdrawnRecordsAreKeptButNeverMatch) {
  auto record = MakeRecord("PYSEC-6", "PyPI", "p", {{EventKind::kIntroduced, "0"}});
  record.withdrawn = "2024-02-01T00:00:00Z";
  const auto snap = Build({record});
  EXPECT_EQ(Affected(snap, "PyPI", "p", "1.0"), Ids{});
  ASSERT_EQ(snap.vuln_count(), 1u);
  EXPECT_NE(snap.vuln(0).flags & snapshot::kWithdrawn, 0u);
}

TEST_F(SnapshotTest, InvalidQueryVersionIsAnErrorAndUnknownPackageIsNoMatch) {
  const auto snap = Build({MakeRecord("PYSEC-7", "PyPI", "p", {{EventKind::kIntroduced, "0"}})});
  std::vector<Match> matches;
  AffectedScratch scratch;
  EXPECT_FALSE(snap.Affected("PyPI", "p", "1.0\x01", matches, scratch));  // control characters are never a version
  EXPECT_TRUE(snap.Affected("PyPI", "unknown", "1.0", matches, scratch));
  EXPECT_TRUE(snap.Affected("NoSuchEcosystem", "p", "1.0", matches, scratch));
  EXPECT_TRUE(matches.empty());
}

TEST_F(SnapshotTest, AliasesJoinRecordsIntoOneIdentityWithExploitFacts) {
  auto go = MakeRecord("GO-2", "Go", "m", {{EventKind::kIntroduced, "0"}});
  go.aliases = {"CVE-2024-0001", "GHSA-aaaa-bbbb-cccc"};
  auto ghsa = MakeRecord("PYSEC-8", "PyPI", "q", {{EventKind::kIntroduced, "0"}});
  ghsa.aliases = {"GHSA-aaaa-bbbb-cccc"};
  ExploitFacts facts;
  facts.known_exploited.insert("CVE-2024-0001");
  facts.epss["CVE-2024-0001"] = {0.5F, 0.9F};
  const auto snap = Build({go, ghsa}, facts);
  const auto group = snap.FindGroup("CVE-2024-0001");
  ASSERT_TRUE(group);
  EXPECT_EQ(snap.GroupVulns(*group).size(), 2u);
  EXPECT_EQ(snap.FindGroup("PYSEC-8"), group);
  EXPECT_FALSE(snap.FindGroup("CVE-1999-0001"));
  const auto go_vuln = snap.vuln(snap.GroupVulns(*group)[0]);
  EXPECT_EQ(go_vuln.id, "GO-2");
  EXPECT_NE(go_vuln.flags & snapshot::kKnownExploited, 0u);
  EXPECT_FLOAT_EQ(go_vuln.epss, 0.5F);
  const std::vector<std::string_view> names = {"CVE-2024-0001", "GHSA-aaaa-bbbb-cccc", "GO-2", "PYSEC-8"};
  EXPECT_EQ(snap.GroupNames(*group), names);
}

TEST_F(SnapshotTest, PackageNamesMatchInTheirRegistrysCanonicalForm) {
  const auto snap = Build({MakeRecord("PYSEC-9", "PyPI", "Zope.Interface", {{EventKind::kIntroduced, "0"}}),
                           MakeRecord("GHSA-n", "NuGet", "Newtonsoft.Json", {{EventKind::kIntroduced, "0"}}),
                           MakeRecord("GO-3", "Go", "example.com/Mod", {{EventKind::kIntroduced, "0"}})});
  EXPECT_EQ(Affected(snap, "PyPI", "zope-interface", "1.0"), Ids{"PYSEC-9@"});
  EXPECT_EQ(Affected(snap, "PyPI", "ZOPE__interface", "1.0"), Ids{"PYSEC-9@"});
  EXPECT_EQ(Affected(snap, "NuGet", "newtonsoft.json", "1.0.0"), Ids{"GHSA-n@"});
  EXPECT_EQ(Affected(snap, "Go", "example.com/mod", "1.0.0"), Ids{});  // Go module paths are case-sensitive
}

TEST_F(SnapshotTest, CorruptFileIsRefusedWithDataLoss) {
  Build({MakeRecord("PYSEC-9", "PyPI", "p", {{EventKind::kIntroduced, "0"}})});
  {
    std::fstream f(dir_ / "test.snap", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(-1, std::ios::end);
    f.put('\x7f');
  }
  const auto snap = Snapshot::Open(dir_ / "test.snap");
  ASSERT_FALSE(snap);
  EXPECT_EQ(snap.error().code, ErrorCode::kDataLoss);
  EXPECT_NE(snap.error().message.find("checksum"), std::string::npos);
  fs::resize_file(dir_ / "test.snap", 10);
  EXPECT_EQ(Snapshot::Open(dir_ / "test.snap").error().code, ErrorCode::kDataLoss);
  EXPECT_EQ(Snapshot::Open(dir_ / "missing.snap").error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace vigil::knowledge
