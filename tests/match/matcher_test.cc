// Matching inventories: one lookup per distinct package version, one finding per vulnerability
// (identity group) per package version with its aliases and fix, the ecosystem release respected.
#include "match/matcher.h"

#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "knowledge/snapshot_writer.h"

namespace vigil::match {
namespace {

namespace fs = std::filesystem;
using knowledge::osv::EventKind;

knowledge::osv::Record Record(std::string id, std::string ecosystem, std::string package, std::string fixed,
                              std::vector<std::string> aliases = {}) {
  knowledge::osv::Record record;
  record.id = std::move(id);
  record.modified = "2024-01-01T00:00:00Z";
  record.aliases = std::move(aliases);
  knowledge::osv::Affected affected;
  affected.package = {std::move(ecosystem), std::move(package), ""};
  affected.ranges.push_back({knowledge::osv::RangeType::kEcosystem, "", {{EventKind::kIntroduced, "0"}, {EventKind::kFixed, std::move(fixed)}}, ""});
  record.affected.push_back(std::move(affected));
  return record;
}

inventory::Package Package(std::string ecosystem, std::string name, std::string version, std::string location) {
  inventory::Package p;
  p.ecosystem = std::move(ecosystem);
  p.name = std::move(name);
  p.version = std::move(version);
  p.location = std::move(location);
  return p;
}

class MatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = fs::temp_directory_path() / ("vigil-matcher-test-" + std::to_string(::getpid()) + ".snap");
    auto withdrawn = Record("PYSEC-9", "PyPI", "flask", "9.0");
    withdrawn.withdrawn = "2024-02-01T00:00:00Z";
    records_ = {Record("PYSEC-1", "PyPI", "flask", "2.2.5", {"CVE-2023-30861", "GHSA-m2qf"}),
                Record("GHSA-m2qf", "PyPI", "flask", "2.3.2", {"CVE-2023-30861"}),  // same vulnerability
                Record("PYSEC-2", "PyPI", "flask", "1.0"),
                withdrawn,
                Record("ALSA-1", "AlmaLinux:9", "openssl", "1:3.0.7-6.el9")};
    std::vector<const knowledge::osv::Record*> pointers;
    for (const auto& r : records_) pointers.push_back(&r);
    ASSERT_TRUE(knowledge::WriteSnapshot(pointers, {}, path_));
    auto snap = knowledge::Snapshot::Open(path_);
    ASSERT_TRUE(snap);
    snapshot_ = std::make_unique<knowledge::Snapshot>(std::move(*snap));
  }
  void TearDown() override { fs::remove(path_); }

  fs::path path_;
  std::vector<knowledge::osv::Record> records_;
  std::unique_ptr<knowledge::Snapshot> snapshot_;
};

TEST_F(MatcherTest, OneFindingPerVulnerabilityPerPackageVersionWithAliases) {
  const std::vector<inventory::Package> packages = {Package("PyPI", "Flask", "2.0.0", "b/requirements.txt"),
                                                    Package("PyPI", "Flask", "2.0.0", "a/requirements.txt"),
                                                    Package("PyPI", "flask", "2.3.0", "c/poetry.lock")};
  const auto result = MatchPackages(*snapshot_, packages);
  EXPECT_EQ(result.distinct_packages, 2u);
  ASSERT_EQ(result.findings.size(), 2u);
  const auto& f = result.findings[0];
  EXPECT_EQ(f.id, "GHSA-m2qf");  // the smallest id of the two records that match
  EXPECT_EQ(f.aliases, (std::vector<std::string>{"CVE-2023-30861", "PYSEC-1"}));
  EXPECT_EQ(f.name, "Flask");
  EXPECT_EQ(f.version, "2.0.0");
  EXPECT_EQ(f.fixed_version, "2.3.2");
  EXPECT_EQ(f.locations, (std::vector<std::string>{"a/requirements.txt", "b/requirements.txt"}));
  EXPECT_EQ(result.findings[1].version, "2.3.0");  // only GHSA-m2qf's range reaches 2.3.0
  EXPECT_EQ(result.findings[1].id, "GHSA-m2qf");
}

TEST_F(MatcherTest, ReleaseMustMatchAndInvalidOrMissingVersionsAreReported) {
  const std::vector<inventory::Package> packages = {Package("AlmaLinux:8", "openssl", "1:3.0.7-5.el9", "rpmdb"),
                                                    Package("AlmaLinux:9", "openssl", "1:3.0.7-5.el9", "rpmdb"),
                                                    Package("PyPI", "flask", "1.0\x01", "req.txt"),  // control characters are never a version
                                                    Package("PyPI", "flask", "", "req.txt")};
  const auto result = MatchPackages(*snapshot_, packages);
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].ecosystem, "AlmaLinux:9");
  EXPECT_EQ(result.findings[0].fixed_version, "1:3.0.7-6.el9");
  ASSERT_EQ(result.issues.size(), 1u);
  EXPECT_EQ(result.issues[0].location, "req.txt");
  EXPECT_EQ(result.without_version, 1u);
}

}  // namespace
}  // namespace vigil::match
