#include <gtest/gtest.h>

#include <string>

#include "knowledge/osv/parser.h"

namespace vigil::knowledge::osv {
namespace {

constexpr std::string_view kFullRecord = R"({
  "schema_version": "1.6.0",
  "id": "GHSA-test-0001",
  "modified": "2024-01-02T03:04:05.678Z",
  "published": "2023-12-31T00:00:00+01:00",
  "withdrawn": "2024-02-01T00:00:00Z",
  "aliases": ["CVE-2024-0001", "PYSEC-2024-1"],
  "upstream": ["CVE-2023-9999"],
  "related": ["GHSA-other-0002"],
  "summary": "A summary with \"quotes\" and \u00e9",
  "details": "Details\nover lines",
  "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
  "affected": [
    {
      "package": {"ecosystem": "PyPI", "name": "example", "purl": "pkg:pypi/example"},
      "severity": [{"type": "Ubuntu", "score": "high"}],
      "ranges": [
        {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.2.3"}],
         "database_specific": {"source": "x"}},
        {"type": "SEMVER", "events": [{"introduced": "1.0.0"}, {"last_affected": "1.4.0"}]},
        {"type": "GIT", "repo": "https://github.com/x/y",
         "events": [{"introduced": "abc"}, {"limit": "def"}]}
      ],
      "versions": ["1.0", "1.1"],
      "ecosystem_specific": {"imports": [{"path": "a", "symbols": ["F"]}]},
      "database_specific": {"cwe_ids": ["CWE-79"]},
      "future_field": {"ignored": true}
    }
  ],
  "references": [{"type": "ADVISORY", "url": "https://example.com/a"}],
  "credits": [{"name": "Alice", "contact": ["mailto:a@example.com"], "type": "FINDER"}],
  "database_specific": {"severity": "HIGH"},
  "unknown_top_level": [1, 2, {"x": null}]
})";

Result<Record> ParseText(std::string_view json) {
  OsvParser parser;
  return parser.Parse(json);
}

std::string ErrorOf(std::string_view json) {
  auto record = ParseText(json);
  if (record) return "parsed";
  return record.error().message;
}

TEST(OsvParser, ParsesEveryFieldOfTheSchema) {
  auto parsed = ParseText(kFullRecord);
  ASSERT_TRUE(parsed) << parsed.error().message;
  const Record& r = *parsed;
  EXPECT_EQ(r.schema_version, "1.6.0");
  EXPECT_EQ(r.id, "GHSA-test-0001");
  EXPECT_EQ(r.modified, "2024-01-02T03:04:05.678Z");
  EXPECT_EQ(r.published, "2023-12-31T00:00:00+01:00");
  EXPECT_EQ(r.withdrawn, "2024-02-01T00:00:00Z");
  EXPECT_EQ(r.aliases, (std::vector<std::string>{"CVE-2024-0001", "PYSEC-2024-1"}));
  EXPECT_EQ(r.upstream, std::vector<std::string>{"CVE-2023-9999"});
  EXPECT_EQ(r.related, std::vector<std::string>{"GHSA-other-0002"});
  EXPECT_EQ(r.summary, "A summary with \"quotes\" and \xc3\xa9");
  EXPECT_EQ(r.details, "Details\nover lines");
  ASSERT_EQ(r.severity.size(), 1u);
  EXPECT_EQ(r.severity[0].type, "CVSS_V3");
  EXPECT_EQ(r.severity[0].score, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  ASSERT_EQ(r.affected.size(), 1u);
  const Affected& a = r.affected[0];
  EXPECT_EQ(a.package.ecosystem, "PyPI");
  EXPECT_EQ(a.package.name, "example");
  EXPECT_EQ(a.package.purl, "pkg:pypi/example");
  ASSERT_EQ(a.severity.size(), 1u);
  EXPECT_EQ(a.severity[0].score, "high");
  ASSERT_EQ(a.ranges.size(), 3u);
  EXPECT_EQ(a.ranges[0].type, RangeType::kEcosystem);
  ASSERT_EQ(a.ranges[0].events.size(), 2u);
  EXPECT_EQ(a.ranges[0].events[0].kind, EventKind::kIntroduced);
  EXPECT_EQ(a.ranges[0].events[0].version, "0");
  EXPECT_EQ(a.ranges[0].events[1].kind, EventKind::kFixed);
  EXPECT_EQ(a.ranges[0].events[1].version, "1.2.3");
  EXPECT_EQ(a.ranges[0].database_specific, R"({"source": "x"})");
  EXPECT_EQ(a.ranges[1].type, RangeType::kSemver);
  EXPECT_EQ(a.ranges[1].events[1].kind, EventKind::kLastAffected);
  EXPECT_EQ(a.ranges[2].type, RangeType::kGit);
  EXPECT_EQ(a.ranges[2].repo, "https://github.com/x/y");
  EXPECT_EQ(a.ranges[2].events[1].kind, EventKind::kLimit);
  EXPECT_EQ(a.ranges[2].events[1].version, "def");
  EXPECT_EQ(a.versions, (std::vector<std::string>{"1.0", "1.1"}));
  EXPECT_EQ(a.ecosystem_specific, R"({"imports": [{"path": "a", "symbols": ["F"]}]})");
  EXPECT_EQ(a.database_specific, R"({"cwe_ids": ["CWE-79"]})");
  ASSERT_EQ(r.references.size(), 1u);
  EXPECT_EQ(r.references[0].type, "ADVISORY");
  EXPECT_EQ(r.references[0].url, "https://example.com/a");
  ASSERT_EQ(r.credits.size(), 1u);
  EXPECT_EQ(r.credits[0].name, "Alice");
  EXPECT_EQ(r.credits[0].contact, std::vector<std::string>{"mailto:a@example.com"});
  EXPECT_EQ(r.credits[0].type, "FINDER");
  EXPECT_EQ(r.database_specific, R"({"severity": "HIGH"})");
}

TEST(OsvParser, MinimalRecordLeavesOptionalFieldsEmpty) {
  auto parsed = ParseText(R"({"id":"X-1","modified":"2024-01-01T00:00:00Z"})");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->id, "X-1");
  EXPECT_TRUE(parsed->published.empty());
  EXPECT_TRUE(parsed->affected.empty());
  EXPECT_TRUE(parsed->database_specific.empty());
}

