// `vigil inventory` and `vigil scan` as users drive the binary: exact findings against a hand-written
// advisory database, every machine-readable output validated against its official JSON schema
// (tests/cli/validate_json.py), --fail-on exit codes, and the messages for bad input.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "testing/corpus.h"
#include "testing/shell.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using Outcome = vigil::testing::CommandOutcome;
using vigil::testing::ShellQuote;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::size_t Occurrences(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++count;
  return count;
}

// The machine-readable formats and the official schema each must validate against (under the
// corpus's schemas/ directory; vigil's own JSON under docs/formats/).
struct FormatSchema {
  const char* format;
  const char* schema;
};
constexpr FormatSchema kFormats[] = {{"sarif", "sarif-schema-2.1.0.json"},
                                     {"cyclonedx", "cyclonedx/bom-1.6.schema.json"},
                                     {"cyclonedx-vex", "cyclonedx/bom-1.6.schema.json"},
                                     {"openvex", "openvex_json_schema.json"}};

// vigil's own schemas, in the source tree.
fs::path OwnSchema(const char* name) {
  return fs::path(VIGIL_SOURCE_DIR) / "docs/formats" / name;
}

// OSV records of the test database. requests 2.19.0 is affected by one vulnerability known under
// two records joined by their CVE; jinja2 2.10 by one with no fix; the npm packages by a KEV-listed
// high (lodash, with EPSS), a low (minimist) and an explicit-version record without CVSS (left-pad).
// A withdrawn record affects every requests version and must never match.
constexpr const char* kRecords[][2] = {
    {"GHSA-2222-3333-4444",
     R"({"id":"GHSA-2222-3333-4444","modified":"2024-05-01T00:00:00Z","summary":"requests leaks credentials",
        "aliases":["CVE-2024-1001"],
        "severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
        "affected":[{"package":{"ecosystem":"PyPI","name":"requests"},
                     "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2.20.0"}]}]}]})"},
    {"PYSEC-2024-10",
     R"({"id":"PYSEC-2024-10","modified":"2024-05-02T00:00:00Z","aliases":["CVE-2024-1001"],
        "affected":[{"package":{"ecosystem":"PyPI","name":"requests"},
                     "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2.20.0"}]}]}]})"},
    {"GHSA-9999-cccc-ffff",
     R"({"id":"GHSA-9999-cccc-ffff","modified":"2024-05-01T00:00:00Z","withdrawn":"2024-06-01T00:00:00Z",
        "affected":[{"package":{"ecosystem":"PyPI","name":"requests"},
                     "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"}]}]}]})"},
    {"GHSA-5555-6666-7777",
     R"({"id":"GHSA-5555-6666-7777","modified":"2024-05-01T00:00:00Z","summary":"jinja2 sandbox escape",
        "aliases":["CVE-2024-1002"],
        "severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:N"}],
        "affected":[{"package":{"ecosystem":"PyPI","name":"jinja2"},
                     "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"}]},
                               {"type":"ECOSYSTEM","events":[{"introduced":"3.0"},{"fixed":"3.1.4"}]}]}]})"},
    {"GHSA-4444-5555-6666",
     R"({"id":"GHSA-4444-5555-6666","modified":"2024-05-01T00:00:00Z","summary":"lodash command injection",
        "aliases":["CVE-2021-23337"],
        "severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H"}],
        "affected":[{"package":{"ecosystem":"npm","name":"lodash"},
                     "ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"4.17.21"}]}]}]})"},
    {"GHSA-7777-8888-9999",
     R"({"id":"GHSA-7777-8888-9999","modified":"2024-05-01T00:00:00Z","summary":"minimist prototype pollution",
        "severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N"}],
        "affected":[{"package":{"ecosystem":"npm","name":"minimist"},
                     "ranges":[{"type":"SEMVER","events":[{"introduced":"1.0.0"},{"fixed":"1.2.6"}]}]}]})"},
    {"GHSA-8888-9999-cccc",
     R"({"id":"GHSA-8888-9999-cccc","modified":"2024-05-01T00:00:00Z","summary":"left-pad",
        "affected":[{"package":{"ecosystem":"npm","name":"left-pad"},"versions":["1.1.0"]}]})"},
    // For the keycloak SBOM (jackson-databind 2.10.1) and a Debian 12 root filesystem (bash).
    {"GHSA-cccc-ffff-gggg",
     R"({"id":"GHSA-cccc-ffff-gggg","modified":"2024-05-01T00:00:00Z","summary":"jackson-databind gadget",
        "aliases":["CVE-2020-1003"],
        "severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
        "affected":[{"package":{"ecosystem":"Maven","name":"com.fasterxml.jackson.core:jackson-databind"},
                     "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"2.10.0"},{"fixed":"2.10.5.1"}]}]}]})"},
    {"DEBIAN-CVE-2024-99999",
     R"({"id":"DEBIAN-CVE-2024-99999","modified":"2024-05-01T00:00:00Z",
        "affected":[{"package":{"ecosystem":"Debian:12","name":"bash"},
                     "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"}]}]}]})"},
};

constexpr const char* kKevCatalog =
    R"({"title":"CISA KEV","catalogVersion":"2025.08.25","dateReleased":"2025-08-25T17:04:19.9796Z","count":1,
        "vulnerabilities":[{"cveID":"CVE-2021-23337","vendorProject":"lodash","product":"lodash",
          "vulnerabilityName":"lodash command injection","dateAdded":"2025-01-10","shortDescription":"injection",
          "requiredAction":"Update","dueDate":"2025-01-31"}]})";

