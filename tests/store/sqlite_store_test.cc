// The SQLite store: numbered migrations (an older store is upgraded in place, a newer one is
// refused), write transactions that commit or roll back whole, the append-only audit table, and
// the knowledge methods as before.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "store/store.h"

namespace vigil::store {
namespace {

namespace fs = std::filesystem;

constexpr int kSchemaVersion = 3;

// Runs SQL on the store file directly, as someone with access to it would; returns SQLite's message or "".
std::string ExecRaw(const fs::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  char* message = nullptr;
  std::string error;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK)
    error = message != nullptr ? message : "error";
  sqlite3_free(message);
  sqlite3_close(db);
  return error;
}

std::int64_t QueryInt(const fs::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  std::int64_t value = -1;
  if (sqlite3_step(stmt) == SQLITE_ROW) value = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
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

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vigil-store-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = dir_ / "vigil.db";
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Store> Open() {
    auto store = OpenSqliteStore(path_.string());
    EXPECT_TRUE(store.has_value()) << store.error().message;
    return store ? std::move(*store) : nullptr;
  }

  fs::path dir_;
  fs::path path_;
};

TEST_F(StoreTest, NewStoreIsAtTheNewestSchemaVersion) {
  ASSERT_NE(Open(), nullptr);
  EXPECT_EQ(QueryInt(path_, "PRAGMA user_version"), kSchemaVersion);
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM sqlite_master WHERE name IN ('tokens', 'audit_log')"), 2);
}

TEST_F(StoreTest, StoreWithANewerSchemaIsRefused) {
  ASSERT_NE(Open(), nullptr);
  ASSERT_EQ(ExecRaw(path_, "PRAGMA user_version = " + std::to_string(kSchemaVersion + 1)), "");
  auto store = OpenSqliteStore(path_.string());
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(store.error().message.find("schema version 4 is newer than this vigil supports (3)"), std::string::npos)
      << store.error().message;
  EXPECT_EQ(QueryInt(path_, "PRAGMA user_version"), kSchemaVersion + 1) << "a refused store is left as it was";
}

TEST_F(StoreTest, VersionOneStoreIsMigratedKeepingItsAdvisories) {
  ASSERT_EQ(ExecRaw(path_, R"sql(
      CREATE TABLE advisories (id TEXT PRIMARY KEY, modified TEXT NOT NULL, source TEXT NOT NULL,
                               ecosystems TEXT NOT NULL, json TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE feeds (name TEXT PRIMARY KEY, version TEXT NOT NULL, published TEXT NOT NULL,
                          source TEXT NOT NULL, content BLOB NOT NULL);
      INSERT INTO advisories VALUES ('GHSA-1', '2024-01-01T00:00:00Z', 'PyPI/all.zip', 'PyPI', '{"id":"GHSA-1"}');
      PRAGMA user_version = 1;)sql"),
            "");
  auto store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(QueryInt(path_, "PRAGMA user_version"), kSchemaVersion);
  auto advisory = store->GetAdvisory("GHSA-1");
  ASSERT_TRUE(advisory.has_value());
  ASSERT_TRUE(advisory->has_value());
  EXPECT_EQ((*advisory)->json, R"({"id":"GHSA-1"})");
  auto tokens = store->ListTokens();
  ASSERT_TRUE(tokens.has_value());
  EXPECT_TRUE(tokens->empty());
}

TEST_F(StoreTest, KnowledgeMethodsRoundTrip) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  KnowledgeBatch batch;
  batch.advisories.push_back({"OSV-1", "2024-02-02T00:00:00Z", "src", "npm", "{}"});
  batch.feeds.push_back({"kev", "2024.01.01", "2024-01-01", "kev.json", "{\"k\":1}"});
  ASSERT_TRUE(store->Apply(batch).has_value());
  auto versions = store->AdvisoryVersions();
  ASSERT_TRUE(versions.has_value());
  EXPECT_EQ(versions->at("OSV-1"), "2024-02-02T00:00:00Z");
  auto feed = store->GetFeed("kev");
  ASSERT_TRUE(feed.has_value() && feed->has_value());
  EXPECT_EQ((*feed)->content, "{\"k\":1}");
}

TEST_F(StoreTest, WriteCommitsATokenAndItsAuditEntryTogether) {
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
  digest.fill(8);
  auto missing = store->FindTokenByDigest(digest);
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->has_value());
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM audit_log"), 1);
}

TEST_F(StoreTest, FailedWriteLeavesNothingBehind) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  auto written = store->Write([&](Transaction& tx) -> Result<void> {
    if (auto inserted = tx.InsertToken(SampleToken(1)); !inserted) return std::unexpected(inserted.error());
    if (auto appended = tx.AppendAuditEntry(SampleEntry(1)); !appended) return appended;
    return Fail(ErrorCode::kInvalidArgument, "the change is refused after both writes");
  });
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().message, "the change is refused after both writes");
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM tokens"), 0);
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM audit_log"), 0);
  // The store is usable afterwards: the transaction was closed.
  EXPECT_TRUE(store->Write([](Transaction& tx) { return tx.AppendAuditEntry(SampleEntry(1)); }).has_value());
}

TEST_F(StoreTest, AuditLogIsAppendOnly) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Write([](Transaction& tx) { return tx.AppendAuditEntry(SampleEntry(1)); }).has_value());
  auto again = store->Write([](Transaction& tx) { return tx.AppendAuditEntry(SampleEntry(1)); });
  ASSERT_FALSE(again.has_value()) << "a sequence number is used once";
  store.reset();
  EXPECT_NE(ExecRaw(path_, "UPDATE audit_log SET actor = 'x'").find("append-only"), std::string::npos);
  EXPECT_NE(ExecRaw(path_, "DELETE FROM audit_log").find("append-only"), std::string::npos);
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM audit_log WHERE actor = 'cli:test'"), 1);
}

TEST_F(StoreTest, RevokingSetsTheTimeAndAnUnknownTokenIsNotFound) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store
                  ->Write([](Transaction& tx) -> Result<void> {
                    if (auto r = tx.InsertToken(SampleToken(1)); !r) return std::unexpected(r.error());
                    return tx.SetTokenRevoked(1, 1'800'000'000);
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

}  // namespace
}  // namespace vigil::store
