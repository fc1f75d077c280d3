// The Store conformance suite: every case runs on SQLite (a file in a temporary directory) and on
// PostgreSQL (a fresh database on the private server of testing/postgres_server.h). Migrations, the
// newer-schema refusal, write transactions, the append-only audit log, tokens, the fleet and the
// knowledge and fleet methods must behave the same on both. Backend-specific cases (concurrent first
// opens, the schema 3 backfill of SQLite) follow the parameterised suite.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "store/store.h"
#include "testing/postgres_server.h"

namespace vigil::store {
namespace {

namespace fs = std::filesystem;

constexpr int kSchemaVersion = 4;

// Raw access to the database under a store, as someone with access to it would have.
class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string Location() const = 0;
  // "" on success, else the database's message.
  virtual std::string Exec(const std::string& sql) = 0;
  // -1 when `sql` yields no row or fails.
  virtual std::int64_t QueryInt(const std::string& sql) = 0;
  virtual std::int64_t SchemaVersion() = 0;
  virtual std::string SetSchemaVersion(std::int64_t version) = 0;
  // Creates the schema of version 1 with one advisory in it.
  virtual std::string SeedVersionOne() = 0;
};

class SqliteBackend final : public Backend {
 public:
  SqliteBackend() {
    static int counter = 0;
    dir_ = fs::temp_directory_path() / ("vigil-store-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  ~SqliteBackend() override { fs::remove_all(dir_); }
  std::string Location() const override { return (dir_ / "vigil.db").string(); }

  std::string Exec(const std::string& sql) override {
    sqlite3* db = nullptr;
    sqlite3_open(Location().c_str(), &db);
    char* message = nullptr;
    std::string error;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) error = message != nullptr ? message : "error";
    sqlite3_free(message);
    sqlite3_close(db);
    return error;
  }

  std::int64_t QueryInt(const std::string& sql) override {
    sqlite3* db = nullptr;
    sqlite3_open(Location().c_str(), &db);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
    std::int64_t value = -1;
    if (stmt != nullptr && sqlite3_step(stmt) == SQLITE_ROW) value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
  }

  std::int64_t SchemaVersion() override { return QueryInt("PRAGMA user_version"); }
  std::string SetSchemaVersion(std::int64_t version) override { return Exec("PRAGMA user_version = " + std::to_string(version)); }
  std::string SeedVersionOne() override {
    return Exec(R"sql(
      CREATE TABLE advisories (id TEXT PRIMARY KEY, modified TEXT NOT NULL, source TEXT NOT NULL,
                               ecosystems TEXT NOT NULL, json TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE feeds (name TEXT PRIMARY KEY, version TEXT NOT NULL, published TEXT NOT NULL,
                          source TEXT NOT NULL, content BLOB NOT NULL);
      INSERT INTO advisories VALUES ('GHSA-1', '2024-01-01T00:00:00Z', 'PyPI/all.zip', 'PyPI', '{"id":"GHSA-1"}');
      PRAGMA user_version = 1;)sql");
  }

 private:
  fs::path dir_;
};

class PostgresBackend final : public Backend {
 public:
  explicit PostgresBackend(std::string url) : url_(std::move(url)) {}
  std::string Location() const override { return url_; }
  std::string Exec(const std::string& sql) override { return testing::ExecSql(url_, sql); }
  std::int64_t QueryInt(const std::string& sql) override { return testing::QueryInt(url_, sql); }
  std::int64_t SchemaVersion() override { return QueryInt("SELECT version FROM schema_version"); }
  std::string SetSchemaVersion(std::int64_t version) override {
    return Exec("UPDATE schema_version SET version = " + std::to_string(version));
  }
  std::string SeedVersionOne() override {
    return Exec(R"sql(
      CREATE TABLE advisories (id TEXT COLLATE "C" PRIMARY KEY, modified TEXT NOT NULL, source TEXT COLLATE "C" NOT NULL,
                               ecosystems TEXT NOT NULL, json TEXT NOT NULL);
      CREATE TABLE feeds (name TEXT COLLATE "C" PRIMARY KEY, version TEXT NOT NULL, published TEXT NOT NULL,
                          source TEXT NOT NULL, content BYTEA NOT NULL);
      INSERT INTO advisories VALUES ('GHSA-1', '2024-01-01T00:00:00Z', 'PyPI/all.zip', 'PyPI', '{"id":"GHSA-1"}');
      CREATE TABLE schema_version (version BIGINT NOT NULL);
      INSERT INTO schema_version VALUES (1);)sql");
  }

 private:
  std::string url_;
};

// The outcome of a write that returns an id, without the id.
Result<void> Discard(const Result<std::int64_t>& result) {
  if (!result) return std::unexpected(result.error());
  return {};
}

// An asset filter; designated initialisers would trip -Wmissing-field-initializers.
AssetFilter Filter(std::optional<std::string> team, std::vector<std::string> customers = {},
                   std::optional<std::string> environment = std::nullopt) {
  AssetFilter filter;
  filter.team = std::move(team);
  filter.customers = std::move(customers);
  filter.environment = std::move(environment);
  return filter;
}

TokenRow SampleToken(std::uint8_t fill) {
  TokenRow row;
  row.name = "ci";
  row.role = "agent";
  row.team = "payments";
  row.secret_sha256.fill(fill);
  row.created = 1'700'000'000;
  return row;
}

AuditEntry SampleEntry(std::int64_t seq) {
  return {seq,          "2024-01-01T00:00:00Z", "cli:test",           "token.create",      "token:1",
          std::nullopt, std::string(64, 'a'),   std::string(64, '0'), std::string(64, 'b')};
}

// Appends the entry after the last one, as audit::Append does: the read and the write must not
// interleave with another writer's.
Result<void> AppendNext(Transaction& tx) {
  auto last = tx.LastAuditEntry();
  if (!last) return std::unexpected(last.error());
  return tx.AppendAuditEntry(SampleEntry(*last ? (*last)->seq + 1 : 1));
}

class StoreConformance : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      backend_ = std::make_unique<SqliteBackend>();
      return;
    }
    auto server = testing::PostgresServer::Shared();
    if (!server) {
      if (testing::RequirePostgres()) FAIL() << "PostgreSQL is required in CI: " << server.error().message;
      GTEST_SKIP() << "no PostgreSQL: " << server.error().message;
    }
    auto url = (*server)->CreateDatabase();
    ASSERT_TRUE(url.has_value()) << url.error().message;
    backend_ = std::make_unique<PostgresBackend>(*url);
  }

