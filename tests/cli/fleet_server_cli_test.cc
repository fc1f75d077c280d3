// `vigil collect`, `vigil ingest`, `vigil assets import|list` and `vigil blast-radius` end to end,
// as an operator runs them offline: reports of two hosts with the same packages, a resent report,
// a CMDB import and its errors, the blast radius of a vulnerability by alias before and after one
// host upgrades, and the audit chain verifying after all of it.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "testing/shell.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using Outcome = vigil::testing::CommandOutcome;
using vigil::testing::ShellQuote;

class FleetServerCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / (std::string("vigil-fleet-server-cli-test-") + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "osv");
    home_ = dir_ / "home";
    // Two records of one vulnerability, found by their shared CVE.
    Write(dir_ / "osv/PYSEC-2023-62.json",
          R"({"id":"PYSEC-2023-62","modified":"2023-06-01T00:00:00Z","aliases":["CVE-2023-30861"],
              "affected":[{"package":{"ecosystem":"PyPI","name":"flask"},
                           "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2.2.5"}]}]}]})");
    Write(dir_ / "osv/GHSA-m2qf-hxjv-5gpq.json",
          R"({"id":"GHSA-m2qf-hxjv-5gpq","modified":"2023-06-01T00:00:00Z","aliases":["CVE-2023-30861"],
              "affected":[{"package":{"ecosystem":"PyPI","name":"flask"},
                           "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"2.3.0"},{"fixed":"2.3.2"}]}]}]})");
    const auto import = Vigil(std::string("db import ") + ShellQuote(dir_ / "osv"));
    ASSERT_EQ(import.exit_code, 0) << import.err;
    Write(dir_ / "old/requirements.txt", "flask==2.0.0\nrequests==2.31.0\n");
    Write(dir_ / "new/requirements.txt", "flask==2.3.2\nrequests==2.31.0\n");
  }
  void TearDown() override { fs::remove_all(dir_); }

  static void Write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }

  Outcome Vigil(const std::string& args) {
    const fs::path err = dir_ / "stderr";
    std::string command = "VIGIL_HOME=";
    command += ShellQuote(home_);
    command += " '" VIGIL_BINARY "' ";
    command += args;
    return vigil::testing::RunShell(command, err);
  }

  // `vigil collect` of `project` into a report file; returns its path.
  fs::path Collect(const std::string& project, const std::string& flags, const std::string& name) {
    const fs::path out = dir_ / (name + ".json");
    const auto run = Vigil(std::string("collect ") + ShellQuote(dir_ / project) + " " + flags + " --output " + ShellQuote(out));
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.out, "");
    return out;
  }

  json Ingest(const std::vector<fs::path>& files) {
    std::string args = "ingest --format json";
    for (const auto& f : files) args += std::string(" ") + ShellQuote(f);
    const auto run = Vigil(args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return json::parse(run.out, nullptr, false);
  }

  json BlastRadius(const std::string& id) {
    const auto run = Vigil(std::string("blast-radius ") + id + " --format json");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return json::parse(run.out, nullptr, false);
  }

  static std::vector<std::string> Names(const json& radius) {
    std::vector<std::string> out;
    for (const auto& a : radius["assets"]) out.push_back(a["name"]);
    return out;
  }

  fs::path dir_;
  fs::path home_;
};

