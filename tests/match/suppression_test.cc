// Suppression: which findings OpenVEX, CycloneDX VEX and ignore entries clear, which they do not,
// expiry, and the errors for malformed documents (file and JSON path or line).
#include "match/suppression.h"

#include <gtest/gtest.h>

#include "core/time.h"

namespace vigil::match {
namespace {

Finding MakeFinding(std::string id, std::vector<std::string> aliases, std::string ecosystem, std::string name, std::string version,
                    std::string purl = "") {
  Finding f;
  f.id = std::move(id);
  f.aliases = std::move(aliases);
  f.ecosystem = std::move(ecosystem);
  f.name = std::move(name);
  f.version = std::move(version);
  f.purl = std::move(purl);
  return f;
}

std::int64_t Day(const char* date) { return *ParseIsoDate(date); }

std::vector<std::string> Ids(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) out.push_back(f.id + "@" + f.name + "@" + f.version);
  return out;
}

std::vector<Finding> SampleFindings() {
  return {MakeFinding("PYSEC-2021-108", {"CVE-2021-33503", "GHSA-q2q7-5pp4-w6pg"}, "PyPI", "urllib3", "1.24.1"),
          MakeFinding("PYSEC-2021-108", {"CVE-2021-33503", "GHSA-q2q7-5pp4-w6pg"}, "PyPI", "urllib3", "1.26.4"),
          MakeFinding("GHSA-jfh8-c2jp-5v3q", {"CVE-2021-44228"}, "Maven", "org.apache.logging.log4j:log4j-core", "2.14.1"),
          MakeFinding("DSA-5000-1", {"CVE-2022-0001"}, "Debian:12", "glibc", "2.36-9",
                      "pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12&upstream=glibc")};
}

TEST(OpenVexTest, NotAffectedClearsTheNamedPackageVersionByAlias) {
  const auto rules = ParseVex(R"({"@context":"https://openvex.dev/ns/v0.2.0","statements":[
    {"vulnerability":{"name":"CVE-2021-33503"},"products":[{"@id":"pkg:pypi/URLLib3@1.24.1"}],
     "status":"not_affected","justification":"vulnerable_code_not_in_execute_path"}]})",
                              "vex.json");
  ASSERT_TRUE(rules) << rules.error().message;
  ASSERT_EQ(rules->size(), 1u);
  EXPECT_EQ((*rules)[0].source, "vex.json: $.statements[0]");
  auto findings = SampleFindings();
  const auto result = Suppress(findings, *rules, Day("2026-11-22"));
  ASSERT_EQ(result.suppressed.size(), 1u);
  EXPECT_EQ(result.suppressed[0].finding.version, "1.24.1");
  EXPECT_EQ(result.suppressed[0].rule.justification, "vulnerable_code_not_in_execute_path");
  EXPECT_EQ(Ids(findings), (std::vector<std::string>{"PYSEC-2021-108@urllib3@1.26.4", "GHSA-jfh8-c2jp-5v3q@org.apache.logging.log4j:log4j-core@2.14.1",
                                                     "DSA-5000-1@glibc@2.36-9"}));
}

TEST(OpenVexTest, SubcomponentsNameThePackagesAndAffectedStatementsClearNothing) {
  const auto rules = ParseVex(R"({"@context":"https://openvex.dev/ns/v0.2.0","statements":[
    {"vulnerability":{"name":"CVE-2021-44228"},"products":[{"@id":"pkg:oci/app@sha256%3Aabc",
      "subcomponents":[{"@id":"pkg:maven/org.apache.logging.log4j/log4j-core"}]}],"status":"fixed"},
    {"vulnerability":{"name":"PYSEC-2021-108"},"products":[{"@id":"pkg:pypi/urllib3"}],"status":"affected"},
    {"vulnerability":{"name":"PYSEC-2021-108"},"products":[{"@id":"pkg:pypi/urllib3"}],"status":"under_investigation"}]})",
                              "vex.json");
  ASSERT_TRUE(rules) << rules.error().message;
  ASSERT_EQ(rules->size(), 1u);
  auto findings = SampleFindings();
  const auto result = Suppress(findings, *rules, Day("2026-11-22"));
  ASSERT_EQ(result.suppressed.size(), 1u);
  EXPECT_EQ(result.suppressed[0].finding.id, "GHSA-jfh8-c2jp-5v3q");
  EXPECT_EQ(findings.size(), 3u);
}