  std::unique_ptr<Store> Open() {
    auto store = OpenStore(backend_->Location());
    EXPECT_TRUE(store.has_value()) << store.error().message;
    return store ? std::move(*store) : nullptr;
  }

  std::unique_ptr<Backend> backend_;
};

TEST_P(StoreConformance, NewStoreIsAtTheNewestSchemaVersion) {
  ASSERT_NE(Open(), nullptr);
  EXPECT_EQ(backend_->SchemaVersion(), kSchemaVersion);
  EXPECT_EQ(backend_->QueryInt("SELECT count(*) FROM tokens"), 0);
  EXPECT_EQ(backend_->QueryInt("SELECT count(*) FROM audit_log"), 0);
  ASSERT_NE(Open(), nullptr) << "opening again is a no-op";
  EXPECT_EQ(backend_->SchemaVersion(), kSchemaVersion);
}

TEST_P(StoreConformance, StoreWithANewerSchemaIsRefused) {
  ASSERT_NE(Open(), nullptr);
  ASSERT_EQ(backend_->SetSchemaVersion(kSchemaVersion + 1), "");
  auto store = OpenStore(backend_->Location());
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kFailedPrecondition);
  const std::string expected = "schema version " + std::to_string(kSchemaVersion + 1) +
                               " is newer than this vigil supports (" + std::to_string(kSchemaVersion) + ")";
  EXPECT_NE(store.error().message.find(expected), std::string::npos) << store.error().message;
  EXPECT_EQ(backend_->SchemaVersion(), kSchemaVersion + 1) << "a refused store is left as it was";
}

TEST_P(StoreConformance, VersionOneStoreIsMigratedKeepingItsAdvisories) {
  ASSERT_EQ(backend_->SeedVersionOne(), "");
  auto store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(backend_->SchemaVersion(), kSchemaVersion);
  auto advisory = store->GetAdvisory("GHSA-1");
  ASSERT_TRUE(advisory.has_value());
  ASSERT_TRUE(advisory->has_value());
  EXPECT_EQ((*advisory)->json, R"({"id":"GHSA-1"})");
  auto tokens = store->ListTokens();
  ASSERT_TRUE(tokens.has_value());
  EXPECT_TRUE(tokens->empty());
}

TEST_P(StoreConformance, KnowledgeMethodsRoundTrip) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  KnowledgeBatch batch;
  batch.advisories.push_back({"OSV-1", "2024-02-02T00:00:00Z", "src", "npm", "{}"});
  batch.advisories.push_back({"OSV-1", "2024-03-03T00:00:00Z", "src", "npm", R"({"last":"wins"})"});
  // More than one page of advisories, ids whose byte order differs from a case-folding order.
  for (int i = 0; i < 6000; ++i) {
    batch.advisories.push_back({"a-" + std::to_string(100000 + i), "2024-01-01T00:00:00Z", "bulk", "PyPI",
                                R"({"n":")" + std::to_string(i) + R"(","q":"\"{,}\\"})"});
  }
  batch.advisories.push_back({"Z-1", "2024-01-01T00:00:00Z", "bulk", "Go", "{\"z\":1}"});
  batch.feeds.push_back({"kev", "2024.01.01", "2024-01-01", "kev.json", std::string("{\"k\":1}\0\xff", 9)});
  ASSERT_TRUE(store->Apply(batch).has_value());
  KnowledgeBatch update;
  update.feeds.push_back({"kev", "2024.02.02", "2024-02-02", "kev2.json", "{\"k\":2}"});
  ASSERT_TRUE(store->Apply(update).has_value());

  auto versions = store->AdvisoryVersions();
  ASSERT_TRUE(versions.has_value());
  EXPECT_EQ(versions->size(), 6002u);
  EXPECT_EQ(versions->at("OSV-1"), "2024-03-03T00:00:00Z");
  auto one = store->GetAdvisory("OSV-1");
  ASSERT_TRUE(one.has_value() && one->has_value());
  EXPECT_EQ((*one)->json, R"({"last":"wins"})");
  auto missing = store->GetAdvisory("OSV-404");
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->has_value());

  std::vector<std::string> ids;
  std::size_t with_json = 0;
  auto walked = store->ForEachAdvisory(
      [&](const AdvisoryRow& row) -> Result<void> {
        ids.push_back(row.id);
        const bool wanted = row.id.ends_with('7');
        EXPECT_EQ(row.json.empty(), !wanted) << row.id;
        if (wanted) {
          ++with_json;
          if (row.id == "a-100007") {
            EXPECT_EQ(row.json, R"({"n":"7","q":"\"{,}\\"})");
          }
        }
        return {};
      },
      [](std::string_view id) { return id.ends_with('7'); });
  ASSERT_TRUE(walked.has_value()) << walked.error().message;
  ASSERT_EQ(ids.size(), 6002u);
  EXPECT_EQ(ids.front(), "OSV-1") << "byte order: upper case first";
  EXPECT_EQ(ids[1], "Z-1");
  EXPECT_EQ(ids[2], "a-100000");
  EXPECT_EQ(ids.back(), "a-105999");
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(with_json, 600u);

  auto sources = store->CountAdvisoriesBySource();
  ASSERT_TRUE(sources.has_value());
  ASSERT_EQ(sources->size(), 2u);
  EXPECT_EQ((*sources)[0].source, "bulk");
  EXPECT_EQ((*sources)[0].advisories, 6001u);
  EXPECT_EQ((*sources)[1].source, "src");
  EXPECT_EQ((*sources)[1].advisories, 1u);

  auto feed = store->GetFeed("kev");
  ASSERT_TRUE(feed.has_value() && feed->has_value());
  EXPECT_EQ((*feed)->content, "{\"k\":2}");
  EXPECT_EQ((*feed)->version, "2024.02.02");
  auto none = store->GetFeed("epss");
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(none->has_value());
}

