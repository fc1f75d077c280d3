// Ingest: manifests are content-addressed (one row per distinct package set, whatever the order or
// spelling), a report id is ingested once, invalid reports are refused naming the JSON path and
// change nothing, and every change is in the audit log, whose chain still verifies.
#include "fleet/ingest.h"

#include <gtest/gtest.h>

#include "audit/audit.h"
#include "fleet/manifest.h"
#include "fleet/report.h"
#include "fleet_testing.h"

namespace vigil::fleet {
namespace {

using testing::Pkg;
using testing::ReportText;
using testing::TempStore;

std::vector<store::AuditEntry> AuditLog(store::Store& store) {
  std::vector<store::AuditEntry> out;
  EXPECT_TRUE(store.ForEachAuditEntry([&out](const store::AuditEntry& e) -> Result<void> {
    out.push_back(e);
    return {};
  }));
  return out;
}

TEST(ManifestTest, DigestIgnoresOrderDuplicatesAndNameSpelling) {
  std::vector<store::ManifestPackage> a = {MatchKey("PyPI", "Flask", "", "2.0.0"), MatchKey("npm", "lodash", "", "4.17.20")};
  std::vector<store::ManifestPackage> b = {MatchKey("npm", "lodash", "", "4.17.20"), MatchKey("PyPI", "flask", "", "2.0.0"),
                                           MatchKey("npm", "lodash", "", "4.17.20")};
  SortDistinct(a);
  SortDistinct(b);
  EXPECT_EQ(b.size(), 2u);
  EXPECT_EQ(ManifestDigest(a), ManifestDigest(b));
  std::vector<store::ManifestPackage> c = {MatchKey("PyPI", "flask", "", "2.0.1"), MatchKey("npm", "lodash", "", "4.17.20")};
  SortDistinct(c);
  EXPECT_NE(ManifestDigest(a), ManifestDigest(c));
  EXPECT_EQ(ManifestDigest(a).size(), 64u);
}

TEST(ManifestTest, AlpineKeysOnTheOriginOthersOnTheName) {
  EXPECT_EQ(MatchKey("Alpine:v3.20", "libssl3", "openssl", "3.1.0-r0").name, "openssl");
  EXPECT_EQ(MatchKey("Alpine:v3.20", "musl", "", "1.2.4-r0").name, "musl");
  EXPECT_EQ(MatchKey("Debian:12", "openssl", "openssl-src", "3.0.11-1").name, "openssl");
}

TEST(IngestTest, IdenticalPackageSetsShareOneManifest) {
  TempStore store("share");
  ASSERT_TRUE(store.ok());
  const std::vector<Pkg> packages = {{"PyPI", "flask", "2.0.0"}, {"npm", "lodash", "4.17.20"}, {"Debian:12", "openssl", "3.0.11-1"}};
  const std::vector<Pkg> reordered = {packages[2], packages[0], packages[1], packages[0]};
  auto first = Ingest(*store, ReportText("r-1", "web-1", packages), 1000, "test");
  ASSERT_TRUE(first) << first.error().message;
  auto second = Ingest(*store, ReportText("r-2", "web-2", reordered), 1001, "test");
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(first->status, IngestStatus::kNewAsset);
  EXPECT_TRUE(first->new_manifest);
  EXPECT_EQ(second->status, IngestStatus::kNewAsset);
  EXPECT_FALSE(second->new_manifest);
  EXPECT_EQ(first->manifest, second->manifest);
  EXPECT_EQ(first->packages, 3u);
  EXPECT_EQ(store->CountManifests().value(), 1u);
  auto assets = store->ListAssets();
  ASSERT_TRUE(assets);
  ASSERT_EQ(assets->size(), 2u);
  EXPECT_EQ((*assets)[0].manifest, first->manifest);
  EXPECT_EQ((*assets)[1].manifest, first->manifest);
  auto manifest = store->GetManifest(first->manifest);
  ASSERT_TRUE(manifest);
  ASSERT_EQ(manifest->size(), 3u);
  EXPECT_EQ((*manifest)[0], (store::ManifestPackage{"Debian:12", "openssl", "3.0.11-1"}));
  // What is stored is what was hashed.
  EXPECT_EQ(ManifestDigest(*manifest), first->manifest);
}

TEST(IngestTest, AReportIdIsIngestedOnce) {
  TempStore store("idempotent");
  ASSERT_TRUE(store.ok());
  const std::string report = ReportText("r-1", "web-1", {{"PyPI", "flask", "2.0.0"}}, {{"team", "payments"}});
  auto first = Ingest(*store, report, 1000, "test");
  ASSERT_TRUE(first) << first.error().message;
  const auto entries = AuditLog(*store).size();
  EXPECT_EQ(entries, 3u);  // manifest.create, asset.upsert, report.ingest
  // Resent later, even with other content: nothing changes.
  auto again = Ingest(*store, ReportText("r-1", "web-1", {{"PyPI", "flask", "9.9.9"}}, {{"team", "shop"}}), 2000, "test");
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->status, IngestStatus::kDuplicate);
  EXPECT_EQ(again->manifest, first->manifest);
  EXPECT_EQ(AuditLog(*store).size(), entries);
  EXPECT_EQ(store->CountManifests().value(), 1u);
  auto assets = store->ListAssets();
  ASSERT_TRUE(assets);
  ASSERT_EQ(assets->size(), 1u);
  EXPECT_EQ((*assets)[0].team, "payments");
  EXPECT_EQ((*assets)[0].last_seen, 1000);
}

TEST(IngestTest, StatusSaysWhatChangedAndEveryChangeIsAudited) {
  TempStore store("status");
  ASSERT_TRUE(store.ok());
  ASSERT_EQ(Ingest(*store, ReportText("r-1", "web-1", {{"PyPI", "flask", "2.0.0"}}), 1000, "token:7")->status,
            IngestStatus::kNewAsset);
  auto same = Ingest(*store, ReportText("r-2", "web-1", {{"PyPI", "flask", "2.0.0"}}), 1100, "token:7");
  ASSERT_TRUE(same);
  EXPECT_EQ(same->status, IngestStatus::kManifestUnchanged);
  auto changed = Ingest(*store, ReportText("r-3", "web-1", {{"PyPI", "flask", "2.3.2"}}), 1200, "token:7");
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->status, IngestStatus::kManifestChanged);
  EXPECT_TRUE(changed->new_manifest);
  EXPECT_EQ(changed->previous_manifest, same->manifest);