TEST_F(FleetServerCliTest, CollectWritesAReportWithAFreshIdAndTheAssetMetadata) {
  const auto first = Collect("old", "--asset-name web-1 --team payments --customer beta --customer acme", "r1");
  const auto second = Collect("old", "--asset-name web-1", "r2");
  std::ifstream in1(first), in2(second);
  const json r1 = json::parse(in1), r2 = json::parse(in2);
  const std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  EXPECT_TRUE(std::regex_match(r1["report_id"].get<std::string>(), uuid)) << r1["report_id"];
  EXPECT_NE(r1["report_id"], r2["report_id"]);
  EXPECT_EQ(r1["report_format"], 1);
  EXPECT_EQ(r1["asset_metadata"], (json{{"name", "web-1"}, {"team", "payments"}, {"customers", {"acme", "beta"}}}));
  // The inventory is what `vigil inventory --format json` prints for the same path.
  const auto inventory = Vigil(std::string("inventory ") + ShellQuote(dir_ / "old") + " --format json");
  ASSERT_EQ(inventory.exit_code, 0) << inventory.err;
  EXPECT_EQ(r1["packages"], json::parse(inventory.out)["packages"]);
  EXPECT_EQ(r1["packages"].size(), 2u);

  const auto bad = Vigil(std::string("collect ") + ShellQuote(dir_ / "old") + " --environment production");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err, "vigil: collect: environment: 'production' is not one of prod, staging, dev\n");
  // A push needs a token (flag, --token-file or VIGIL_TOKEN): without one it is a usage error.
  const auto no_token = Vigil(std::string("collect ") + ShellQuote(dir_ / "old") + " --push http://127.0.0.1:1");
  EXPECT_EQ(no_token.exit_code, 2);
  EXPECT_NE(no_token.err.find("token"), std::string::npos) << no_token.err;
  // An unreadable --cacert is reported before anything is collected or sent.
  const auto no_ca = Vigil(std::string("collect ") + ShellQuote(dir_ / "old") +
                           " --push https://127.0.0.1:1 --token t --cacert " + ShellQuote(dir_ / "missing.pem"));
  EXPECT_EQ(no_ca.exit_code, 2);
  EXPECT_EQ(no_ca.err, "vigil: collect: --cacert " + (dir_ / "missing.pem").string() +
                           ": cannot read: No such file or directory\n");
}

TEST_F(FleetServerCliTest, IngestIsIdempotentAndSharesManifests) {
  const auto web1 = Collect("old", "--asset-name web-1 --team payments --customer acme", "web-1");
  const auto web2 = Collect("old", "--asset-name web-2 --team shop", "web-2");
  const json results = Ingest({web1, web2});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0]["status"], "new_asset");
  EXPECT_EQ(results[1]["status"], "new_asset");
  EXPECT_EQ(results[0]["manifest"], results[1]["manifest"]);
  EXPECT_EQ(results[0]["new_manifest"], true);
  EXPECT_EQ(results[1]["new_manifest"], false);
  EXPECT_EQ(results[0]["packages"], 2);

  const json again = Ingest({web1});
  EXPECT_EQ(again[0]["status"], "duplicate");

  const auto list = Vigil("assets list --format json");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const json assets = json::parse(list.out);
  ASSERT_EQ(assets.size(), 2u);
  EXPECT_EQ(assets[0]["name"], "web-1");
  EXPECT_EQ(assets[0]["team"], "payments");
  EXPECT_EQ(assets[0]["customers"], json::array({"acme"}));
  EXPECT_EQ(assets[1]["manifest"], results[0]["manifest"]);

  const auto verify = Vigil("audit verify");
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  // Per report: asset.upsert and report.ingest, plus one manifest.create for the shared manifest.
  EXPECT_TRUE(verify.out.starts_with("verified 5 audit entries")) << verify.out;

  const auto broken = dir_ / "broken.json";
  Write(broken, R"({"report_id": "x", "asset": {"name": "h"}, "packages": [{"ecosystem": "PyPI", "version": "1"}]})");
  const auto refused = Vigil(std::string("ingest ") + ShellQuote(broken));
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(refused.err, std::string("vigil: ") + broken.string() + ": $.packages[0].name: missing\n");
}