TEST(OpenVexTest, ProductsVigilCannotIdentifyDoNotWidenTheStatement) {
  const auto rules = ParseVex(R"({"@context":"https://openvex.dev/ns/v0.2.0","statements":[
    {"vulnerability":{"name":"CVE-2021-33503"},"products":[{"@id":"https://example.com/product/1"}],"status":"not_affected",
     "justification":"component_not_present"}]})",
                              "vex.json");
  ASSERT_TRUE(rules);
  auto findings = SampleFindings();
  EXPECT_TRUE(Suppress(findings, *rules, Day("2026-11-22")).suppressed.empty());
  EXPECT_EQ(findings.size(), 4u);
}

TEST(OpenVexTest, ADebianBinaryPurlMatchesThroughItsUpstreamOrTheRecordedPurl) {
  const auto rules = ParseVex(R"({"@context":"https://openvex.dev/ns/v0.2.0","statements":[
    {"vulnerability":"CVE-2022-0001","products":["pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12"],"status":"not_affected",
     "impact_statement":"not reachable"}]})",
                              "vex.json");
  ASSERT_TRUE(rules) << rules.error().message;
  auto findings = SampleFindings();
  const auto result = Suppress(findings, *rules, Day("2026-11-22"));
  ASSERT_EQ(result.suppressed.size(), 1u);
  EXPECT_EQ(result.suppressed[0].finding.name, "glibc");
  EXPECT_EQ(result.suppressed[0].rule.reason, "not reachable");
}

