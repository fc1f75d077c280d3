// The fleet simulator (tools/fleet_sim): the same seed gives the same fleet, hosts of one image and
// cohort share a manifest, a cohort differs from the previous one by at most the drift, the
// packages are real ones (the dpkg status and OSV dumps given), and its reports ingest as written.
#include "fleet_sim.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "fleet/ingest.h"
#include "fleet/manifest.h"
#include "fleet_testing.h"

namespace vigil::fleet_sim {
namespace {

namespace fs = std::filesystem;

class FleetSimTest : public ::testing::Test {
 protected:
  void SetUp() override {
    status_ = fs::temp_directory_path() / ("vigil-fleet-sim-test-" + std::to_string(::getpid()) + ".status");
    std::ofstream out(status_);
    out << "Package: libssl3\nStatus: install ok installed\nSource: openssl\nVersion: 3.0.11-1~deb12u2\n\n"
           "Package: bash\nStatus: install ok installed\nVersion: 5.2.15-2+b8\n\n"
           "Package: removed\nStatus: deinstall ok config-files\nVersion: 1.0\n\n"
           "Package: zlib1g\nStatus: install ok installed\nSource: zlib\nVersion: 1:1.2.13.dfsg-1\n";
    options_.dpkg_status = status_.string();
    const fs::path corpus = VIGIL_CORPUS_DEFAULT;
    for (const char* ecosystem : {"PyPI", "crates.io"}) {
      options_.osv_zips.push_back((corpus / "data" / "osv" / ecosystem / "all.zip").string());
    }
    options_.images = 4;
    options_.packages = 60;
    options_.cohorts = 5;
    options_.drift = 3;
  }
  void TearDown() override { fs::remove(status_); }

  fs::path status_;
  Options options_;
};

TEST_F(FleetSimTest, SameSeedSameFleetAndOtherSeedAnother) {
  auto a = Fleet::Build(options_);
  auto b = Fleet::Build(options_);
  ASSERT_TRUE(a) << a.error().message;
  ASSERT_TRUE(b);
  for (std::uint64_t i : {0, 1, 17, 999}) EXPECT_EQ(a->Report(i), b->Report(i)) << i;
  EXPECT_NE(a->Report(3, 0), a->Report(3, 1)) << "a new round has new report ids";
  options_.seed = 2;
  auto c = Fleet::Build(options_);
  ASSERT_TRUE(c);
  EXPECT_NE(a->Report(0), c->Report(0));
}

TEST_F(FleetSimTest, CohortsDriftByAtMostTheDriftAndPackagesAreReal) {
  auto fleet = Fleet::Build(options_);
  ASSERT_TRUE(fleet) << fleet.error().message;
  EXPECT_EQ(fleet->manifest_count(), options_.images * options_.cohorts);
  std::size_t changed_somewhere = 0;
  for (std::uint32_t image = 0; image < options_.images; ++image) {
    const auto& golden = fleet->Packages(image, 0);
    EXPECT_GE(golden.size(), options_.packages * 9 / 10) << image;
    std::set<std::string> debian;
    for (const auto& p : golden) {
      if (p.ecosystem == "Debian:12") debian.insert(p.name + "=" + p.version + "/" + p.source_name);
      EXPECT_TRUE(p.ecosystem == "Debian:12" || p.ecosystem == "PyPI" || p.ecosystem == "crates.io") << p.ecosystem;
    }
    for (const auto& d : debian) {
      EXPECT_TRUE(d == "libssl3=3.0.11-1~deb12u2/openssl" || d == "bash=5.2.15-2+b8/" || d == "zlib1g=1:1.2.13.dfsg-1/zlib")
          << d << ": installed packages of the status file only";
    }
    for (std::uint32_t cohort = 1; cohort < options_.cohorts; ++cohort) {
      const auto& before = fleet->Packages(image, cohort - 1);
      const auto& after = fleet->Packages(image, cohort);
      ASSERT_EQ(before.size(), after.size()) << "drift changes versions, not the package list";
      std::size_t differ = 0;
      for (std::size_t k = 0; k < before.size(); ++k) {
        EXPECT_EQ(before[k].name, after[k].name);
        if (before[k].version != after[k].version) ++differ;
      }
      EXPECT_LE(differ, options_.drift);
      changed_somewhere += differ;
    }
  }
  EXPECT_GT(changed_somewhere, 0u);
}

TEST_F(FleetSimTest, HostsShareManifestsAndTheirReportsIngest) {
  auto fleet = Fleet::Build(options_);
  ASSERT_TRUE(fleet) << fleet.error().message;
  fleet::testing::TempStore store("fleet-sim");
  ASSERT_TRUE(store.ok());
  std::map<std::string, std::size_t> by_team;
  std::set<std::string> manifests;
  std::set<std::string> environments;
  constexpr std::uint64_t kHosts = 60;
  for (std::uint64_t i = 0; i < kHosts; ++i) {
    const Host host = fleet->HostAt(i);
    auto result = fleet::Ingest(*store, fleet->Report(i), 1000, "test");
    ASSERT_TRUE(result) << i << ": " << result.error().message;
    EXPECT_EQ(result->status, fleet::IngestStatus::kNewAsset);
    EXPECT_EQ(result->asset, host.name);
    const auto expected = fleet->ManifestPackages(host.image, host.cohort);
    EXPECT_EQ(result->manifest, fleet::ManifestDigest(expected)) << "the report carries its image and cohort's manifest";
    EXPECT_EQ(result->packages, expected.size());
    manifests.insert(result->manifest);
    ++by_team[host.team];
    environments.insert(host.environment);
  }
  auto assets = store->ListAssets();
  ASSERT_TRUE(assets);
  ASSERT_EQ(assets->size(), kHosts);
  for (const auto& asset : *assets) {
    const Host host = fleet->HostAt(std::stoull(asset.name.substr(asset.name.rfind('-') + 1)));
    EXPECT_EQ(asset.name, host.name);
    EXPECT_EQ(asset.team, host.team);
    EXPECT_EQ(asset.customers, host.customers);
    EXPECT_EQ(asset.environment, host.environment);
    EXPECT_EQ(asset.internet_exposed, host.internet_exposed);
  }
  EXPECT_LE(manifests.size(), options_.images * options_.cohorts);
  EXPECT_LT(manifests.size(), kHosts) << "hosts share manifests";
  EXPECT_GT(by_team.size(), 3u);
  EXPECT_EQ(environments.size(), 3u);
  auto again = fleet::Ingest(*store, fleet->Report(0), 1001, "test");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, fleet::IngestStatus::kDuplicate);
}

}  // namespace
}  // namespace vigil::fleet_sim