TEST_F(FleetServerCliTest, AssetsImportUpsertsAndNamesTheBadLineAndField) {
  Write(dir_ / "cmdb.csv",
        "name,external_id,kind,team,customers,environment,internet_exposed,data_classes,criticality,tags\n"
        "web-1,CI-1,vm,payments,acme;beta,prod,true,cardholder,1,pci\n"
        "web-2,CI-2,vm,shop,,dev,false,,3,\n");
  const auto run = Vigil(std::string("assets import ") + ShellQuote(dir_ / "cmdb.csv"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "2 assets: 2 created, 0 updated, 0 unchanged\n");
  const json assets = json::parse(Vigil("assets list --format json").out);
  ASSERT_EQ(assets.size(), 2u);
  EXPECT_EQ(assets[0]["customers"], json::array({"acme", "beta"}));
  EXPECT_EQ(assets[0]["data_classes"], json::array({"cardholder"}));
  EXPECT_EQ(assets[0]["criticality"], 1);
  EXPECT_EQ(assets[0]["internet_exposed"], true);
  EXPECT_TRUE(assets[0]["manifest"].is_null());

  Write(dir_ / "bad.csv", "name,kind\nweb-3,vm\nweb-4,vmm\n");
  const auto bad = Vigil(std::string("assets import ") + ShellQuote(dir_ / "bad.csv"));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err, std::string("vigil: ") + (dir_ / "bad.csv").string() +
                         ":3: kind: 'vmm' is not one of host, vm, image, container, service\n");
  Write(dir_ / "bad.json", R"([{"name": "web-3", "criticality": 7}])");
  const auto bad_json = Vigil(std::string("assets import ") + ShellQuote(dir_ / "bad.json"));
  EXPECT_EQ(bad_json.exit_code, 2);
  EXPECT_EQ(bad_json.err, std::string("vigil: ") + (dir_ / "bad.json").string() + ": $[0].criticality: '7' is not 1, 2, 3 or 4\n");
  EXPECT_EQ(json::parse(Vigil("assets list --format json").out).size(), 2u) << "a refused import adds nothing";
}

TEST_F(FleetServerCliTest, BlastRadiusByAliasBeforeAndAfterAnUpgrade) {
  Write(dir_ / "cmdb.csv", "name,environment,internet_exposed\nweb-1,prod,yes\nweb-2,staging,no\n");
  ASSERT_EQ(Vigil(std::string("assets import ") + ShellQuote(dir_ / "cmdb.csv")).exit_code, 0);
  Ingest({Collect("old", "--asset-name web-1 --team payments --customer acme --customer beta", "web-1"),
          Collect("old", "--asset-name web-2 --team shop --customer acme", "web-2"),
          Collect("new", "--asset-name web-3 --team shop", "web-3")});

  const json radius = BlastRadius("CVE-2023-30861");
  EXPECT_EQ(radius["total_assets"], 2);
  EXPECT_EQ(Names(radius), (std::vector<std::string>{"web-1", "web-2"}));
  EXPECT_EQ(radius["assets"][0]["team"], "payments");
  EXPECT_EQ(radius["assets"][0]["package"], (json{{"ecosystem", "PyPI"}, {"name", "flask"}}));
  EXPECT_EQ(radius["assets"][0]["installed_version"], "2.0.0");
  EXPECT_EQ(radius["assets"][0]["fixed_version"], "2.2.5");
  EXPECT_EQ(radius["by_team"], (json{{"payments", 1}, {"shop", 1}}));
  EXPECT_EQ(radius["by_customer"], (json{{"acme", 2}, {"beta", 1}}));
  EXPECT_EQ(radius["by_environment"], (json{{"prod", 1}, {"staging", 1}}));
  EXPECT_EQ(radius["internet_exposed"], 1);
  EXPECT_EQ(radius["vulnerability"]["id"], "GHSA-m2qf-hxjv-5gpq");
  EXPECT_EQ(radius["vulnerability"]["aliases"], json::array({"CVE-2023-30861", "PYSEC-2023-62"}));
  EXPECT_EQ(BlastRadius("PYSEC-2023-62"), radius);

  // web-1 upgrades: the next report drops it from the answer.
  EXPECT_EQ(Ingest({Collect("new", "--asset-name web-1", "web-1-upgraded")})[0]["status"], "manifest_changed");
  const json after = BlastRadius("GHSA-m2qf-hxjv-5gpq");
  EXPECT_EQ(after["total_assets"], 1);
  EXPECT_EQ(Names(after), (std::vector<std::string>{"web-2"}));
  EXPECT_EQ(after["internet_exposed"], 0);

  const auto table = Vigil("blast-radius CVE-2023-30861");
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_TRUE(table.out.starts_with("GHSA-m2qf-hxjv-5gpq (CVE-2023-30861, PYSEC-2023-62): 1 assets, 0 internet-exposed\n"))
      << table.out;
  const auto unknown = Vigil("blast-radius CVE-1999-0001");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err, "vigil: blast-radius: CVE-1999-0001: no such vulnerability in the advisory database\n");

  const auto verify = Vigil("audit verify");
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

}  // namespace