constexpr const char* kEpss =
    "#model_version:v2025.03.14,score_date:2025-08-25T00:00:00+0000\n"
    "cve,epss,percentile\n"
    "CVE-2021-23337,0.01234,0.45600\n";

constexpr const char* kRequirements = "requests==2.19.0\njinja2==2.10\nflask==1.0\n";

constexpr const char* kPackageLock =
    R"({"name":"web","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{
        "":{"name":"web","version":"1.0.0","dependencies":{"lodash":"^4.17.15","minimist":"1.2.0"},
            "devDependencies":{"left-pad":"1.1.0"}},
        "node_modules/lodash":{"version":"4.17.15"},
        "node_modules/minimist":{"version":"1.2.0"},
        "node_modules/left-pad":{"version":"1.1.0","dev":true}}})";

class ScanCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vigil-scan-cli-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    project_ = dir_ / "project";
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs a shell command, capturing stdout and stderr.
  Outcome Run(const std::string& command) {
    const fs::path err = dir_ / "stderr";
    return vigil::testing::RunShell(command, err);
  }

  // Runs vigil with VIGIL_HOME in the test directory; `args` is shell-quoted by the caller.
  Outcome Vigil(const std::string& args) {
    return Run("VIGIL_HOME=" + ShellQuote(dir_ / "home") + " NO_COLOR=1 '" VIGIL_BINARY "' " + args + " < /dev/null");
  }

  // Validates `document` against `schema`; the validator's lines explain a failure.
  Outcome Validate(const fs::path& schema, const fs::path& document) {
    return Run("/usr/bin/python3 " + ShellQuote(fs::path(VIGIL_SOURCE_DIR) / "tests/cli/validate_json.py") + " " +
               ShellQuote(schema) + " " + ShellQuote(document));
  }

  static void Write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }

  // Imports the records above, the KEV catalog and the EPSS scores into the test's VIGIL_HOME.
  void BuildDatabase() {
    for (const auto& [id, record] : kRecords) Write(dir_ / "osv" / (std::string(id) + ".json"), record);
    Write(dir_ / "feeds/known_exploited_vulnerabilities.json", kKevCatalog);
    Write(dir_ / "feeds/epss_scores.csv", kEpss);
    const auto run =
        Vigil("db import " + ShellQuote(dir_ / "osv") + " " + ShellQuote(dir_ / "feeds/known_exploited_vulnerabilities.json") +
              " " + ShellQuote(dir_ / "feeds/epss_scores.csv") + " --format json");
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const auto summary = json::parse(run.out);
    ASSERT_EQ(summary["added"], std::size(kRecords)) << run.out;
    ASSERT_EQ(summary["kev"]["entries"], 1) << run.out;
    ASSERT_EQ(summary["epss"]["scores"], 1) << run.out;
  }

  void WriteProject() {
    Write(project_ / "requirements.txt", kRequirements);
    Write(project_ / "web/package-lock.json", kPackageLock);
  }

  // Runs `vigil ARGS --output FILE`, validates FILE against `schema`, keeps the document in
  // outputs_[key] and removes the file, so that a later scan of `/` does not read it as input.
  void RunAndValidate(const std::string& key, const std::string& args, const fs::path& schema) {
    const fs::path out = dir_ / ("output-" + key + ".json");
    const auto run = Vigil(args + " --output " + ShellQuote(out));
    EXPECT_EQ(run.exit_code, 0) << "vigil " << args << ": " << run.err;
    const auto checked = Validate(schema, out);
    EXPECT_EQ(checked.exit_code, 0) << "`vigil " << args << "` does not validate against " << schema.filename().string()
                                    << " (a bug in its writer in src/report):\n"
                                    << checked.out << checked.err;
    outputs_[key] = ReadJson(out);
    fs::remove(out);
  }

  // Scans `target` in every machine-readable format and lists its inventory, each validated
  // against its schema; returns vigil's scan JSON.
  json ScanInEveryFormat(const std::string& target, const fs::path& schemas) {
    RunAndValidate("json", "scan " + target + " --format json", OwnSchema("scan.schema.json"));
    for (const auto& [format, schema] : kFormats) {
      RunAndValidate(format, "scan " + target + " --format " + format, schemas / schema);
    }
    RunAndValidate("inventory", "inventory " + target + " --format json", OwnSchema("inventory.schema.json"));
    return outputs_["json"];
  }

  static json ReadJson(const fs::path& path) {
    std::ifstream in(path);
    return json::parse(in, nullptr, /*allow_exceptions=*/false);
  }

  fs::path dir_;
  fs::path project_;
  std::map<std::string, json> outputs_;  // by format, from ScanInEveryFormat
};

// (id, ecosystem, name, version, fixed_version or "-", severity) of each finding, in report order.
using FindingRow = std::tuple<std::string, std::string, std::string, std::string, std::string, std::string>;

std::vector<FindingRow> Rows(const json& scan) {
  std::vector<FindingRow> rows;
  for (const auto& f : scan["findings"]) {
    rows.emplace_back(f["id"].get<std::string>(), f["package"]["ecosystem"].get<std::string>(),
                      f["package"]["name"].get<std::string>(), f["package"]["version"].get<std::string>(),
                      f["fixed_version"].is_null() ? "-" : f["fixed_version"].get<std::string>(),
                      f["severity"].get<std::string>());
  }
  return rows;
}