TEST_P(StoreConformance, FeedContentIsKeptByteForByte) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  const std::string content("cve,epss\nCVE-1,0.5\n\0\x01\xfe", 23);
  KnowledgeBatch batch;
  batch.feeds.push_back({"epss", "v2023.03.01", "2024-01-01", "epss.csv.gz", content});
  ASSERT_TRUE(store->Apply(batch).has_value());
  auto feed = store->GetFeed("epss");
  ASSERT_TRUE(feed.has_value() && feed->has_value());
  EXPECT_EQ((*feed)->content, content);
}

TEST_P(StoreConformance, WriteCommitsATokenAndItsAuditEntryTogether) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  std::int64_t id = 0;
  auto written = store->Write([&](Transaction& tx) -> Result<void> {
    auto inserted = tx.InsertToken(SampleToken(7));
    if (!inserted) return std::unexpected(inserted.error());
    id = *inserted;
    return tx.AppendAuditEntry(SampleEntry(1));
  });
  ASSERT_TRUE(written.has_value()) << written.error().message;
  EXPECT_EQ(id, 1);
  std::array<std::uint8_t, 32> digest{};
  digest.fill(7);
  auto found = store->FindTokenByDigest(digest);
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->id, 1);
  EXPECT_EQ((*found)->team, "payments");
  EXPECT_EQ((*found)->customer, std::nullopt);
  EXPECT_EQ((*found)->revoked_at, std::nullopt);
  EXPECT_EQ((*found)->secret_sha256, digest);
  digest.fill(8);
  auto missing = store->FindTokenByDigest(digest);
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->has_value());
  EXPECT_EQ(backend_->QueryInt("SELECT count(*) FROM audit_log"), 1);
}

TEST_P(StoreConformance, FailedWriteLeavesNothingBehind) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  auto written = store->Write([&](Transaction& tx) -> Result<void> {
    if (auto inserted = tx.InsertToken(SampleToken(1)); !inserted) return std::unexpected(inserted.error());
    if (auto appended = tx.AppendAuditEntry(SampleEntry(1)); !appended) return appended;
    return Fail(ErrorCode::kInvalidArgument, "the change is refused after both writes");
  });
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().message, "the change is refused after both writes");
  EXPECT_EQ(backend_->QueryInt("SELECT count(*) FROM tokens"), 0);
  EXPECT_EQ(backend_->QueryInt("SELECT count(*) FROM audit_log"), 0);
  // The store is usable afterwards: the transaction was closed.
  EXPECT_TRUE(store->Write([](Transaction& tx) { return tx.AppendAuditEntry(SampleEntry(1)); }).has_value());
  EXPECT_EQ(backend_->QueryInt("SELECT count(*) FROM audit_log"), 1);
}

TEST_P(StoreConformance, FailedStatementInAWriteRollsBackItsEarlierChanges) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Write([](Transaction& tx) { return tx.AppendAuditEntry(SampleEntry(1)); }).has_value());
  auto written = store->Write([](Transaction& tx) -> Result<void> {
    if (auto inserted = tx.InsertToken(SampleToken(3)); !inserted) return std::unexpected(inserted.error());
    return tx.AppendAuditEntry(SampleEntry(1));  // refused: seq 1 is taken
  });
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(backend_->QueryInt("SELECT count(*) FROM tokens"), 0);
  auto next = store->Write([](Transaction& tx) -> Result<void> {
    if (auto inserted = tx.InsertToken(SampleToken(3)); !inserted) return std::unexpected(inserted.error());
    return AppendNext(tx);
  });
  ASSERT_TRUE(next.has_value()) << next.error().message;
  EXPECT_EQ(backend_->QueryInt("SELECT count(*) FROM tokens"), 1);
  EXPECT_EQ(backend_->QueryInt("SELECT max(seq) FROM audit_log"), 2);
}

TEST_P(StoreConformance, AuditLogIsAppendOnly) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Write([](Transaction& tx) { return tx.AppendAuditEntry(SampleEntry(1)); }).has_value());
  auto again = store->Write([](Transaction& tx) { return tx.AppendAuditEntry(SampleEntry(1)); });
  ASSERT_FALSE(again.has_value()) << "a sequence number is used once";
  store.reset();
  EXPECT_NE(backend_->Exec("UPDATE audit_log SET actor = 'x'").find("append-only"), std::string::npos);
  EXPECT_NE(backend_->Exec("DELETE FROM audit_log").find("append-only"), std::string::npos);
  EXPECT_EQ(backend_->QueryInt("SELECT count(*) FROM audit_log WHERE actor = 'cli:test'"), 1);
}

