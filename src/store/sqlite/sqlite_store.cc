// SQLite implementation of Store: one file, WAL journal, foreign keys on, numbered migrations
// tracked in PRAGMA user_version, every multi-row change in one transaction.
#include <sqlite3.h>

#include <array>
#include <utility>

#include "store/store.h"

namespace vigil::store {
namespace {

// Numbered migrations: entry i brings the schema from version i to i + 1. Append only.
constexpr std::array<std::string_view, 1> kMigrations = {
    R"sql(
      CREATE TABLE advisories (
        id TEXT PRIMARY KEY,
        modified TEXT NOT NULL,
        source TEXT NOT NULL,
        ecosystems TEXT NOT NULL,
        json TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE feeds (
        name TEXT PRIMARY KEY,
        version TEXT NOT NULL,
        published TEXT NOT NULL,
        source TEXT NOT NULL,
        content BLOB NOT NULL
      );
    )sql",
};

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql) { sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }
  explicit operator bool() const { return stmt_ != nullptr; }
  sqlite3_stmt* get() const { return stmt_; }
  void Bind(int index, std::string_view text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  }
  std::string_view Column(int index) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
    return text == nullptr ? std::string_view{} : std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)));
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

class SqliteStore final : public Store {
 public:
  SqliteStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;
  ~SqliteStore() override { sqlite3_close(db_); }

  Result<void> Migrate() {
    if (auto r = Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"); !r) return r;
    Statement version(db_, "PRAGMA user_version");
    if (!version || sqlite3_step(version.get()) != SQLITE_ROW) return SqlError("cannot read schema version");
    const auto current = static_cast<std::size_t>(sqlite3_column_int64(version.get(), 0));
    if (current > kMigrations.size()) {
      return Fail(ErrorCode::kFailedPrecondition, path_ + ": store schema version " + std::to_string(current) +
                                                      " is newer than this vigil supports (" +
                                                      std::to_string(kMigrations.size()) + "); upgrade vigil");
    }
    for (std::size_t v = current; v < kMigrations.size(); ++v) {
      const std::string sql = "BEGIN IMMEDIATE;" + std::string(kMigrations[v]) + "PRAGMA user_version=" +
                              std::to_string(v + 1) + "; COMMIT;";
      if (auto r = Exec(sql); !r) {
        static_cast<void>(Exec("ROLLBACK"));
        return r;
      }
    }
    return {};
  }

  Result<std::unordered_map<std::string, std::string>> AdvisoryVersions() override {
    Statement select(db_, "SELECT id, modified FROM advisories");
    if (!select) return SqlError("cannot prepare advisory query");
    std::unordered_map<std::string, std::string> out;
    int rc;
    while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) out.emplace(select.Column(0), select.Column(1));
    if (rc != SQLITE_DONE) return SqlError("cannot read advisories");
    return out;
  }

  Result<void> Apply(const KnowledgeBatch& batch) override {
    if (auto r = Exec("BEGIN IMMEDIATE"); !r) return r;
    auto result = ApplyInTransaction(batch);
    if (!result) {
      static_cast<void>(Exec("ROLLBACK"));
      return result;
    }
    return Exec("COMMIT");
  }