const json* FindingOf(const json& scan, const std::string& id) {
  for (const auto& f : scan["findings"]) {
    if (f["id"] == id) return &f;
  }
  return nullptr;
}

TEST_F(ScanCliTest, ScanReportsExactlyTheAdvisoriesThatAffectTheProject) {
  ASSERT_NO_FATAL_FAILURE(BuildDatabase());
  WriteProject();
  const auto run = Vigil("scan " + ShellQuote(project_) + " --format json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  const auto scan = json::parse(run.out);

  const std::vector<FindingRow> expected = {
      {"GHSA-5555-6666-7777", "PyPI", "jinja2", "2.10", "-", "medium"},
      {"GHSA-2222-3333-4444", "PyPI", "requests", "2.19.0", "2.20.0", "critical"},
      {"GHSA-8888-9999-cccc", "npm", "left-pad", "1.1.0", "-", "unknown"},
      {"GHSA-4444-5555-6666", "npm", "lodash", "4.17.15", "4.17.21", "high"},
      {"GHSA-7777-8888-9999", "npm", "minimist", "1.2.0", "1.2.6", "low"},
  };
  EXPECT_EQ(Rows(scan), expected);
  EXPECT_EQ(run.out.find("GHSA-9999-cccc-ffff"), std::string::npos) << "a withdrawn advisory matched";

  // The two records of the requests vulnerability make one finding under the smaller id.
  const json* requests = FindingOf(scan, "GHSA-2222-3333-4444");
  ASSERT_NE(requests, nullptr);
  EXPECT_EQ((*requests)["aliases"], json({"CVE-2024-1001", "PYSEC-2024-10"}));
  EXPECT_EQ((*requests)["summary"], "requests leaks credentials");
  EXPECT_NEAR((*requests)["cvss"]["score"].get<double>(), 9.8, 1e-6);
  EXPECT_EQ((*requests)["package"]["purl"], "pkg:pypi/requests@2.19.0");
  ASSERT_EQ((*requests)["locations"].size(), 1u);
  EXPECT_TRUE((*requests)["locations"][0].get<std::string>().ends_with("requirements.txt"));

  const json* lodash = FindingOf(scan, "GHSA-4444-5555-6666");
  ASSERT_NE(lodash, nullptr);
  EXPECT_EQ((*lodash)["aliases"], json({"CVE-2021-23337"}));
  EXPECT_EQ((*lodash)["kev"], true);
  EXPECT_NEAR((*lodash)["epss"]["score"].get<double>(), 0.01234, 1e-6);
  EXPECT_NEAR((*lodash)["epss"]["percentile"].get<double>(), 0.456, 1e-6);
  EXPECT_TRUE((*lodash)["locations"][0].get<std::string>().ends_with("web/package-lock.json"));

  const json* left_pad = FindingOf(scan, "GHSA-8888-9999-cccc");
  ASSERT_NE(left_pad, nullptr);
  EXPECT_TRUE((*left_pad)["cvss"].is_null());
  EXPECT_EQ((*left_pad)["kev"], false);
  EXPECT_TRUE((*left_pad)["epss"].is_null());

  const auto& summary = scan["summary"];
  EXPECT_EQ(summary["packages"], 6);
  EXPECT_EQ(summary["distinct_packages"], 6);
  EXPECT_EQ(summary["findings"], 5);
  EXPECT_EQ(summary["known_exploited"], 1);
  EXPECT_EQ(summary["findings_by_severity"],
            json({{"critical", 1}, {"high", 1}, {"medium", 1}, {"low", 1}, {"unknown", 1}}));
  EXPECT_EQ(scan["asset"]["kind"], "directory");
  EXPECT_TRUE(scan["os"].is_null());

  const auto& hygiene = scan["hygiene"];
  EXPECT_TRUE(hygiene["os"].is_null());
  EXPECT_EQ(hygiene["packages_per_ecosystem"], json({{"PyPI", 3}, {"npm", 3}}));
  EXPECT_EQ(hygiene["ecosystems_without_advisory_data"], json::array());
  const json without_fix = json::parse(R"([
      {"ecosystem": "PyPI", "name": "jinja2", "version": "2.10", "findings": ["GHSA-5555-6666-7777"]},
      {"ecosystem": "npm", "name": "left-pad", "version": "1.1.0", "findings": ["GHSA-8888-9999-cccc"]}])");
  EXPECT_EQ(hygiene["vulnerable_packages_without_fix"], without_fix);
}