TEST_P(StoreConformance, AuditEntriesComeBackInSequenceOrder) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  for (int i = 0; i < 12; ++i) ASSERT_TRUE(store->Write(AppendNext).has_value());
  // One entry with both digests absent and one with both present.
  AuditEntry full = SampleEntry(13);
  full.before_sha256 = std::string(64, 'c');
  full.after_sha256.reset();
  ASSERT_TRUE(store->Write([&](Transaction& tx) { return tx.AppendAuditEntry(full); }).has_value());
  std::vector<std::int64_t> seqs;
  auto walked = store->ForEachAuditEntry([&](const AuditEntry& e) -> Result<void> {
    seqs.push_back(e.seq);
    if (e.seq == 13) {
      EXPECT_EQ(e.before_sha256, full.before_sha256);
      EXPECT_EQ(e.after_sha256, std::nullopt);
      EXPECT_EQ(e.hash, full.hash);
    } else {
      EXPECT_EQ(e.before_sha256, std::nullopt);
      EXPECT_EQ(e.after_sha256, std::string(64, 'a'));
      EXPECT_EQ(e.time, "2024-01-01T00:00:00Z");
    }
    return {};
  });
  ASSERT_TRUE(walked.has_value());
  ASSERT_EQ(seqs.size(), 13u);
  for (std::size_t i = 0; i < seqs.size(); ++i) EXPECT_EQ(seqs[i], static_cast<std::int64_t>(i + 1));
  auto page = store->ListAuditEntries(4, 3);
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->size(), 3u);
  EXPECT_EQ((*page)[0].seq, 5);
  EXPECT_EQ((*page)[2].seq, 7);
  auto tail = store->ListAuditEntries(12, 100);
  ASSERT_TRUE(tail.has_value());
  ASSERT_EQ(tail->size(), 1u);
  EXPECT_EQ((*tail)[0].seq, 13);
  EXPECT_EQ((*tail)[0].before_sha256, full.before_sha256);
  EXPECT_EQ((*tail)[0].after_sha256, std::nullopt);
  EXPECT_EQ((*tail)[0].hash, full.hash);
  EXPECT_EQ((*page)[0].object, "token:1");
  EXPECT_EQ((*page)[0].after_sha256, std::string(64, 'a'));
  auto past_end = store->ListAuditEntries(13, 100);
  ASSERT_TRUE(past_end.has_value());
  EXPECT_TRUE(past_end->empty());
  std::optional<AuditEntry> last;
  ASSERT_TRUE(store
                  ->Write([&](Transaction& tx) -> Result<void> {
                    auto read = tx.LastAuditEntry();
                    if (!read) return std::unexpected(read.error());
                    last = *read;
                    return {};
                  })
                  .has_value());
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->seq, 13);
}