TEST(OpenVexTest, MalformedStatementsNameFileAndPath) {
  const auto bad_status = ParseVex(R"({"@context":"https://openvex.dev/ns/v0.2.0","statements":[{"vulnerability":{"name":"X"},"status":"fine"}]})", "v.json");
  ASSERT_FALSE(bad_status);
  EXPECT_EQ(bad_status.error().message, "v.json: $.statements[0].status: \"fine\" is not an OpenVEX status");
  const auto no_name = ParseVex(R"({"@context":"https://openvex.dev/ns/v0.2.0","statements":[{},{"vulnerability":{},"status":"fixed"}]})", "v.json");
  ASSERT_FALSE(no_name);
  EXPECT_EQ(no_name.error().message, "v.json: $.statements[0].status: missing");
  const auto neither = ParseVex(R"({"statements":[]})", "v.json");
  ASSERT_FALSE(neither);
  EXPECT_NE(neither.error().message.find("neither an OpenVEX document"), std::string::npos);
  EXPECT_FALSE(ParseVex("{\"@context\":", "v.json"));
  EXPECT_FALSE(ParseVex(std::string(100000, '['), "v.json"));
}

TEST(CycloneDxVexTest, AnalysisStatesClearThroughBomRefsBomLinksAndPurls) {
  const auto rules = ParseVex(R"({"bomFormat":"CycloneDX","specVersion":"1.6",
    "components":[{"bom-ref":"lib-1","type":"library","name":"urllib3","purl":"pkg:pypi/urllib3@1.26.4"}],
    "vulnerabilities":[
      {"id":"CVE-2021-33503","analysis":{"state":"not_affected","justification":"code_not_reachable"},"affects":[{"ref":"lib-1"}]},
      {"id":"CVE-2021-44228","analysis":{"state":"resolved"},"affects":[{"ref":"urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}]},
      {"id":"CVE-2022-0001","analysis":{"state":"exploitable"},"affects":[{"ref":"x"}]},
      {"id":"PYSEC-2021-108","analysis":{"state":"in_triage"}}]})",
                              "bom.json");
  ASSERT_TRUE(rules) << rules.error().message;
  ASSERT_EQ(rules->size(), 2u);
  auto findings = SampleFindings();
  const auto result = Suppress(findings, *rules, Day("2026-11-22"));
  ASSERT_EQ(result.suppressed.size(), 2u);
  EXPECT_EQ(result.suppressed[0].finding.version, "1.26.4");
  EXPECT_EQ(result.suppressed[1].finding.id, "GHSA-jfh8-c2jp-5v3q");
  EXPECT_EQ(result.suppressed[1].rule.status, "resolved");
  EXPECT_EQ(Ids(findings), (std::vector<std::string>{"PYSEC-2021-108@urllib3@1.24.1", "DSA-5000-1@glibc@2.36-9"}));
}

TEST(CycloneDxVexTest, MalformedAffectsNamesThePath) {
  const auto rules = ParseVex(R"({"bomFormat":"CycloneDX","vulnerabilities":[{"id":"X","analysis":{"state":"not_affected"},"affects":[{"nope":1}]}]})", "b.json");
  ASSERT_FALSE(rules);
  EXPECT_EQ(rules.error().message, "b.json: $.vulnerabilities[0].affects[0].ref: missing");
}

TEST(IgnoreFileTest, EntriesApplyUntilTheirExpiryDayAndAreReportedFromThenOn) {
  const auto rules = ParseIgnoreFile(R"([[ignore]]
id = "CVE-2021-33503"
package = "pkg:pypi/urllib3@1.24.1"
reason = "only talks to our own hosts"
expires = 2026-12-01

[[ignore]]
id = "GHSA-JFH8-C2JP-5V3Q"
reason = "WAF rule in place"
expires = "2026-11-22"
)",
                                     ".vigil-ignore.toml");
  ASSERT_TRUE(rules) << rules.error().message;
  ASSERT_EQ(rules->size(), 2u);
  EXPECT_EQ((*rules)[0].source, ".vigil-ignore.toml:1");
  EXPECT_EQ((*rules)[1].source, ".vigil-ignore.toml:7");

  auto before = SampleFindings();
  const auto on_21st = Suppress(before, *rules, Day("2026-11-21"));
  EXPECT_EQ(on_21st.suppressed.size(), 2u);
  EXPECT_TRUE(on_21st.expired.empty());

  auto on_expiry_day = SampleFindings();
  const auto on_22nd = Suppress(on_expiry_day, *rules, Day("2026-11-22"));
  ASSERT_EQ(on_22nd.suppressed.size(), 1u);
  EXPECT_EQ(on_22nd.suppressed[0].finding.version, "1.24.1");
  ASSERT_EQ(on_22nd.expired.size(), 1u);
  EXPECT_EQ(on_22nd.expired[0].vulnerability, "GHSA-JFH8-C2JP-5V3Q");
  EXPECT_EQ(on_expiry_day.size(), 3u);
}

TEST(IgnoreFileTest, ReasonAndExpiryAreRequiredAndErrorsNameTheLine) {
  const auto no_reason = ParseIgnoreFile("\n[[ignore]]\nid = \"CVE-1\"\nexpires = 2027-01-01\n", "i.toml");
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().message, "i.toml:2: ignore[0]: reason is required: say why this finding can wait");
  const auto blank_reason = ParseIgnoreFile("[[ignore]]\nid = \"CVE-1\"\nreason = \"  \"\nexpires = 2027-01-01\n", "i.toml");
  ASSERT_FALSE(blank_reason);
  const auto no_expiry = ParseIgnoreFile("[[ignore]]\nid = \"CVE-1\"\nreason = \"r\"\n", "i.toml");
  ASSERT_FALSE(no_expiry);
  EXPECT_NE(no_expiry.error().message.find("expires is required"), std::string::npos);
  const auto bad_date = ParseIgnoreFile("[[ignore]]\nid = \"CVE-1\"\nreason = \"r\"\nexpires = \"2027-02-30\"\n", "i.toml");
  ASSERT_FALSE(bad_date);
  EXPECT_TRUE(bad_date.error().message.starts_with("i.toml:4: ignore[0].expires: ")) << bad_date.error().message;
  const auto bad_purl = ParseIgnoreFile("[[ignore]]\nid = \"CVE-1\"\npackage = \"urllib3\"\nreason = \"r\"\nexpires = 2027-01-01\n", "i.toml");
  ASSERT_FALSE(bad_purl);
  EXPECT_TRUE(bad_purl.error().message.starts_with("i.toml:3: ignore[0].package: not a package URL")) << bad_purl.error().message;
  const auto typo = ParseIgnoreFile("[[ignore]]\nid = \"CVE-1\"\nreson = \"r\"\nexpires = 2027-01-01\n", "i.toml");
  ASSERT_FALSE(typo);
  EXPECT_TRUE(typo.error().message.starts_with("i.toml:3: ignore[0].reson: unknown key")) << typo.error().message;
  const auto not_toml = ParseIgnoreFile("[[ignore]\n", "i.toml");
  ASSERT_FALSE(not_toml);
  EXPECT_TRUE(not_toml.error().message.starts_with("i.toml:1: not valid TOML")) << not_toml.error().message;
}

TEST(IgnoreFileTest, AnEntryWithoutPackageCoversEveryPackageWithTheVulnerability) {
  const auto rules = ParseIgnoreFile("[[ignore]]\nid = \"PYSEC-2021-108\"\nreason = \"r\"\nexpires = 2999-01-01\n", "i.toml");
  ASSERT_TRUE(rules);
  auto findings = SampleFindings();
  EXPECT_EQ(Suppress(findings, *rules, Day("2026-11-22")).suppressed.size(), 2u);
  EXPECT_EQ(findings.size(), 2u);
}

}  // namespace
}  // namespace vigil::match