// A CVSS score is one decimal and EPSS has five: a report should read 7.2, not 7.199999809265137.
TEST_F(ScanCliTest, ScoresReadAsTheFeedsWroteThem) {
  ASSERT_NO_FATAL_FAILURE(BuildDatabase());
  WriteProject();
  const auto run = Vigil("scan " + ShellQuote(project_ / "web/package-lock.json") + " --format json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::string scores;
  for (const auto& line : Lines(run.out)) {
    if (line.find("\"score\"") != std::string::npos || line.find("\"percentile\"") != std::string::npos)
      scores += line + "\n";
  }
  EXPECT_NE(scores.find("\"score\": 7.2,"), std::string::npos)
      << "the CVSS score of lodash is written as a widened float (src/report/json_report.cc):\n"
      << scores;
  EXPECT_NE(scores.find("\"score\": 0.01234\n"), std::string::npos) << "the EPSS score is written as a widened float:\n"
                                                                    << scores;
  EXPECT_NE(scores.find("\"percentile\": 0.456,"), std::string::npos) << "the EPSS percentile is a widened float:\n"
                                                                      << scores;
}

// One finding stands for every record of a vulnerability, so its fix must clear all of them:
// upgrading to a version one record still lists as affected does not remove the finding.
TEST_F(ScanCliTest, FixedVersionClearsEveryRecordOfTheVulnerability) {
  Write(dir_ / "osv/GHSA-2222-3333-4444.json", kRecords[0][1]);
  Write(dir_ / "osv/PYSEC-2024-10.json",
        R"({"id":"PYSEC-2024-10","modified":"2024-05-02T00:00:00Z","aliases":["CVE-2024-1001"],
            "affected":[{"package":{"ecosystem":"PyPI","name":"requests"},
                         "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2.21.0"}]}]},
                        {"package":{"ecosystem":"PyPI","name":"urllib3"},
                         "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"}]}]}]})");
  Write(dir_ / "osv/GHSA-3333-4444-5555.json",
        R"({"id":"GHSA-3333-4444-5555","modified":"2024-05-01T00:00:00Z","aliases":["CVE-2024-1001"],
            "affected":[{"package":{"ecosystem":"PyPI","name":"urllib3"},
                         "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1.26.5"}]}]}]})");
  ASSERT_EQ(Vigil("db import " + ShellQuote(dir_ / "osv")).exit_code, 0);
  Write(project_ / "requirements.txt", "requests==2.19.0\nurllib3==1.26.0\n");
  const auto run = Vigil("scan " + ShellQuote(project_ / "requirements.txt") + " --format json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto rows = Rows(json::parse(run.out));
  ASSERT_EQ(rows.size(), 2u) << run.out;
  EXPECT_EQ(std::get<2>(rows[0]), "requests");
  EXPECT_EQ(std::get<4>(rows[0]), "2.21.0") << "PYSEC-2024-10 still affects requests 2.20.0";
  EXPECT_EQ(std::get<2>(rows[1]), "urllib3");
  EXPECT_EQ(std::get<4>(rows[1]), "-") << "PYSEC-2024-10 lists no fix for urllib3";
}