TEST_P(StoreConformance, RevokingSetsTheTimeAndAnUnknownTokenIsNotFound) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store
                  ->Write([](Transaction& tx) -> Result<void> {
                    auto id = tx.InsertToken(SampleToken(1));
                    if (!id) return std::unexpected(id.error());
                    return tx.SetTokenRevoked(*id, 1'800'000'000);
                  })
                  .has_value());
  auto tokens = store->ListTokens();
  ASSERT_TRUE(tokens.has_value());
  ASSERT_EQ(tokens->size(), 1u);
  EXPECT_EQ((*tokens)[0].revoked_at, 1'800'000'000);
  auto unknown = store->Write([](Transaction& tx) { return tx.SetTokenRevoked(42, 1); });
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

TEST_P(StoreConformance, TokensAreListedInIdOrderWithEveryField) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  std::vector<std::int64_t> ids;
  TokenRow customer = SampleToken(2);
  customer.name = "portal";
  customer.role = "customer";
  customer.team.reset();
  customer.customer = "acme";
  customer.expires = 1'900'000'000;
  ASSERT_TRUE(store
                  ->Write([&](Transaction& tx) -> Result<void> {
                    for (const auto& row : {SampleToken(1), customer, SampleToken(3)}) {
                      auto id = tx.InsertToken(row);
                      if (!id) return std::unexpected(id.error());
                      ids.push_back(*id);
                    }
                    auto read = tx.GetToken(ids[1]);
                    if (!read) return std::unexpected(read.error());
                    EXPECT_TRUE(read->has_value());
                    if (*read) {
                      EXPECT_EQ((*read)->customer, "acme");
                    }
                    auto absent = tx.GetToken(999);
                    if (!absent) return std::unexpected(absent.error());
                    EXPECT_FALSE(absent->has_value());
                    return {};
                  })
                  .has_value());
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_LT(ids[0], ids[1]);
  EXPECT_LT(ids[1], ids[2]);
  auto tokens = store->ListTokens();
  ASSERT_TRUE(tokens.has_value());
  ASSERT_EQ(tokens->size(), 3u);
  const TokenRow& second = (*tokens)[1];
  EXPECT_EQ(second.id, ids[1]);
  EXPECT_EQ(second.name, "portal");
  EXPECT_EQ(second.role, "customer");
  EXPECT_EQ(second.team, std::nullopt);
  EXPECT_EQ(second.customer, "acme");
  EXPECT_EQ(second.secret_sha256, customer.secret_sha256);
  EXPECT_EQ(second.created, 1'700'000'000);
  EXPECT_EQ(second.expires, 1'900'000'000);
  EXPECT_EQ((*tokens)[2].secret_sha256[31], 3);
  auto duplicate = store->Write([](Transaction& tx) { return Discard(tx.InsertToken(SampleToken(1))); });
  EXPECT_FALSE(duplicate.has_value()) << "a secret digest is stored once";
}

AssetRow SampleAsset(std::string name) {
  AssetRow asset;
  asset.name = std::move(name);
  asset.external_id = "CI-42";
  asset.kind = "host";
  asset.team = "payments";
  asset.customers = {"acme", "globex"};
  asset.environment = "prod";
  asset.internet_exposed = true;
  asset.data_classes = {"cardholder"};
  asset.criticality = 1;
  asset.tags = {"pci", "web\"quoted\\"};
  asset.os_id = "debian";
  asset.os_version = "12";
  asset.os_pretty = "Debian GNU/Linux 12 (bookworm)";
  asset.first_seen = 1'700'000'000;
  asset.last_seen = 1'700'000'100;
  return asset;
}

std::vector<ManifestPackage> SamplePackages(std::size_t count) {
  std::vector<ManifestPackage> packages;
  for (std::size_t i = 0; i < count; ++i) packages.push_back({"Debian", "pkg-" + std::to_string(100000 + i), "1.0-" + std::to_string(i)});
  // Names that need quoting in array literals and COPY-like encodings.
  packages.push_back({"PyPI", "a,b{c}", "\"1\""});
  packages.push_back({"PyPI", "NULL", "back\\slash"});
  packages.push_back({"npm", "@scope/naïve", "1.0.0 beta\ttab"});
  std::sort(packages.begin(), packages.end());
  return packages;
}

Result<void> PutManifest(Store& store, const std::string& digest, const std::vector<ManifestPackage>& packages) {
  return store.Write([&](Transaction& tx) { return tx.InsertManifest(digest, packages, 1'700'000'000); });
}

TEST_P(StoreConformance, AssetsRoundTripWithLabelsInNameOrder) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(PutManifest(*store, "sha256:m1", SamplePackages(2)).has_value());
  std::int64_t id = 0;
  ASSERT_TRUE(store
                  ->Write([&](Transaction& tx) -> Result<void> {
                    AssetRow web = SampleAsset("web-1");
                    web.manifest = "sha256:m1";
                    auto put = tx.PutAsset(web);
                    if (!put) return std::unexpected(put.error());
                    id = *put;
                    for (const char* name : {"b", "B", "_x", "a"}) {
                      AssetRow bare;
                      bare.name = name;
                      if (auto r = tx.PutAsset(bare); !r) return std::unexpected(r.error());
                    }
                    return {};
                  })
                  .has_value());
  AssetRow read;
  ASSERT_TRUE(store
                  ->Write([&](Transaction& tx) -> Result<void> {
                    auto got = tx.GetAssetByName("web-1");
                    if (!got) return std::unexpected(got.error());
                    EXPECT_TRUE(got->has_value());
                    if (*got) read = **got;
                    auto absent = tx.GetAssetByName("web-2");
                    if (!absent) return std::unexpected(absent.error());
                    EXPECT_FALSE(absent->has_value());
                    return {};
                  })
                  .has_value());
  AssetRow expected = SampleAsset("web-1");
  expected.id = id;
  expected.manifest = "sha256:m1";
  std::sort(expected.tags.begin(), expected.tags.end());
  EXPECT_EQ(read.id, expected.id);
  EXPECT_EQ(read.external_id, expected.external_id);
  EXPECT_EQ(read.kind, expected.kind);
  EXPECT_EQ(read.team, expected.team);
  EXPECT_EQ(read.customers, expected.customers);
  EXPECT_EQ(read.environment, expected.environment);
  EXPECT_TRUE(read.internet_exposed);
  EXPECT_EQ(read.data_classes, expected.data_classes);
  EXPECT_EQ(read.criticality, 1);
  EXPECT_EQ(read.tags, expected.tags);
  EXPECT_EQ(read.os_pretty, expected.os_pretty);
  EXPECT_EQ(read.first_seen, expected.first_seen);
  EXPECT_EQ(read.last_seen, expected.last_seen);
  EXPECT_EQ(read.manifest, "sha256:m1");

  // Replacing every field, labels included.
  read.customers = {"initech"};
  read.tags.clear();
  read.internet_exposed = false;
  read.criticality.reset();
  read.environment = "dev";
  ASSERT_TRUE(store->Write([&](Transaction& tx) { return Discard(tx.PutAsset(read)); }).has_value());
  auto assets = store->ListAssets();
  ASSERT_TRUE(assets.has_value());
  std::vector<std::string> names;
  for (const auto& a : *assets) names.push_back(a.name);
  EXPECT_EQ(names, (std::vector<std::string>{"B", "_x", "a", "b", "web-1"})) << "byte order";
  const AssetRow& web = assets->back();
  EXPECT_EQ(web.customers, std::vector<std::string>{"initech"});
  EXPECT_TRUE(web.tags.empty());
  EXPECT_EQ(web.data_classes, std::vector<std::string>{"cardholder"});
  EXPECT_FALSE(web.internet_exposed);
  EXPECT_EQ(web.criticality, std::nullopt);
  EXPECT_EQ(web.environment, "dev");
  EXPECT_TRUE((*assets)[0].customers.empty());

  AssetRow ghost = SampleAsset("ghost");
  ghost.id = 9999;
  auto refused = store->Write([&](Transaction& tx) { return Discard(tx.PutAsset(ghost)); });
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kNotFound);
  AssetRow bad = SampleAsset("bad");
  bad.kind = "toaster";
  EXPECT_FALSE(store->Write([&](Transaction& tx) { return Discard(tx.PutAsset(bad)); }).has_value())
      << "kind is one of host, vm, image, container, service";
}

TEST_P(StoreConformance, ListingAssetsAfterFiltersAndPages) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store
                  ->Write([&](Transaction& tx) -> Result<void> {
                    for (int i = 0; i < 6; ++i) {
                      AssetRow a;
                      a.name = "host-" + std::to_string(i);
                      a.team = i % 2 == 0 ? "payments" : "search";
                      a.environment = i < 3 ? "prod" : "dev";
                      if (i % 3 == 0) a.customers = {"acme", "globex"};
                      if (i % 3 == 1) a.customers = {"acme"};
                      if (auto r = tx.PutAsset(a); !r) return std::unexpected(r.error());
                    }
                    AssetRow bare;  // no team, customers or environment
                    bare.name = "host-6";
                    return Discard(tx.PutAsset(bare));
                  })
                  .has_value());
  const auto names = [&](const AssetFilter& filter, const std::optional<std::string>& after, std::size_t limit) {
    std::vector<std::string> out;
    auto page = store->ListAssetsAfter(filter, after, limit);
    EXPECT_TRUE(page.has_value()) << page.error().message;
    if (page) {
      for (const auto& a : *page) out.push_back(a.name);
    }
    return out;
  };
  using Names = std::vector<std::string>;
  EXPECT_EQ(names({}, std::nullopt, 100), (Names{"host-0", "host-1", "host-2", "host-3", "host-4", "host-5", "host-6"}));
  EXPECT_EQ(names({}, std::nullopt, 2), (Names{"host-0", "host-1"}));
  EXPECT_EQ(names({}, "host-1", 2), (Names{"host-2", "host-3"}));
  EXPECT_EQ(names({}, "host-5", 2), (Names{"host-6"}));
  EXPECT_EQ(names({}, "host-6", 2), Names{});
  EXPECT_EQ(names(Filter("payments"), std::nullopt, 100), (Names{"host-0", "host-2", "host-4"}));
  EXPECT_EQ(names(Filter("payments"), "host-0", 100), (Names{"host-2", "host-4"}));
  EXPECT_EQ(names(Filter(std::nullopt, {"globex"}, "dev"), std::nullopt, 100), (Names{"host-3"}));
  EXPECT_EQ(names(Filter("payments", {}, "dev"), std::nullopt, 100), (Names{"host-4"}));
  EXPECT_EQ(names(Filter(std::nullopt, {"acme"}), std::nullopt, 100), (Names{"host-0", "host-1", "host-3", "host-4"}));
  EXPECT_EQ(names(Filter(std::nullopt, {"globex", "acme"}), "host-0", 100), (Names{"host-3"}));
  EXPECT_EQ(names(Filter(std::nullopt, {"nobody"}), std::nullopt, 100), Names{});
  auto page = store->ListAssetsAfter(Filter(std::nullopt, {"globex"}), std::nullopt, 1);
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].customers, (Names{"acme", "globex"})) << "labels are filled in";
  // The store's filter and AssetFilter::Matches agree on every asset.
  const AssetFilter prod_acme = Filter(std::nullopt, {"acme"}, "prod");
  const Names listed = names(prod_acme, std::nullopt, 100);
  EXPECT_EQ(listed, (Names{"host-0", "host-1"}));
  auto every = store->ListAssets();
  ASSERT_TRUE(every.has_value());
  ASSERT_EQ(every->size(), 7u);
  for (const auto& asset : *every) {
    EXPECT_EQ(prod_acme.Matches(asset), std::find(listed.begin(), listed.end(), asset.name) != listed.end()) << asset.name;
  }
}