TEST(OsvParser, PaddedInputParsesInPlaceWithSameResult) {
  std::string buffer(kFullRecord);
  buffer.append(kJsonPadding, ' ');
  OsvParser parser;
  auto in_place = parser.Parse(std::string_view(buffer.data(), kFullRecord.size()), Padding::kPadded);
  ASSERT_TRUE(in_place) << in_place.error().message;
  auto copied = parser.Parse(kFullRecord);
  ASSERT_TRUE(copied);
  EXPECT_EQ(in_place->affected[0].ecosystem_specific, copied->affected[0].ecosystem_specific);
  EXPECT_EQ(in_place->details, copied->details);
}

TEST(OsvParser, ParserIsReusableAfterErrors) {
  OsvParser parser;
  EXPECT_FALSE(parser.Parse("{\"id\":"));
  EXPECT_FALSE(parser.Parse(R"({"id":"A"})"));
  auto ok = parser.Parse(R"({"id":"B","modified":"2024-01-01T00:00:00Z"})");
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->id, "B");
}

TEST(OsvParser, RequiredFieldsAreNamed) {
  EXPECT_EQ(ErrorOf(R"({"modified":"2024-01-01T00:00:00Z"})"), "id: missing");
  EXPECT_EQ(ErrorOf(R"({"id":"","modified":"2024-01-01T00:00:00Z"})"), "id: empty");
  EXPECT_EQ(ErrorOf(R"({"id":"X"})"), "modified: missing");
}

TEST(OsvParser, InvalidTimestampsNameFieldAndValue) {
  EXPECT_EQ(ErrorOf(R"({"id":"X","modified":"2021-13-01"})"),
            "modified: \"2021-13-01\" is not an RFC 3339 timestamp: month out of range at offset 5");
  EXPECT_TRUE(ErrorOf(R"({"id":"X","modified":"2024-01-01T00:00:00Z","published":"yesterday"})")
                  .starts_with("published: \"yesterday\" is not an RFC 3339 timestamp"));
  EXPECT_TRUE(ErrorOf(R"({"id":"X","modified":"2024-01-01T00:00:00Z","withdrawn":"2024-01-01"})")
                  .starts_with("withdrawn: "));
}

std::string WithAffected(std::string_view affected) {
  return std::string(R"({"id":"X","modified":"2024-01-01T00:00:00Z","affected":)") + std::string(affected) +
         "}";
}