TEST_F(ScanCliTest, InventoryListsEveryPackageWithItsFile) {
  WriteProject();
  const auto run = Vigil("inventory " + ShellQuote(project_) + " --format json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto inventory = json::parse(run.out);
  std::set<std::tuple<std::string, std::string, std::string>> packages;
  for (const auto& p : inventory["packages"]) {
    packages.emplace(p["ecosystem"].get<std::string>(), p["name"].get<std::string>(), p["version"].get<std::string>());
    const std::string file = p["ecosystem"] == "npm" ? "web/package-lock.json" : "requirements.txt";
    EXPECT_TRUE(p["location"].get<std::string>().ends_with(file)) << p.dump();
  }
  const std::set<std::tuple<std::string, std::string, std::string>> expected = {
      {"PyPI", "requests", "2.19.0"}, {"PyPI", "jinja2", "2.10"},   {"PyPI", "flask", "1.0"},
      {"npm", "lodash", "4.17.15"},   {"npm", "minimist", "1.2.0"}, {"npm", "left-pad", "1.1.0"}};
  EXPECT_EQ(packages, expected);
  EXPECT_EQ(inventory["hygiene"]["packages_per_ecosystem"], json({{"PyPI", 3}, {"npm", 3}}));

  // --as reads a file whose name says nothing about its format.
  Write(dir_ / "deps.lst", "requests==2.19.0\n");
  const auto as = Vigil("inventory " + ShellQuote(dir_ / "deps.lst") + " --as requirements.txt --format json");
  ASSERT_EQ(as.exit_code, 0) << as.err;
  const auto one = json::parse(as.out);
  ASSERT_EQ(one["packages"].size(), 1u) << as.out;
  EXPECT_EQ(one["packages"][0]["name"], "requests");
  EXPECT_EQ(one["packages"][0]["version"], "2.19.0");
}

TEST_F(ScanCliTest, EveryFormatOfAProjectScanValidatesAndCarriesTheFindings) {
  VIGIL_REQUIRE_CORPUS();
  ASSERT_NO_FATAL_FAILURE(BuildDatabase());
  WriteProject();
  const auto scan = ScanInEveryFormat(ShellQuote(project_), corpus / "schemas");
  ASSERT_EQ(scan["findings"].size(), 5u);
  std::set<std::string> ids;
  for (const auto& f : scan["findings"]) ids.insert(f["id"].get<std::string>());

  const auto sarif = outputs_["sarif"];
  std::set<std::string> rule_ids;
  std::set<std::string> result_ids;
  for (const auto& rule : sarif["runs"][0]["tool"]["driver"]["rules"]) rule_ids.insert(rule["id"].get<std::string>());
  for (const auto& result : sarif["runs"][0]["results"]) result_ids.insert(result["ruleId"].get<std::string>());
  EXPECT_EQ(rule_ids, ids);
  EXPECT_EQ(result_ids, ids);

  // In the SBOM every vulnerability points at a component of the same document.
  const auto sbom = outputs_["cyclonedx"];
  std::set<std::string> refs;
  for (const auto& c : sbom["components"]) refs.insert(c["bom-ref"].get<std::string>());
  EXPECT_EQ(sbom["components"].size(), 6u);
  std::set<std::string> vulnerability_ids;
  for (const auto& v : sbom["vulnerabilities"]) {
    vulnerability_ids.insert(v["id"].get<std::string>());
    for (const auto& affected : v["affects"]) {
      EXPECT_TRUE(refs.contains(affected["ref"].get<std::string>())) << v.dump();
    }
  }
  EXPECT_EQ(vulnerability_ids, ids);

  const auto vex = outputs_["cyclonedx-vex"];
  EXPECT_FALSE(vex.contains("components"));
  EXPECT_EQ(vex["vulnerabilities"].size(), 5u);

  const auto openvex = outputs_["openvex"];
  std::set<std::string> statement_ids;
  for (const auto& s : openvex["statements"]) {
    statement_ids.insert(s["vulnerability"]["name"].get<std::string>());
    EXPECT_EQ(s["status"], "affected");
    EXPECT_TRUE(s.contains("action_statement")) << "OpenVEX requires an action statement for affected";
  }
  EXPECT_EQ(statement_ids, ids);

  const auto table = Vigil("scan " + ShellQuote(project_) + " --format table");
  EXPECT_EQ(table.exit_code, 0) << table.err;
  for (const auto& id : ids) EXPECT_NE(table.out.find(id), std::string::npos) << id << " missing from\n" << table.out;
  EXPECT_EQ(table.out.find("\033["), std::string::npos) << "colour with NO_COLOR and no TTY";
}

TEST_F(ScanCliTest, EveryFormatOfTheKeycloakSbomScanValidates) {
  VIGIL_REQUIRE_CORPUS();
  ASSERT_NO_FATAL_FAILURE(BuildDatabase());
  const fs::path bom = corpus / "fixtures/sbom/cyclonedx/keycloak-10.0.2_bom.json";
  const auto scan = ScanInEveryFormat(ShellQuote(bom), corpus / "schemas");
  const std::vector<FindingRow> expected = {
      {"GHSA-cccc-ffff-gggg", "Maven", "com.fasterxml.jackson.core:jackson-databind", "2.10.1", "2.10.5.1", "high"}};
  EXPECT_EQ(Rows(scan), expected);
  EXPECT_EQ(scan["summary"]["packages"], 903);
  EXPECT_EQ(scan["summary"]["distinct_packages"], 902);
  EXPECT_EQ(scan["hygiene"]["ecosystems_without_advisory_data"], json::array());
}

// The root filesystem of the machine running the test, as `vigil scan /` sees it.
TEST_F(ScanCliTest, EveryFormatOfTheRootFilesystemScanValidates) {
  VIGIL_REQUIRE_CORPUS();
  ASSERT_NO_FATAL_FAILURE(BuildDatabase());
  const auto scan = ScanInEveryFormat("/", corpus / "schemas");
  ASSERT_TRUE(scan.is_object());
  EXPECT_EQ(scan["asset"]["kind"], "host");
  EXPECT_GT(scan["summary"]["packages"].get<std::size_t>(), 0u);
  // On a Debian 12 host the installed bash is affected by the test's Debian:12 record.
  std::ifstream os_release("/etc/os-release");
  const std::string os_text((std::istreambuf_iterator<char>(os_release)), {});
  if (os_text.find("ID=debian") != std::string::npos && os_text.find("VERSION_ID=\"12\"") != std::string::npos &&
      fs::exists("/var/lib/dpkg/info/bash.list")) {
    EXPECT_EQ(scan["os"]["id"], "debian");
    bool host_bash = false;
    for (const auto& f : scan["findings"]) {
      if (f["id"] == "DEBIAN-CVE-2024-99999" && f["package"]["name"] == "bash" &&
          std::find(f["locations"].begin(), f["locations"].end(), "/var/lib/dpkg/status") != f["locations"].end()) {
        host_bash = true;
        EXPECT_EQ(f["package"]["ecosystem"], "Debian:12");
        EXPECT_TRUE(f["fixed_version"].is_null());
      }
    }
    EXPECT_TRUE(host_bash) << "no finding for the host's bash in /var/lib/dpkg/status";
  }
}

TEST_F(ScanCliTest, FailOnExitsOneOnlyWhenAFindingReachesTheThreshold) {
  ASSERT_NO_FATAL_FAILURE(BuildDatabase());
  WriteProject();
  // web/package-lock.json: high (KEV), low and unknown; requirements.txt: critical and medium.
  const std::string web = ShellQuote(project_ / "web/package-lock.json");
  const std::string python = ShellQuote(project_ / "requirements.txt");
  struct Case {
    std::string target;
    const char* threshold;
    int exit_code;
  };
  const Case cases[] = {{web, "critical", 0},    {web, "high", 1},    {web, "medium", 1},
                        {web, "low", 1},         {web, "kev", 1},     {python, "kev", 0},
                        {python, "critical", 1}, {python, "high", 1}, {python, "medium", 1}};
  for (const auto& c : cases) {
    const auto run = Vigil("scan " + c.target + " --fail-on " + c.threshold + " --format json");
    EXPECT_EQ(run.exit_code, c.exit_code) << c.target << " --fail-on " << c.threshold << ": " << run.err;
    // The report is complete whether or not the gate trips.
    const auto scan = json::parse(run.out, nullptr, false);
    EXPECT_EQ(scan["summary"]["findings"], c.target == web ? 3 : 2) << c.target << " --fail-on " << c.threshold;
  }
  const auto bad = Vigil("scan " + web + " --fail-on severe");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(Lines(bad.err).size(), 1u) << bad.err;
  EXPECT_NE(bad.err.find("critical"), std::string::npos) << bad.err;
}

TEST_F(ScanCliTest, ABrokenLockfileIsOneErrorLineAndTheOtherFilesAreStillScanned) {
  VIGIL_REQUIRE_CORPUS();
  ASSERT_NO_FATAL_FAILURE(BuildDatabase());
  WriteProject();
  Write(project_ / "broken/package-lock.json", R"({"lockfileVersion": 3, "packages": {"node_modules/x": {"version": )");
  const auto run = Vigil("scan " + ShellQuote(project_) + " --format json");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  const auto lines = Lines(run.err);
  ASSERT_EQ(lines.size(), 1u) << run.err;
  EXPECT_TRUE(lines[0].starts_with("vigil: ")) << lines[0];
  EXPECT_NE(lines[0].find("broken/package-lock.json"), std::string::npos) << lines[0];
  const auto scan = json::parse(run.out);
  EXPECT_EQ(scan["findings"].size(), 5u);
  ASSERT_EQ(scan["issues"].size(), 1u) << run.out;
  EXPECT_TRUE(scan["issues"][0]["path"].get<std::string>().ends_with("broken/package-lock.json"));

  // The report with an issue still validates.
  const auto validated = ScanInEveryFormat(ShellQuote(project_), corpus / "schemas");
  EXPECT_EQ(validated["issues"].size(), 1u);
}

// The error line must name the file so the user can open it: the path as given on the command line
// (or absolute), said once.
TEST_F(ScanCliTest, ABrokenLockfileIsNamedByAPathTheUserCanOpen) {
  WriteProject();
  Write(project_ / "broken/package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {");
  const auto run = Run("cd " + ShellQuote(dir_) + " && VIGIL_HOME=" + ShellQuote(dir_ / "home") +
                       " '" VIGIL_BINARY "' inventory project --format json");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ASSERT_EQ(Lines(run.err).size(), 1u) << run.err;
  const bool opens = run.err.find(" project/broken/package-lock.json") != std::string::npos ||
                     run.err.find((project_ / "broken/package-lock.json").string()) != std::string::npos;
  EXPECT_TRUE(opens) << "the path in the message does not lead to the file from where vigil ran: " << run.err;
  EXPECT_EQ(Occurrences(run.err, "broken/package-lock.json"), 1u) << "the path is repeated: " << run.err;
}

TEST_F(ScanCliTest, UnknownParserIsAUsageErrorListingTheFormats) {
  ASSERT_NO_FATAL_FAILURE(BuildDatabase());
  WriteProject();
  for (const char* command : {"inventory", "scan"}) {
    const auto run = Vigil(std::string(command) + " " + ShellQuote(project_ / "requirements.txt") + " --as no-such-format");
    EXPECT_EQ(run.exit_code, 2) << command;
    ASSERT_EQ(Lines(run.err).size(), 1u) << run.err;
    EXPECT_TRUE(run.err.starts_with("vigil: ")) << run.err;
    for (const char* name :
         {"no-such-format", "requirements.txt", "package-lock.json", "cyclonedx-json", "dpkg-status"}) {
      EXPECT_NE(run.err.find(name), std::string::npos) << name << " not in: " << run.err;
    }
    EXPECT_EQ(run.out, "");
  }
}

TEST_F(ScanCliTest, ScanWithoutDatabaseSaysToRunDbUpdate) {
  WriteProject();
  const auto run = Vigil("scan " + ShellQuote(project_));
  EXPECT_EQ(run.exit_code, 2);
  ASSERT_EQ(Lines(run.err).size(), 1u) << run.err;
  EXPECT_TRUE(run.err.starts_with("vigil: ")) << run.err;
  EXPECT_NE(run.err.find("vigil db update"), std::string::npos) << run.err;
  EXPECT_EQ(run.out, "");
}

// A clean scan is still a valid document in every format.
// OpenVEX needs at least one statement, and a clean scan has nothing to state: vigil writes the
// document with no statements and says so on stderr rather than invent one.
TEST_F(ScanCliTest, EveryFormatOfAScanWithoutFindingsValidatesExceptAnEmptyOpenVex) {
  VIGIL_REQUIRE_CORPUS();
  ASSERT_NO_FATAL_FAILURE(BuildDatabase());
  Write(project_ / "requirements.txt", "six==1.16.0\n");
  RunAndValidate("json", "scan " + ShellQuote(project_) + " --format json", OwnSchema("scan.schema.json"));
  for (const auto& [format, schema] : kFormats) {
    if (std::string_view(format) == "openvex") continue;
    RunAndValidate(format, "scan " + ShellQuote(project_) + " --format " + format, corpus / "schemas" / schema);
  }
  EXPECT_EQ(outputs_["json"]["findings"].size(), 0u);
  EXPECT_EQ(outputs_["json"]["summary"]["packages"], 1);
  const auto openvex = Vigil("scan " + ShellQuote(project_) + " --format openvex");
  EXPECT_EQ(openvex.exit_code, 0) << openvex.err;
  EXPECT_EQ(json::parse(openvex.out)["statements"], json::array());
  EXPECT_NE(openvex.err.find("no statements"), std::string::npos) << openvex.err;
}

// PyPI names are case-insensitive (PEP 503): Jinja2 from installed metadata and jinja2 from a
// requirements file are one package, so one finding — and OpenVEX forbids duplicate statements.
TEST_F(ScanCliTest, OnePackageSpelledTwoWaysIsOneFinding) {
  VIGIL_REQUIRE_CORPUS();
  ASSERT_NO_FATAL_FAILURE(BuildDatabase());
  Write(project_ / "requirements.txt", "jinja2==2.10\n");
  Write(project_ / "lib/site-packages/Jinja2-2.10.dist-info/METADATA",
        "Metadata-Version: 2.1\nName: Jinja2\nVersion: 2.10\n");
  const auto scan = ScanInEveryFormat(ShellQuote(project_), corpus / "schemas");
  EXPECT_EQ(scan["summary"]["packages"], 2);
  EXPECT_EQ(scan["findings"].size(), 1u) << scan["findings"].dump(1);
}

// The validator itself must be able to fail: a report with a field the schema does not define, and
// a CycloneDX licence that is not an SPDX id (resolved through spdx.schema.json beside bom-1.6).
TEST_F(ScanCliTest, ValidatorRejectsDocumentsOutsideTheSchema) {
  VIGIL_REQUIRE_CORPUS();
  ASSERT_NO_FATAL_FAILURE(BuildDatabase());
  WriteProject();
  ASSERT_EQ(
      Vigil("scan " + ShellQuote(project_ / "requirements.txt") + " --format json --output " + ShellQuote(dir_ / "scan.json"))
          .exit_code,
      0);
  auto scan = ReadJson(dir_ / "scan.json");
  scan["findings"][0]["severity"] = "severe";
  Write(dir_ / "bad-scan.json", scan.dump());
  const auto own = Validate(OwnSchema("scan.schema.json"), dir_ / "bad-scan.json");
  EXPECT_EQ(own.exit_code, 1);
  EXPECT_NE(own.out.find("$.findings[0].severity"), std::string::npos) << own.out;

  Write(dir_ / "bad-bom.json",
        R"({"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"x",
            "licenses":[{"license":{"id":"NOT-AN-SPDX-ID"}}]}]})");
  const auto bom = Validate(corpus / "schemas/cyclonedx/bom-1.6.schema.json", dir_ / "bad-bom.json");
  EXPECT_EQ(bom.exit_code, 1) << bom.out << bom.err;
  EXPECT_NE(bom.out.find("$.components[0].licenses"), std::string::npos) << bom.out;
  Write(dir_ / "good-bom.json",
        R"({"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"x",
            "licenses":[{"license":{"id":"MIT"}}]}]})");
  const auto good = Validate(corpus / "schemas/cyclonedx/bom-1.6.schema.json", dir_ / "good-bom.json");
  EXPECT_EQ(good.exit_code, 0) << good.out << good.err;
}

}  // namespace