TEST_P(StoreConformance, ManifestsAreStoredOnceAndVisitedInDigestOrder) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  // The large manifest spans several pages of a walk.
  const auto large = SamplePackages(12'000);
  const auto small = SamplePackages(3);
  ASSERT_TRUE(PutManifest(*store, "sha256:bb", large).has_value());
  ASSERT_TRUE(PutManifest(*store, "sha256:aa", small).has_value());
  ASSERT_TRUE(PutManifest(*store, "sha256:cc", {}).has_value());
  EXPECT_FALSE(PutManifest(*store, "sha256:aa", small).has_value()) << "a digest is stored once";
  auto count = store->CountManifests();
  ASSERT_TRUE(count.has_value());
  EXPECT_EQ(*count, 3u);
  bool has_aa = false;
  bool has_zz = true;
  ASSERT_TRUE(store
                  ->Write([&](Transaction& tx) -> Result<void> {
                    auto aa = tx.HasManifest("sha256:aa");
                    auto zz = tx.HasManifest("sha256:zz");
                    if (!aa || !zz) return Fail(ErrorCode::kInternal, "HasManifest failed");
                    has_aa = *aa;
                    has_zz = *zz;
                    return {};
                  })
                  .has_value());
  EXPECT_TRUE(has_aa);
  EXPECT_FALSE(has_zz);
  auto got = store->GetManifest("sha256:bb");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, large);
  auto unknown = store->GetManifest("sha256:zz");
  ASSERT_TRUE(unknown.has_value());
  EXPECT_TRUE(unknown->empty());
  std::vector<std::string> digests;
  std::vector<std::vector<ManifestPackage>> seen;
  ASSERT_TRUE(store
                  ->ForEachManifest([&](std::string_view digest, std::span<const ManifestPackage> packages) -> Result<void> {
                    digests.emplace_back(digest);
                    seen.emplace_back(packages.begin(), packages.end());
                    return {};
                  })
                  .has_value());
  // A manifest without packages has no rows to visit.
  EXPECT_EQ(digests, (std::vector<std::string>{"sha256:aa", "sha256:bb"}));
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], small);
  EXPECT_EQ(seen[1], large);
}

TEST_P(StoreConformance, ReportsAreFoundByIdAndStoredOnce) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(PutManifest(*store, "sha256:m", SamplePackages(1)).has_value());
  std::int64_t asset = 0;
  ASSERT_TRUE(store
                  ->Write([&](Transaction& tx) -> Result<void> {
                    auto id = tx.PutAsset(SampleAsset("web-1"));
                    if (!id) return std::unexpected(id.error());
                    asset = *id;
                    return tx.InsertReport({"r-1", asset, "sha256:m", 1'700'000'500});
                  })
                  .has_value());
  std::optional<ReportRow> found;
  bool absent = false;
  ASSERT_TRUE(store
                  ->Write([&](Transaction& tx) -> Result<void> {
                    auto r = tx.GetReport("r-1");
                    auto none = tx.GetReport("r-2");
                    if (!r || !none) return Fail(ErrorCode::kInternal, "GetReport failed");
                    found = *r;
                    absent = !none->has_value();
                    return {};
                  })
                  .has_value());
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->asset_id, asset);
  EXPECT_EQ(found->manifest, "sha256:m");
  EXPECT_EQ(found->received, 1'700'000'500);
  EXPECT_TRUE(absent);
  EXPECT_FALSE(store->Write([&](Transaction& tx) { return tx.InsertReport({"r-1", asset, "sha256:m", 1}); }).has_value());
  EXPECT_FALSE(store->Write([&](Transaction& tx) { return tx.InsertReport({"r-3", asset, "sha256:none", 1}); }).has_value())
      << "a report names a stored manifest";
}

TEST_P(StoreConformance, ManifestHistoryKeepsAppendOrder) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(PutManifest(*store, "sha256:b", SamplePackages(1)).has_value());
  ASSERT_TRUE(PutManifest(*store, "sha256:a", SamplePackages(2)).has_value());
  std::int64_t id = 0;
  ASSERT_TRUE(store
                  ->Write([&](Transaction& tx) -> Result<void> {
                    auto put = tx.PutAsset(SampleAsset("web-1"));
                    if (!put) return std::unexpected(put.error());
                    id = *put;
                    if (auto r = tx.AppendAssetManifest(id, 200, "sha256:b"); !r) return r;
                    if (auto r = tx.AppendAssetManifest(id, 100, "sha256:a"); !r) return r;
                    return tx.AppendAssetManifest(id, 100, "sha256:b");  // same second: append order decides
                  })
                  .has_value());
  std::int64_t other = 0;
  ASSERT_TRUE(store
                  ->Write([&](Transaction& tx) -> Result<void> {
                    auto put = tx.PutAsset(SampleAsset("db-1"));
                    if (!put) return std::unexpected(put.error());
                    other = *put;
                    return tx.AppendAssetManifest(other, 150, "sha256:a");
                  })
                  .has_value());
  auto history = store->ListAssetManifests(id);
  ASSERT_TRUE(history.has_value());
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[0].manifest, "sha256:b");
  EXPECT_EQ((*history)[0].since, 200);
  EXPECT_EQ((*history)[1].manifest, "sha256:a");
  EXPECT_EQ((*history)[2].manifest, "sha256:b");
  auto none = store->ListAssetManifests(id + 100);
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());
  EXPECT_FALSE(store->Write([&](Transaction& tx) { return tx.AppendAssetManifest(id, 1, "sha256:none"); }).has_value());
  // A failed transaction appends nothing; another asset's history is its own.
  EXPECT_FALSE(store
                   ->Write([&](Transaction& tx) -> Result<void> {
                     if (auto r = tx.AppendAssetManifest(other, 300, "sha256:b"); !r) return r;
                     return Fail(ErrorCode::kInternal, "abort");
                   })
                   .has_value());
  auto second = store->ListAssetManifests(other);
  ASSERT_TRUE(second.has_value());
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ((*second)[0].manifest, "sha256:a");
  EXPECT_EQ((*second)[0].since, 150);
  EXPECT_EQ(store->ListAssetManifests(id).value().size(), 3u);
}