TEST(OsvParser, EventAndRangeErrorsNameTheirPath) {
  const std::string good =
      R"({"package":{"ecosystem":"Go","name":"a"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"}]}]})";
  EXPECT_EQ(
      ErrorOf(WithAffected("[" + good + "," + good + "," +
                           R"({"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixd":"1"}]}]}])")),
      "affected[2].ranges[0].events[1]: unknown event \"fixd\"");
  EXPECT_EQ(ErrorOf(WithAffected(R"([{"ranges":[{"type":"NPM","events":[{"introduced":"0"}]}]}])")),
            "affected[0].ranges[0].type: unknown range type \"NPM\"");
  EXPECT_EQ(ErrorOf(WithAffected(R"([{"ranges":[{"events":[{"introduced":"0"}]}]}])")),
            "affected[0].ranges[0].type: missing");
  EXPECT_EQ(ErrorOf(WithAffected(R"([{"ranges":[{"type":"SEMVER"}]}])")),
            "affected[0].ranges[0].events: missing");
  EXPECT_EQ(ErrorOf(WithAffected(R"([{"ranges":[{"type":"SEMVER","events":[]}]}])")),
            "affected[0].ranges[0].events: empty (a range needs at least one event)");
  EXPECT_EQ(ErrorOf(WithAffected(R"([{"ranges":[{"type":"GIT","events":[{"introduced":"0"}]}]}])")),
            "affected[0].ranges[0].repo: missing (required for GIT ranges)");
  EXPECT_EQ(ErrorOf(WithAffected(R"([{"ranges":[{"type":"SEMVER","events":[{}]}]}])")),
            "affected[0].ranges[0].events[0]: empty event");
  EXPECT_EQ(
      ErrorOf(WithAffected(R"([{"ranges":[{"type":"SEMVER","events":[{"introduced":"0","fixed":"1"}]}]}])")),
      "affected[0].ranges[0].events[0]: more than one event in one object");
  EXPECT_EQ(ErrorOf(WithAffected(R"([{"ranges":[{"type":"SEMVER","events":[{"fixed":1}]}]}])")),
            "affected[0].ranges[0].events[0].fixed: expected a string");
}

TEST(OsvParser, NestedRequiredFieldsAndTypes) {
  EXPECT_EQ(ErrorOf(WithAffected(R"([{"package":{"name":"a"}}])")), "affected[0].package.ecosystem: missing");
  EXPECT_EQ(ErrorOf(WithAffected(R"([{"package":{"ecosystem":"Go"}}])")),
            "affected[0].package.name: missing");
  EXPECT_EQ(ErrorOf(WithAffected(R"([{"severity":[{"type":"CVSS_V3"}]}])")),
            "affected[0].severity[0].score: missing");
  EXPECT_EQ(ErrorOf(WithAffected(R"([{"versions":["1", 2]}])")),
            "affected[0].versions[1]: expected a string");
  EXPECT_EQ(ErrorOf(WithAffected(R"([{"ecosystem_specific":[1]}])")),
            "affected[0].ecosystem_specific: expected an object");
  EXPECT_EQ(ErrorOf(WithAffected(R"({"package":{}})")), "affected: expected an array");
  EXPECT_EQ(ErrorOf(R"({"id":"X","modified":"2024-01-01T00:00:00Z","references":[{"url":"u"}]})"),
            "references[0].type: missing");
  EXPECT_EQ(ErrorOf(R"({"id":"X","modified":"2024-01-01T00:00:00Z","credits":[{"contact":[]}]})"),
            "credits[0].name: missing");
  EXPECT_EQ(ErrorOf(R"({"id":7,"modified":"2024-01-01T00:00:00Z"})"), "id: expected a string");
  EXPECT_EQ(ErrorOf(R"(["id"])"), "record: expected a JSON object");
}

TEST(OsvParser, MalformedJsonReportsByteOffset) {
  const std::string truncated = ErrorOf(R"({"id":"X","modified":"2024-01-01T00:00:00Z","aliases":["a",)");
  EXPECT_NE(truncated.find("malformed JSON"), std::string::npos) << truncated;
  const std::string trailing = ErrorOf(R"({"id":"X","modified":"2024-01-01T00:00:00Z"} {})");
  EXPECT_NE(trailing.find("trailing content at byte 45"), std::string::npos) << trailing;
  const std::string garbage = ErrorOf(R"({"id":"X","modified":"2024-01-01T00:00:00Z","aliases":["a" "b"]})");
  EXPECT_NE(garbage.find("malformed JSON"), std::string::npos) << garbage;
  EXPECT_NE(garbage.find("at byte"), std::string::npos) << garbage;
  EXPECT_NE(ErrorOf("").find("malformed JSON"), std::string::npos);
  EXPECT_NE(ErrorOf("\xff\xfe").find("malformed JSON"), std::string::npos);
}

TEST(OsvParser, UnknownFieldsAreIgnoredEvenWhenDeeplyNested) {
  auto parsed = ParseText(R"({"id":"X","x":{"a":[[[{"b":1}]]]},"modified":"2024-01-01T00:00:00Z","y":null})");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->modified, "2024-01-01T00:00:00Z");
}

}  // namespace
}  // namespace vigil::knowledge::osv