namespace vex_and_ignores {

constexpr const char* kOpenVex = R"({"@context":"https://openvex.dev/ns/v0.2.0","@id":"https://example.com/vex/1",
  "author":"security@example.com","timestamp":"2026-11-01T00:00:00Z","version":1,
  "statements":[{"vulnerability":{"name":"CVE-2024-1001"},"products":[{"@id":"pkg:pypi/requests@2.19.0"}],
                 "status":"not_affected","justification":"vulnerable_code_not_in_execute_path"}]})";

}  // namespace vex_and_ignores

// A VEX statement clears the critical requests finding (named by an alias): --fail-on critical
// passes, the finding is listed as suppressed, and SARIF keeps it with a suppression.
TEST_F(ScanCliTest, VexStatementsClearFindingsForTheGateAndStayVisibleAsSuppressed) {
  VIGIL_REQUIRE_CORPUS();
  ASSERT_NO_FATAL_FAILURE(BuildDatabase());
  WriteProject();
  const fs::path vex = dir_ / "requests.openvex.json";
  Write(vex, vex_and_ignores::kOpenVex);
  const std::string python = ShellQuote(project_ / "requirements.txt");
  EXPECT_EQ(Vigil("scan " + python + " --fail-on critical --format json").exit_code, 1);
  const auto run = Vigil("scan " + python + " --vex " + ShellQuote(vex) + " --fail-on critical --format json");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  const auto scan = json::parse(run.out);
  ASSERT_EQ(scan["findings"].size(), 1u) << run.out;
  EXPECT_EQ(scan["findings"][0]["package"]["name"], "jinja2");
  ASSERT_EQ(scan["suppressed"].size(), 1u) << run.out;
  EXPECT_EQ(scan["suppressed"][0]["id"], "GHSA-2222-3333-4444");
  EXPECT_EQ(scan["suppressed"][0]["suppressed_by"]["by"], "vex");
  EXPECT_EQ(scan["suppressed"][0]["suppressed_by"]["status"], "not_affected");
  EXPECT_EQ(scan["summary"]["suppressed"], 1);

  RunAndValidate("sarif", "scan " + python + " --vex " + ShellQuote(vex) + " --format sarif",
                 corpus / "schemas" / "sarif-schema-2.1.0.json");
  const auto& results = outputs_["sarif"]["runs"][0]["results"];
  ASSERT_EQ(results.size(), 2u);
  std::size_t suppressed = 0;
  for (const auto& r : results) suppressed += r.contains("suppressions") ? 1 : 0;
  EXPECT_EQ(suppressed, 1u);
  RunAndValidate("openvex", "scan " + python + " --vex " + ShellQuote(vex) + " --format openvex",
                 corpus / "schemas" / "openvex_json_schema.json");
  RunAndValidate("cyclonedx", "scan " + python + " --vex " + ShellQuote(vex) + " --format cyclonedx",
                 corpus / "schemas" / "cyclonedx/bom-1.6.schema.json");
  RunAndValidate("json", "scan " + python + " --vex " + ShellQuote(vex) + " --format json", OwnSchema("scan.schema.json"));
}