TEST_P(StoreConformance, ManifestFindingsAreReplacedKeepingWhenTheyWereFirstKnown) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(PutManifest(*store, "sha256:m", SamplePackages(1)).has_value());
  const FindingKey a{"GHSA-a", "PyPI", "django", "4.2"};
  const FindingKey b{"CVE-b", "npm", "lodash", "4.17.0"};
  const FindingKey c{"GHSA-c", "Debian", "openssl", "3.0.1"};
  const auto replace = [&](std::vector<FindingKey> keys, std::int64_t now) {
    FindingsDiff diff{99, 99};
    auto written = store->Write([&](Transaction& tx) -> Result<void> {
      auto d = tx.ReplaceManifestFindings("sha256:m", keys, now);
      if (!d) return std::unexpected(d.error());
      diff = *d;
      return {};
    });
    EXPECT_TRUE(written.has_value()) << written.error().message;
    return std::pair{diff.added, diff.removed};
  };
  EXPECT_EQ(replace({a, b, a}, 100), (std::pair<std::size_t, std::size_t>{2, 0})) << "duplicates count once";
  EXPECT_EQ(replace({b, a}, 150), (std::pair<std::size_t, std::size_t>{0, 0}));
  EXPECT_EQ(replace({c, b}, 200), (std::pair<std::size_t, std::size_t>{1, 1}));
  auto stored = store->GetManifestFindings("sha256:m");
  ASSERT_TRUE(stored.has_value());
  ASSERT_EQ(stored->size(), 2u);
  EXPECT_EQ((*stored)[0].key, b) << "sorted by key";
  EXPECT_EQ((*stored)[0].since, 100);
  EXPECT_EQ((*stored)[1].key, c);
  EXPECT_EQ((*stored)[1].since, 200);
  auto unrelated = store->GetManifestFindings("sha256:other");
  ASSERT_TRUE(unrelated.has_value());
  EXPECT_TRUE(unrelated->empty());
  // Many findings at once, more than one bulk statement holds.
  std::vector<FindingKey> many;
  for (int i = 0; i < 7000; ++i) many.push_back({"CVE-" + std::to_string(10000 + i), "Debian", "pkg\"x", "1"});
  EXPECT_EQ(replace(many, 300), (std::pair<std::size_t, std::size_t>{7000, 2}));
  EXPECT_EQ(replace({}, 400), (std::pair<std::size_t, std::size_t>{0, 7000}));
  auto empty = store->GetManifestFindings("sha256:m");
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->empty());
}

// Two stores on one database, as two servers would have: each appends after the last entry it
// reads, so any interleaving of those reads and writes would reuse a sequence number and fail.
TEST_P(StoreConformance, TwoStoresOnOneDatabaseDoNotInterleaveAuditAppends) {
  ASSERT_NE(Open(), nullptr);
  constexpr int kWrites = 40;
  std::atomic<int> failures = 0;
  std::string first_error;
  const auto writer = [&] {
    auto store = OpenStore(backend_->Location());
    if (!store) {
      failures += kWrites;
      return;
    }
    for (int i = 0; i < kWrites; ++i) {
      if (auto r = (*store)->Write(AppendNext); !r) {
        if (failures++ == 0) first_error = r.error().message;
      }
    }
  };
  std::thread one(writer);
  std::thread two(writer);
  one.join();
  two.join();
  EXPECT_EQ(failures.load(), 0) << first_error;
  EXPECT_EQ(backend_->QueryInt("SELECT count(*) FROM audit_log"), 2 * kWrites);
  EXPECT_EQ(backend_->QueryInt("SELECT max(seq) FROM audit_log"), 2 * kWrites);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreConformance, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& param) { return param.param; });