  auto asset = store->ListAssets().value().at(0);
  EXPECT_EQ(asset.first_seen, 1000);
  EXPECT_EQ(asset.last_seen, 1200);
  EXPECT_EQ(asset.manifest, changed->manifest);
  EXPECT_EQ(asset.kind, "host");  // from the inventory's asset kind
  EXPECT_EQ(asset.os_pretty, "Debian GNU/Linux 12 (bookworm)");

  const auto log = AuditLog(*store);
  std::vector<std::string> actions;
  for (const auto& e : log) actions.push_back(e.action + " " + e.object);
  const std::vector<std::string> expected = {
      "manifest.create manifest:" + same->manifest, "asset.upsert asset:web-1", "report.ingest report:r-1",
      "asset.upsert asset:web-1",                   "report.ingest report:r-2", "manifest.create manifest:" + changed->manifest,
      "asset.upsert asset:web-1",                   "report.ingest report:r-3"};
  EXPECT_EQ(actions, expected);
  EXPECT_EQ(log[0].actor, "token:7");
  EXPECT_FALSE(log[1].before_sha256.has_value()) << "a new asset has no before";
  EXPECT_EQ(log[3].before_sha256, log[1].after_sha256) << "each upsert starts from the state the last one left";
  EXPECT_NE(log[6].before_sha256, log[6].after_sha256);

  auto verified = audit::Verify(*store);
  ASSERT_TRUE(verified);
  EXPECT_FALSE(verified->problem.has_value()) << verified->problem->reason;
  EXPECT_EQ(verified->verified, 8u);
}

TEST(IngestTest, InvalidReportsNameTheJsonPathAndChangeNothing) {
  TempStore store("invalid");
  ASSERT_TRUE(store.ok());
  auto no_packages = nlohmann::json::parse(ReportText("r-1", "web-1", {}));
  no_packages.erase("packages");
  auto bad_package = nlohmann::json::parse(ReportText("r-1", "web-1", {{"PyPI", "flask", "2.0.0"}, {"PyPI", "x", "1"}}));
  bad_package["packages"][1]["name"] = 7;
  auto no_id = nlohmann::json::parse(ReportText("r-1", "web-1", {}));
  no_id.erase("report_id");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{", "$: not valid JSON"},
      {no_id.dump(), "$.report_id: missing"},
      {ReportText("has space", "web-1", {}), "$.report_id: expected 1 to 128 characters"},
      {no_packages.dump(), "$.packages: expected an array"},
      {bad_package.dump(), "$.packages[1].name: expected a string"},
      {ReportText("r-1", "web-1", {}, {{"environment", "production"}}),
       "$.asset_metadata.environment: 'production' is not one of prod, staging, dev"},
      {ReportText("r-1", "web-1", {}, {{"criticality", 5}}), "$.asset_metadata.criticality: 5 is not 1, 2, 3 or 4"},
      {ReportText("r-1", "web-1", {}, {{"customers", "acme"}}), "$.asset_metadata.customers: expected an array of strings"},
  };
  for (const auto& [text, message] : cases) {
    auto result = Ingest(*store, text, 1000, "test");
    ASSERT_FALSE(result) << message;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(result.error().message.starts_with(message)) << result.error().message;
  }
  EXPECT_TRUE(store->ListAssets().value().empty());
  EXPECT_TRUE(AuditLog(*store).empty());
}

TEST(ReportTest, BuildReportAddsIdMetadataAndParsesBack) {
  AssetMetadata metadata;
  metadata.team = "payments";
  metadata.customers = std::vector<std::string>{"beta", "acme"};
  ASSERT_TRUE(Normalize(metadata));
  const std::string inventory = R"({"asset": {"kind": "directory", "name": "/srv/app"}, "os": null,
      "packages": [{"ecosystem": "PyPI", "name": "Flask", "version": "2.0.0"}, {"ecosystem": "", "name": "x", "version": "1"}],
      "issues": []})";
  const std::string id = NewReportId();
  EXPECT_EQ(id.size(), 36u);
  EXPECT_EQ(id[14], '4');
  EXPECT_NE(NewReportId(), id);
  auto built = BuildReport(inventory, id, 0, "", metadata);
  ASSERT_TRUE(built);
  auto parsed = ParseReport(*built);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->report_id, id);
  EXPECT_EQ(parsed->asset_name, "/srv/app");
  EXPECT_EQ(parsed->metadata.team, "payments");
  EXPECT_EQ(parsed->metadata.customers, (std::vector<std::string>{"acme", "beta"}));
  EXPECT_EQ(parsed->listed_packages, 2u);
  ASSERT_EQ(parsed->packages.size(), 1u);  // the one without an ecosystem cannot be matched
  EXPECT_EQ(parsed->packages[0].name, "flask");
  EXPECT_EQ(nlohmann::json::parse(*built)["collected_at"], "1970-01-01T00:00:00Z");
}

}  // namespace
}  // namespace vigil::fleet