// .vigil-ignore.toml in the working directory: a live entry suppresses, an expired one stops
// applying and is reported; an entry without a reason refuses the scan with file and line.
TEST_F(ScanCliTest, IgnoreEntriesNeedAReasonAndStopApplyingWhenTheyExpire) {
  ASSERT_NO_FATAL_FAILURE(BuildDatabase());
  WriteProject();
  Write(dir_ / ".vigil-ignore.toml", R"([[ignore]]
id = "GHSA-5555-6666-7777"
package = "pkg:pypi/jinja2"
reason = "templates are ours; tracked in SEC-12"
expires = 2999-12-31

[[ignore]]
id = "CVE-2024-1001"
reason = "was waiting for the vendor"
expires = 2020-01-01
)");
  const std::string home = "VIGIL_HOME=" + ShellQuote(dir_ / "home") + " ";
  const std::string scan = "cd " + ShellQuote(dir_) + " && " + home + "'" VIGIL_BINARY "' scan " + ShellQuote(project_ / "requirements.txt");
  const auto run = Run(scan + " --format json --fail-on high");
  EXPECT_EQ(run.exit_code, 1) << "the expired entry no longer hides the critical finding: " << run.err;
  const auto report = json::parse(run.out);
  ASSERT_EQ(report["findings"].size(), 1u) << run.out;
  EXPECT_EQ(report["findings"][0]["id"], "GHSA-2222-3333-4444");
  ASSERT_EQ(report["suppressed"].size(), 1u);
  EXPECT_EQ(report["suppressed"][0]["suppressed_by"]["reason"], "templates are ours; tracked in SEC-12");
  ASSERT_EQ(report["expired_ignores"].size(), 1u);
  EXPECT_EQ(report["expired_ignores"][0]["source"], ".vigil-ignore.toml:7");
  EXPECT_NE(run.err.find(".vigil-ignore.toml:7: the ignore entry for CVE-2024-1001 expired on 2020-01-01"), std::string::npos) << run.err;

  Write(dir_ / "no-reason.toml", "[[ignore]]\nid = \"CVE-2024-1001\"\nexpires = 2999-01-01\n");
  const auto refused = Vigil("scan " + ShellQuote(project_ / "requirements.txt") + " --ignore-file " + ShellQuote(dir_ / "no-reason.toml"));
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("no-reason.toml:1: ignore[0]: reason is required"), std::string::npos) << refused.err;
}

