#include "knowledge/kev.h"

#include <gtest/gtest.h>

#include <string>

namespace vigil::knowledge {
namespace {

std::string Entry(std::string_view cve, std::string_view extra = "") {
  return std::string(R"({"cveID":")") + std::string(cve) +
         R"(","vendorProject":"Apache","product":"Log4j2","vulnerabilityName":"Log4Shell",)"
         R"("dateAdded":"2021-12-10","shortDescription":"JNDI","requiredAction":"Patch","dueDate":"2021-12-24")" +
         std::string(extra) + "}";
}

std::string Catalog(const std::string& entries) {
  return R"({"title":"CISA KEV","catalogVersion":"2025.08.25","dateReleased":"2025-08-25T17:04:19.9796Z",)"
         R"("count":2,"vulnerabilities":[)" +
         entries + "]}";
}

TEST(Kev, ParsesAllFields) {
  auto catalog = ParseKev(
      Catalog(Entry("CVE-2021-44228",
                    R"(,"knownRansomwareCampaignUse":"Known","notes":"n","cwes":["CWE-20","CWE-917"])") +
              "," + Entry("CVE-2023-1234567")));
  ASSERT_TRUE(catalog) << catalog.error().message;
  EXPECT_EQ(catalog->title, "CISA KEV");
  EXPECT_EQ(catalog->catalog_version, "2025.08.25");
  EXPECT_EQ(catalog->date_released, "2025-08-25T17:04:19.9796Z");
  EXPECT_EQ(catalog->count, 2);
  ASSERT_EQ(catalog->vulnerabilities.size(), 2u);
  const KevEntry& e = catalog->vulnerabilities[0];
  EXPECT_EQ(e.cve_id, "CVE-2021-44228");
  EXPECT_EQ(e.vendor_project, "Apache");
  EXPECT_EQ(e.product, "Log4j2");
  EXPECT_EQ(e.vulnerability_name, "Log4Shell");
  EXPECT_EQ(e.date_added, "2021-12-10");
  EXPECT_EQ(e.short_description, "JNDI");
  EXPECT_EQ(e.required_action, "Patch");
  EXPECT_EQ(e.due_date, "2021-12-24");
  EXPECT_EQ(e.known_ransomware_campaign_use, "Known");
  EXPECT_EQ(e.notes, "n");
  EXPECT_EQ(e.cwes, (std::vector<std::string>{"CWE-20", "CWE-917"}));
  EXPECT_TRUE(catalog->vulnerabilities[1].cwes.empty());
  EXPECT_EQ(catalog->skipped, 0u);
}

TEST(Kev, BadEntriesAreSkippedWithTheirPath) {
  std::string missing = Entry("CVE-2021-1111");
  missing.replace(missing.find(R"("cveID":"CVE-2021-1111",)"),
                  std::string(R"("cveID":"CVE-2021-1111",)").size(), "");
  std::string bad_due = Entry("CVE-2021-0003");
  bad_due.replace(bad_due.find("2021-12-24"), 10, "2021-02-30");
  auto catalog = ParseKev(Catalog(Entry("CVE-2021-0001") + "," + missing + "," + Entry("CVE-21-1") + "," +
                                  Entry("CVE-2021-0002", R"(,"cwes":["79"])") + "," + bad_due + ",7," +
                                  Entry("CVE-2021-0004")));
  ASSERT_TRUE(catalog) << catalog.error().message;
  ASSERT_EQ(catalog->vulnerabilities.size(), 2u);
  EXPECT_EQ(catalog->vulnerabilities[1].cve_id, "CVE-2021-0004");
  EXPECT_EQ(catalog->skipped, 5u);
  ASSERT_EQ(catalog->errors.size(), 5u);
  EXPECT_EQ(catalog->errors[0].message, "vulnerabilities[1].cveID: missing");
  EXPECT_EQ(catalog->errors[1].message, "vulnerabilities[2].cveID: \"CVE-21-1\" is not a CVE id");
  EXPECT_EQ(catalog->errors[2].message, "vulnerabilities[3].cwes[0]: \"79\" is not a CWE id");
  EXPECT_TRUE(catalog->errors[3].message.starts_with("vulnerabilities[4].dueDate: \"2021-02-30\""))
      << catalog->errors[3].message;
  EXPECT_EQ(catalog->errors[4].message, "vulnerabilities[5]: expected an object");
}

TEST(Kev, UnusableDocumentsFail) {
  EXPECT_FALSE(ParseKev("{"));
  EXPECT_FALSE(ParseKev("[]"));
  auto no_version = ParseKev(R"({"dateReleased":"2025-08-25T00:00:00Z","count":0,"vulnerabilities":[]})");
  ASSERT_FALSE(no_version);
  EXPECT_EQ(no_version.error().message, "catalogVersion: missing");
  auto bad_count = ParseKev(
      R"({"catalogVersion":"1","dateReleased":"2025-08-25T00:00:00Z","count":"x","vulnerabilities":[]})");
  ASSERT_FALSE(bad_count);
  EXPECT_EQ(bad_count.error().message, "count: expected an integer");
  EXPECT_FALSE(
      ParseKev(R"({"catalogVersion":"1","dateReleased":"2025-08-25","count":0,"vulnerabilities":[]})"));
  EXPECT_FALSE(ParseKev(
      R"({"catalogVersion":"1","dateReleased":"2025-08-25T00:00:00Z","count":0,"vulnerabilities":{}})"));
}

TEST(Kev, DetectionAndCveIds) {
  EXPECT_TRUE(LooksLikeKev(Catalog(Entry("CVE-2021-0001"))));
  EXPECT_FALSE(LooksLikeKev(R"({"id":"GHSA-1","modified":"2024-01-01T00:00:00Z"})"));
  EXPECT_FALSE(LooksLikeKev("cve,epss,percentile\n"));
  EXPECT_TRUE(IsCveId("CVE-2021-44228"));
  EXPECT_TRUE(IsCveId("CVE-2021-1234567890123456789"));
  EXPECT_FALSE(IsCveId("CVE-2021-123"));
  EXPECT_FALSE(IsCveId("CVE-2021-12345678901234567890"));
  EXPECT_FALSE(IsCveId("cve-2021-44228"));
  EXPECT_FALSE(IsCveId("CVE-20X1-44228"));
}

}  // namespace
}  // namespace vigil::knowledge