// PostgreSQL only: several servers may start at once on a new database; the migration lock lets one
// migrate while the others wait and then find the schema current.
TEST(PostgresStore, ConcurrentFirstOpensMigrateOnce) {
  auto server = testing::PostgresServer::Shared();
  if (!server) {
    if (testing::RequirePostgres()) FAIL() << "PostgreSQL is required in CI: " << server.error().message;
    GTEST_SKIP() << "no PostgreSQL: " << server.error().message;
  }
  auto url = (*server)->CreateDatabase();
  ASSERT_TRUE(url.has_value()) << url.error().message;
  constexpr int kOpeners = 4;
  std::array<std::string, kOpeners> errors;
  std::vector<std::thread> threads;
  for (int i = 0; i < kOpeners; ++i) {
    threads.emplace_back([&, i] {
      auto store = OpenStore(*url);
      if (!store) errors[static_cast<std::size_t>(i)] = store.error().message;
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& e : errors) EXPECT_EQ(e, "");
  EXPECT_EQ(testing::QueryInt(*url, "SELECT version FROM schema_version"), kSchemaVersion);
  EXPECT_EQ(testing::QueryInt(*url, "SELECT count(*) FROM schema_version"), 1);
}

TEST(PostgresStore, PasswordsInUrlsAreNotShownInErrors) {
  // Nothing listens on port 1 of the loopback address, so the connection is refused at once.
  for (const std::string url : {"postgresql://vigil:s3cret-pw@127.0.0.1:1/vigil",
                                "postgres://127.0.0.1:1/vigil?user=vigil&password=s3cret-pw&connect_timeout=5"}) {
    auto store = OpenStore(url);
    ASSERT_FALSE(store.has_value());
    EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(store.error().message.find("s3cret-pw"), std::string::npos) << store.error().message;
    EXPECT_NE(store.error().message.find("***"), std::string::npos) << store.error().message;
    EXPECT_NE(store.error().message.find("cannot connect"), std::string::npos) << store.error().message;
  }
}

TEST(SqliteStore, OpenStoreCreatesTheFileAtAPath) {
  SqliteBackend backend;
  ASSERT_FALSE(fs::exists(backend.Location()));
  auto store = OpenStore(backend.Location());
  ASSERT_TRUE(store.has_value()) << store.error().message;
  EXPECT_TRUE(fs::exists(backend.Location()));
  EXPECT_EQ(backend.SchemaVersion(), kSchemaVersion);
}

// Several processes may run their first vigil command at once on a new $VIGIL_HOME; each must open
// the store (no "database is locked") and exactly one migrates it.
TEST(SqliteStore, ConcurrentFirstOpensOfANewFileMigrateOnce) {
  constexpr int kRounds = 10;
  constexpr int kOpeners = 6;
  for (int round = 0; round < kRounds; ++round) {
    SqliteBackend backend;
    std::array<std::string, kOpeners> errors;
    std::atomic<int> ready = 0;
    std::vector<std::thread> threads;
    for (int i = 0; i < kOpeners; ++i) {
      threads.emplace_back([&, i] {
        // Start together, so that the opens overlap.
        ++ready;
        while (ready.load() < kOpeners) std::this_thread::yield();
        auto store = OpenSqliteStore(backend.Location());
        if (!store) errors[static_cast<std::size_t>(i)] = store.error().message;
      });
    }
    for (auto& t : threads) t.join();
    for (const auto& e : errors) EXPECT_EQ(e, "") << "round " << round;
    EXPECT_EQ(backend.SchemaVersion(), kSchemaVersion);
    // A second migration would have failed on the existing tables; one set of them exists.
    EXPECT_EQ(backend.QueryInt("SELECT count(*) FROM sqlite_master WHERE name = 'asset_manifests'"), 1);
  }
}

// A store of schema 3 gets its asset manifest history from its reports: one entry wherever an
// asset's manifest changed, and an asset with a manifest but no report starts at its first_seen.
TEST(SqliteStore, MigrationBackfillsManifestHistoryFromReports) {
  SqliteBackend backend;
  std::int64_t web = 0;
  std::int64_t db = 0;
  {
    auto opened = OpenStore(backend.Location());
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    Store& store = **opened;
    ASSERT_TRUE(PutManifest(store, "sha256:a", SamplePackages(1)).has_value());
    ASSERT_TRUE(PutManifest(store, "sha256:b", SamplePackages(2)).has_value());
    ASSERT_TRUE(store
                    .Write([&](Transaction& tx) -> Result<void> {
                      auto put = tx.PutAsset(SampleAsset("web-1"));
                      if (!put) return std::unexpected(put.error());
                      web = *put;
                      AssetRow other = SampleAsset("db-1");
                      other.first_seen = 50;
                      other.manifest = "sha256:b";
                      put = tx.PutAsset(other);
                      if (!put) return std::unexpected(put.error());
                      db = *put;
                      for (const auto& [id, manifest, received] :
                           std::vector<std::tuple<std::string, std::string, std::int64_t>>{
                               {"r1", "sha256:a", 10}, {"r2", "sha256:a", 20}, {"r3", "sha256:b", 30}, {"r4", "sha256:a", 40}}) {
                        if (auto r = tx.InsertReport({id, web, manifest, received}); !r) return r;
                      }
                      return {};
                    })
                    .has_value());
  }
  ASSERT_EQ(backend.Exec("DROP TABLE asset_manifests; DROP TABLE manifest_findings; PRAGMA user_version = 3;"), "");
  auto reopened = OpenStore(backend.Location());
  ASSERT_TRUE(reopened.has_value()) << reopened.error().message;
  EXPECT_EQ(backend.SchemaVersion(), kSchemaVersion);
  auto history = (*reopened)->ListAssetManifests(web);
  ASSERT_TRUE(history.has_value());
  ASSERT_EQ(history->size(), 3u) << "r2 repeats r1's manifest";
  EXPECT_EQ((*history)[0].since, 10);
  EXPECT_EQ((*history)[0].manifest, "sha256:a");
  EXPECT_EQ((*history)[1].since, 30);
  EXPECT_EQ((*history)[1].manifest, "sha256:b");
  EXPECT_EQ((*history)[2].since, 40);
  EXPECT_EQ((*history)[2].manifest, "sha256:a");
  auto backfilled = (*reopened)->ListAssetManifests(db);
  ASSERT_TRUE(backfilled.has_value());
  ASSERT_EQ(backfilled->size(), 1u);
  EXPECT_EQ((*backfilled)[0].since, 50);
  EXPECT_EQ((*backfilled)[0].manifest, "sha256:b");
}

}  // namespace
}  // namespace vigil::store