// The CycloneDX example pair in the corpus: vex.json states, through a BOM-Link into bom.json, that
// jackson-databind 2.10.0 is not affected by CVE-2020-25649. Only that vulnerability is cleared.
TEST_F(ScanCliTest, TheCorpusCycloneDxVexClearsItsBomLinkedComponent) {
  VIGIL_REQUIRE_CORPUS();
  ASSERT_NO_FATAL_FAILURE(BuildDatabase());
  const fs::path record = dir_ / "more/GHSA-288c-cq4h-88gq.json";
  Write(record, R"({"id":"GHSA-288c-cq4h-88gq","modified":"2024-05-01T00:00:00Z","aliases":["CVE-2020-25649"],
    "affected":[{"package":{"ecosystem":"Maven","name":"com.fasterxml.jackson.core:jackson-databind"},
                 "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"2.10.0"},{"fixed":"2.10.5.1"}]}]}]})");
  ASSERT_EQ(Vigil("db import " + ShellQuote(record)).exit_code, 0);
  const fs::path examples = corpus / "fixtures/vex/cyclonedx";
  const std::string bom = ShellQuote(examples / "bom.json");

  const auto plain = json::parse(Vigil("scan " + bom + " --format json").out);
  std::set<std::string> ids;
  for (const auto& f : plain["findings"]) ids.insert(f["id"].get<std::string>());
  EXPECT_EQ(ids, (std::set<std::string>{"GHSA-288c-cq4h-88gq", "GHSA-cccc-ffff-gggg"})) << plain["findings"].dump(1);

  const auto run = Vigil("scan " + bom + " --vex " + ShellQuote(examples / "vex.json") + " --format json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto scan = json::parse(run.out);
  ASSERT_EQ(scan["findings"].size(), 1u) << run.out;
  EXPECT_EQ(scan["findings"][0]["id"], "GHSA-cccc-ffff-gggg");
  ASSERT_EQ(scan["suppressed"].size(), 1u) << run.out;
  EXPECT_EQ(scan["suppressed"][0]["id"], "GHSA-288c-cq4h-88gq");
  EXPECT_EQ(scan["suppressed"][0]["suppressed_by"]["status"], "not_affected");
  EXPECT_EQ(scan["suppressed"][0]["suppressed_by"]["justification"], "code_not_reachable");
}