  Result<void> ForEachAdvisory(const std::function<Result<void>(const AdvisoryRow&)>& visit,
                               const WantsJson& wants_json) override {
    Statement select(db_, "SELECT id, modified, source, ecosystems, json FROM advisories ORDER BY id");
    if (!select) return SqlError("cannot prepare advisory query");
    int rc;
    AdvisoryRow row;
    while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) {
      row.id = select.Column(0);
      row.modified = select.Column(1);
      row.source = select.Column(2);
      row.ecosystems = select.Column(3);
      // SQLite reads a row's overflow pages only when the column is fetched.
      if (wants_json(row.id)) {
        row.json = select.Column(4);
      } else {
        row.json.clear();
      }
      if (auto r = visit(row); !r) return r;
    }
    if (rc != SQLITE_DONE) return SqlError("cannot read advisories");
    return {};
  }

  Result<std::optional<AdvisoryRow>> GetAdvisory(std::string_view id) override {
    Statement select(db_, "SELECT id, modified, source, ecosystems, json FROM advisories WHERE id = ?1");
    if (!select) return SqlError("cannot prepare advisory query");
    select.Bind(1, id);
    const int rc = sqlite3_step(select.get());
    if (rc == SQLITE_DONE) return std::nullopt;
    if (rc != SQLITE_ROW) return SqlError("cannot read advisory");
    return AdvisoryRow{std::string(select.Column(0)), std::string(select.Column(1)), std::string(select.Column(2)),
                       std::string(select.Column(3)), std::string(select.Column(4))};
  }

  Result<std::vector<SourceCount>> CountAdvisoriesBySource() override {
    Statement select(db_, "SELECT source, count(*) FROM advisories GROUP BY source ORDER BY source");
    if (!select) return SqlError("cannot prepare source query");
    std::vector<SourceCount> out;
    int rc;
    while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) {
      out.push_back({std::string(select.Column(0)), static_cast<std::uint64_t>(sqlite3_column_int64(select.get(), 1))});
    }
    if (rc != SQLITE_DONE) return SqlError("cannot count advisories");
    return out;
  }

  Result<std::optional<FeedRow>> GetFeed(std::string_view name) override {
    Statement select(db_, "SELECT name, version, published, source, content FROM feeds WHERE name = ?1");
    if (!select) return SqlError("cannot prepare feed query");
    select.Bind(1, name);
    const int rc = sqlite3_step(select.get());
    if (rc == SQLITE_DONE) return std::nullopt;
    if (rc != SQLITE_ROW) return SqlError("cannot read feed");
    return FeedRow{std::string(select.Column(0)), std::string(select.Column(1)), std::string(select.Column(2)),
                   std::string(select.Column(3)), std::string(select.Column(4))};
  }

 private:
  Result<void> ApplyInTransaction(const KnowledgeBatch& batch) {
    Statement upsert(db_,
                     "INSERT INTO advisories (id, modified, source, ecosystems, json) VALUES (?1, ?2, ?3, ?4, ?5) "
                     "ON CONFLICT(id) DO UPDATE SET modified = excluded.modified, source = excluded.source, "
                     "ecosystems = excluded.ecosystems, json = excluded.json");
    if (!upsert) return SqlError("cannot prepare advisory insert");
    for (const auto& row : batch.advisories) {
      upsert.Bind(1, row.id);
      upsert.Bind(2, row.modified);
      upsert.Bind(3, row.source);
      upsert.Bind(4, row.ecosystems);
      upsert.Bind(5, row.json);
      if (sqlite3_step(upsert.get()) != SQLITE_DONE) return SqlError("cannot store advisory " + row.id);
      sqlite3_reset(upsert.get());
    }
    Statement feed(db_, "INSERT OR REPLACE INTO feeds (name, version, published, source, content) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!feed) return SqlError("cannot prepare feed insert");
    for (const auto& row : batch.feeds) {
      feed.Bind(1, row.name);
      feed.Bind(2, row.version);
      feed.Bind(3, row.published);
      feed.Bind(4, row.source);
      sqlite3_bind_blob(feed.get(), 5, row.content.data(), static_cast<int>(row.content.size()), SQLITE_STATIC);
      if (sqlite3_step(feed.get()) != SQLITE_DONE) return SqlError("cannot store feed " + row.name);
      sqlite3_reset(feed.get());
    }
    return {};
  }

  Result<void> Exec(const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      const std::string reason = message != nullptr ? message : "unknown error";
      sqlite3_free(message);
      return Fail(ErrorCode::kUnavailable, path_ + ": " + reason);
    }
    return {};
  }

  std::unexpected<vigil::Error> SqlError(const std::string& what) const {
    return Fail(ErrorCode::kUnavailable, path_ + ": " + what + ": " + sqlite3_errmsg(db_));
  }

  sqlite3* db_;
  std::string path_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    const std::string reason = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Fail(ErrorCode::kUnavailable, path + ": cannot open store: " + reason);
  }
  sqlite3_busy_timeout(db, 5000);
  auto store = std::make_unique<SqliteStore>(db, path);
  if (auto migrated = store->Migrate(); !migrated) return std::unexpected(migrated.error());
  return store;
}

}  // namespace vigil::store
