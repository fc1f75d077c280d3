// Hygiene facts: the distribution end-of-life table (its lookups, the end-of-life boundary and its
// agreement with docs/hygiene.md), unfixed findings, package counts and uncovered ecosystems.
#include "hygiene/hygiene.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/time.h"
#include "knowledge/snapshot_writer.h"

namespace vigil::hygiene {
namespace {

namespace fs = std::filesystem;

std::int64_t Day(std::string_view iso) {
  auto days = ParseIsoDate(iso);
  EXPECT_TRUE(days) << iso;
  return days.value_or(0);
}

TEST(EolTable, EveryRowIsWellFormed) {
  std::set<std::pair<std::string_view, std::string_view>> seen;
  ASSERT_GT(EolEntries().size(), 100u);
  for (const auto& e : EolEntries()) {
    SCOPED_TRACE(std::string(e.os_id) + " " + std::string(e.release));
    EXPECT_TRUE(ParseIsoDate(e.eol));
    if (!e.lts_end.empty()) {
      ASSERT_TRUE(ParseIsoDate(e.lts_end));
      EXPECT_GT(*ParseIsoDate(e.lts_end), *ParseIsoDate(e.eol));  // LTS follows regular support
    }
    EXPECT_TRUE(e.source.starts_with("https://"));
    EXPECT_TRUE(seen.emplace(e.os_id, e.release).second) << "duplicate row";
    // Every row finds itself: no other row shadows it.
    EXPECT_EQ(LookupRelease(e.os_id, e.release).entry, &e);
  }
}

// The table in docs/hygiene.md must hold exactly the rows of the code, in the same order.
TEST(EolTable, DocumentedTableMatchesCode) {
  const fs::path doc = fs::path(VIGIL_SOURCE_DIR) / "docs" / "hygiene.md";
  std::ifstream in(doc);
  ASSERT_TRUE(in) << doc;
  const std::string header = "| ID | Release | End of life | Debian LTS end | Source |";
  std::vector<std::string> documented;
  std::string line;
  bool in_table = false;
  while (std::getline(in, line)) {
    if (line == header) {
      in_table = true;
      continue;
    }
    if (!in_table) continue;
    if (!line.starts_with("|")) break;
    if (line.starts_with("| ---")) continue;
    documented.push_back(line);
  }
  ASSERT_FALSE(documented.empty()) << "no end-of-life table in " << doc;

  std::vector<std::string> expected;
  for (const auto& e : EolEntries()) {
    std::string row = "| ";
    row += e.os_id;
    row += " | ";
    row += e.release;
    row += " | ";
    row += e.eol;
    row += " | ";
    row += e.lts_end.empty() ? std::string_view("—") : e.lts_end;
    row += " | ";
    row += e.source;
    row += " |";
    expected.push_back(std::move(row));
  }
  // Row by row, so a failure names the row that drifted.
  for (std::size_t i = 0; i < std::min(documented.size(), expected.size()); ++i) {
    EXPECT_EQ(documented[i], expected[i]) << "row " << i + 1 << " of the table in " << doc;
  }
  EXPECT_EQ(documented.size(), expected.size()) << "rows in " << doc << " vs src/hygiene/eol.cc";
}

TEST(LookupRelease, PointReleaseMatchesItsBranch) {
  const auto alpine = LookupRelease("alpine", "3.19.1");
  ASSERT_TRUE(alpine.found());
  EXPECT_EQ(alpine.entry->release, "3.19");
  EXPECT_EQ(alpine.entry->eol, "2025-11-01");
  EXPECT_EQ(alpine.eol_days, Day("2025-11-01"));
  EXPECT_EQ(alpine.entry->source, "https://alpinelinux.org/releases/");

  const auto rhel = LookupRelease("rhel", "9.3");
  ASSERT_TRUE(rhel.found());
  EXPECT_EQ(rhel.entry->release, "9");
  EXPECT_EQ(rhel.entry->eol, "2032-05-31");

  const auto ubuntu = LookupRelease("ubuntu", "22.04");
  ASSERT_TRUE(ubuntu.found());
  EXPECT_EQ(ubuntu.entry->eol, "2027-06-01");

  const auto debian = LookupRelease("debian", "12");
  ASSERT_TRUE(debian.found());
  EXPECT_EQ(debian.entry->eol, "2026-07-11");
  EXPECT_EQ(debian.entry->lts_end, "2028-06-30");
}

TEST(LookupRelease, PrefixMatchesOnlyAtDotBoundaries) {
  // "3.1" must not claim 3.19, nor Amazon Linux 2 claim 2023.
  EXPECT_EQ(LookupRelease("alpine", "3.19.1").entry->release, "3.19");
  EXPECT_EQ(LookupRelease("alpine", "3.1.4").entry->release, "3.1");
  EXPECT_EQ(LookupRelease("amzn", "2").entry->eol, "2026-06-30");
  EXPECT_EQ(LookupRelease("amzn", "2023").entry->eol, "2029-06-30");
  EXPECT_FALSE(LookupRelease("amzn", "20").found());
  EXPECT_FALSE(LookupRelease("alpine", "3.21_alpha20240807").found());  // edge, not a release
}

TEST(LookupRelease, UnknownDistributionOrReleaseIsNotFound) {
  EXPECT_FALSE(LookupRelease("gentoo", "2.17").found());
  EXPECT_FALSE(LookupRelease("ubuntu", "26.04").found());  // left out: no confirmed date
  EXPECT_FALSE(LookupRelease("debian", "").found());      // testing/sid have no VERSION_ID
  EXPECT_FALSE(LookupRelease("", "12").found());
  EXPECT_EQ(SupportOn(LookupRelease("gentoo", "2.17"), Day("2026-11-22")), OsSupport::kUnknown);
}

TEST(LookupRelease, IdIgnoresAsciiCase) {
  ASSERT_TRUE(LookupRelease("Debian", "11").found());
  EXPECT_EQ(LookupRelease("Debian", "11").entry->eol, "2024-08-14");
}

TEST(SupportOn, EndOfLifeDateItselfCountsAsEnded) {
  const auto bookworm = LookupRelease("debian", "12");
  EXPECT_EQ(SupportOn(bookworm, Day("2026-07-10")), OsSupport::kSupported);
  EXPECT_EQ(SupportOn(bookworm, Day("2026-07-11")), OsSupport::kEndOfLife);
  EXPECT_EQ(SupportOn(bookworm, Day("2026-11-22")), OsSupport::kEndOfLife);
  EXPECT_EQ(SupportOn(LookupRelease("debian", "13"), Day("2026-11-22")), OsSupport::kSupported);
  EXPECT_EQ(OsSupportName(OsSupport::kEndOfLife), "end_of_life");
  EXPECT_EQ(OsSupportName(OsSupport::kSupported), "supported");
  EXPECT_EQ(OsSupportName(OsSupport::kUnknown), "unknown");
}

inventory::Package Pkg(std::string ecosystem, std::string name, std::string version) {
  inventory::Package p;
  p.ecosystem = std::move(ecosystem);
  p.name = std::move(name);
  p.version = std::move(version);
  return p;
}

match::Finding Find(std::string id, std::string ecosystem, std::string name, std::string version,
                    std::string fixed) {
  match::Finding f;
  f.id = std::move(id);
  f.ecosystem = std::move(ecosystem);
  f.name = std::move(name);
  f.version = std::move(version);
  f.fixed_version = std::move(fixed);
  return f;
}

TEST(Assess, OsSupportUnfixedFindingsAndCounts) {
  inventory::Inventory inv;
  inv.os = inventory::OsRelease{"alpine", "3.19.1", "Alpine Linux v3.19"};
  auto a = Pkg("PyPI", "Flask", "2.0.0");
  a.location = "a/requirements.txt";
  auto b = Pkg("PyPI", "flask", "2.0.0");  // same package to matching: counts once
  b.location = "b/poetry.lock";
  auto ssl = Pkg("Alpine:v3.19", "openssl", "3.1.4-r5");
  ssl.binary_name = "libssl3";
  auto crypto = Pkg("Alpine:v3.19", "openssl", "3.1.4-r5");  // a second binary of the same origin
  crypto.binary_name = "libcrypto3";
  inv.packages = {a, b, Pkg("PyPI", "jinja2", "3.1.2"), ssl, crypto, Pkg("npm", "left-pad", ""), Pkg("", "blob", "1")};

  match::MatchResult m;
  m.findings = {Find("PYSEC-2", "PyPI", "Flask", "2.0.0", ""), Find("PYSEC-1", "PyPI", "Flask", "2.0.0", ""),
                Find("GHSA-x", "PyPI", "Flask", "2.0.0", "2.3.2"),
                Find("ALPINE-1", "Alpine:v3.19", "openssl", "3.1.4-r5", "3.1.4-r6"),
                Find("GHSA-j", "PyPI", "jinja2", "3.1.2", "")};

  const auto h = Assess(inv, m, Day("2026-11-22"));
  ASSERT_TRUE(h.os);
  EXPECT_EQ(h.os->os.id, "alpine");
  EXPECT_EQ(h.os->support, OsSupport::kEndOfLife);
  ASSERT_TRUE(h.os->lifecycle.found());
  EXPECT_EQ(h.os->lifecycle.entry->release, "3.19");

  EXPECT_EQ(h.without_fix.size(), 2u);
  ASSERT_EQ(h.without_fix.size(), 2u);
  EXPECT_EQ(h.without_fix[0].name, "Flask");
  EXPECT_EQ(h.without_fix[0].finding_ids, (std::vector<std::string>{"PYSEC-1", "PYSEC-2"}));  // not GHSA-x
  EXPECT_EQ(h.without_fix[1].name, "jinja2");
  EXPECT_EQ(h.without_fix[1].finding_ids, std::vector<std::string>{"GHSA-j"});

  const std::map<std::string, std::size_t> counts = {{"", 1}, {"Alpine:v3.19", 2}, {"PyPI", 2}, {"npm", 1}};
  EXPECT_EQ(h.packages_per_ecosystem, counts);
  EXPECT_FALSE(h.ecosystems_without_advisory_data);  // no snapshot consulted
}

TEST(Assess, NoOsWhenInventoryHasNone) {
  inventory::Inventory inv;
  inv.packages = {Pkg("npm", "lodash", "4.17.21")};
  const auto h = Assess(inv, {}, Day("2026-11-22"));
  EXPECT_FALSE(h.os);
  EXPECT_TRUE(h.without_fix.empty());
  EXPECT_TRUE(h.without_fix.empty());
  EXPECT_EQ(h.packages_per_ecosystem.at("npm"), 1u);
}

TEST(Assess, ReleaseOutsideTableIsUnknown) {
  inventory::Inventory inv;
  inv.os = inventory::OsRelease{"ubuntu", "26.04", "Ubuntu 26.04 LTS"};
  const auto h = Assess(inv, {}, Day("2026-11-22"));
  ASSERT_TRUE(h.os);
  EXPECT_FALSE(h.os->lifecycle.found());
  EXPECT_EQ(h.os->support, OsSupport::kUnknown);
}

TEST(EcosystemsWithoutAdvisoryData, ReleaseSpecificAndEmptyEcosystemsAreUncovered) {
  inventory::Inventory inv;
  inv.packages = {Pkg("PyPI", "flask", "2.0.0"), Pkg("Maven", "org.x:y", "1"), Pkg("Debian:13", "openssl", "3.5.1-1"),
                  Pkg("npm", "a", "1"), Pkg("npm", "b", "1"), Pkg("", "blob", "1")};
  const std::vector<knowledge::EcosystemStats> db = {
      {"Debian:12", 10, 5, 0}, {"Maven", 0, 0, 0}, {"PyPI", 3, 2, 0}};
  EXPECT_EQ(EcosystemsWithoutAdvisoryData(inv, db), (std::vector<std::string>{"Debian:13", "Maven", "npm"}));
}

knowledge::osv::Record Record(std::string id, std::string ecosystem, std::string package, std::string fixed) {
  knowledge::osv::Record record;
  record.id = std::move(id);
  record.modified = "2024-01-01T00:00:00Z";
  knowledge::osv::Affected affected;
  affected.package = {std::move(ecosystem), std::move(package), ""};
  knowledge::osv::Range range;
  range.events.push_back({knowledge::osv::EventKind::kIntroduced, "0"});
  if (!fixed.empty()) range.events.push_back({knowledge::osv::EventKind::kFixed, std::move(fixed)});
  affected.ranges.push_back(std::move(range));
  record.affected.push_back(std::move(affected));
  return record;
}

// Through the real matcher and snapshot: an advisory without a fix, and ecosystems the database lacks.
TEST(Assess, WithSnapshotReportsUncoveredEcosystems) {
  const fs::path path = fs::temp_directory_path() / ("vigil-hygiene-test-" + std::to_string(::getpid()) + ".snap");
  const std::vector<knowledge::osv::Record> records = {Record("PYSEC-1", "PyPI", "flask", ""),
                                                       Record("PYSEC-2", "PyPI", "flask", "2.3.2"),
                                                       Record("DSA-1", "Debian:12", "openssl", "3.0.15-1")};
  std::vector<const knowledge::osv::Record*> pointers;
  for (const auto& r : records) pointers.push_back(&r);
  ASSERT_TRUE(knowledge::WriteSnapshot(pointers, {}, path));
  auto snapshot = knowledge::Snapshot::Open(path);
  ASSERT_TRUE(snapshot) << snapshot.error().message;

  inventory::Inventory inv;
  inv.os = inventory::OsRelease{"debian", "13", "Debian GNU/Linux 13 (trixie)"};
  inv.packages = {Pkg("PyPI", "Flask", "2.0.0"), Pkg("Debian:13", "openssl", "3.5.1-1"),
                  Pkg("Maven", "org.apache.logging.log4j:log4j-core", "2.14.1")};
  const auto matched = match::MatchPackages(*snapshot, inv.packages);
  const auto h = Assess(inv, matched, Day("2026-11-22"), *snapshot);
  fs::remove(path);

  ASSERT_TRUE(h.os);
  EXPECT_EQ(h.os->support, OsSupport::kSupported);
  ASSERT_EQ(h.without_fix.size(), 1u);
  EXPECT_EQ(h.without_fix[0].name, "Flask");
  EXPECT_EQ(h.without_fix[0].finding_ids, std::vector<std::string>{"PYSEC-1"});
  ASSERT_TRUE(h.ecosystems_without_advisory_data);
  EXPECT_EQ(*h.ecosystems_without_advisory_data, (std::vector<std::string>{"Debian:13", "Maven"}));
}

}  // namespace
}  // namespace vigil::hygiene
