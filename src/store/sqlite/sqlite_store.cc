// SQLite implementation of Store: one file, WAL journal, foreign keys on, numbered migrations
// tracked in PRAGMA user_version, every multi-row change in one transaction.
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <thread>
#include <utility>

#include "store/store.h"

namespace vigil::store {
namespace {

// Numbered migrations: entry i brings the schema from version i to i + 1. Append only.
constexpr std::array<std::string_view, 4> kMigrations = {
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
    // 2: API tokens and the audit log. Tokens are never deleted, so AUTOINCREMENT keeps an id from
    // naming two tokens in the audit log. The triggers stop vigil itself (or a stray statement)
    // from rewriting history; they are no defence against someone who can edit the file, which is
    // what the hash chain is for.
    R"sql(
      CREATE TABLE tokens (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        team TEXT,
        customer TEXT,
        secret_sha256 BLOB NOT NULL UNIQUE CHECK (length(secret_sha256) = 32),
        created INTEGER NOT NULL,
        expires INTEGER,
        revoked_at INTEGER
      );
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        time TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        object TEXT NOT NULL,
        before_sha256 TEXT,
        after_sha256 TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    )sql",
    // 3: the fleet. A manifest is stored once per distinct package set (its digest is its key);
    // assets point at the manifest of their latest report. Customers, data classes and tags are
    // labels, indexed by value for the filters the API will offer.
    R"sql(
      CREATE TABLE manifests (
        digest TEXT PRIMARY KEY,
        packages INTEGER NOT NULL,
        created INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE manifest_packages (
        manifest TEXT NOT NULL REFERENCES manifests(digest),
        ecosystem TEXT NOT NULL,
        name TEXT NOT NULL,
        version TEXT NOT NULL,
        PRIMARY KEY (manifest, ecosystem, name, version)
      ) WITHOUT ROWID;
      CREATE TABLE assets (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        external_id TEXT,
        kind TEXT CHECK (kind IN ('host', 'vm', 'image', 'container', 'service')),
        team TEXT,
        environment TEXT CHECK (environment IN ('prod', 'staging', 'dev')),
        internet_exposed INTEGER NOT NULL DEFAULT 0,
        criticality INTEGER CHECK (criticality BETWEEN 1 AND 4),
        os_id TEXT,
        os_version TEXT,
        os_pretty TEXT,
        first_seen INTEGER,
        last_seen INTEGER,
        manifest TEXT REFERENCES manifests(digest)
      );
      CREATE INDEX assets_team ON assets(team);
      CREATE INDEX assets_manifest ON assets(manifest);
      CREATE TABLE asset_labels (
        asset_id INTEGER NOT NULL REFERENCES assets(id),
        kind TEXT NOT NULL CHECK (kind IN ('customer', 'data_class', 'tag')),
        value TEXT NOT NULL,
        PRIMARY KEY (asset_id, kind, value)
      ) WITHOUT ROWID;
      CREATE INDEX asset_labels_value ON asset_labels(kind, value);
      CREATE TABLE reports (
        report_id TEXT PRIMARY KEY,
        asset_id INTEGER NOT NULL REFERENCES assets(id),
        manifest TEXT NOT NULL REFERENCES manifests(digest),
        received INTEGER NOT NULL
      );
    )sql",
    // 4: findings. Per-asset finding rows would cost far more than the 2 KB per host the fleet
    // allows, so findings are stored per manifest (shared by every asset running it) and each
    // asset keeps only its manifest history, in rowid (append) order. The history is backfilled
    // from the reports, one entry wherever an asset's manifest changed; a manifest's findings
    // need the advisory snapshot and are filled by the next recompute.
    R"sql(
      CREATE TABLE asset_manifests (
        asset_id INTEGER NOT NULL REFERENCES assets(id),
        since INTEGER NOT NULL,
        manifest TEXT NOT NULL REFERENCES manifests(digest)
      );
      CREATE INDEX asset_manifests_asset ON asset_manifests(asset_id);
      INSERT INTO asset_manifests (asset_id, since, manifest)
        SELECT asset_id, received, manifest FROM (
          SELECT asset_id, received, manifest, rowid AS r,
                 lag(manifest) OVER (PARTITION BY asset_id ORDER BY received, rowid) AS previous
          FROM reports)
        WHERE previous IS NULL OR previous <> manifest
        ORDER BY asset_id, received, r;
      INSERT INTO asset_manifests (asset_id, since, manifest)
        SELECT id, coalesce(first_seen, last_seen, 0), manifest FROM assets
        WHERE manifest IS NOT NULL AND id NOT IN (SELECT asset_id FROM asset_manifests);
      CREATE TABLE manifest_findings (
        manifest TEXT NOT NULL REFERENCES manifests(digest),
        vulnerability TEXT NOT NULL,
        ecosystem TEXT NOT NULL,
        name TEXT NOT NULL,
        version TEXT NOT NULL,
        since INTEGER NOT NULL,
        PRIMARY KEY (manifest, vulnerability, ecosystem, name, version)
      ) WITHOUT ROWID;
    )sql",
};

constexpr int kSha256Bytes = 32;
// How long a statement waits for another connection's lock before failing with "database is locked".
constexpr int kBusyTimeoutMs = 5000;

// The prepared statements of one connection, kept from one use to the next (preparing costs more
// than running most of them). Each is lent to one Statement at a time; a second concurrent user of
// the same SQL gets a fresh one. Not thread-safe, like the connection.
class StatementCache {
 public:
  explicit StatementCache(sqlite3* db) : db_(db) {}
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;
  ~StatementCache() { Clear(); }

  sqlite3* db() const { return db_; }

  // Finalizes every idle statement (the connection closes only once none is left).
  void Clear() {
    for (const auto& [sql, stmt] : idle_) sqlite3_finalize(stmt);
    idle_.clear();
  }

  sqlite3_stmt* Take(std::string_view sql) {
    if (const auto it = idle_.find(sql); it != idle_.end()) {
      sqlite3_stmt* stmt = it->second;
      idle_.erase(it);
      return stmt;
    }
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    return stmt;
  }

  void Return(std::string_view sql, sqlite3_stmt* stmt) {
    if (stmt == nullptr) return;
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);  // its text bindings point into the caller's strings
    if (!idle_.emplace(std::string(sql), stmt).second) sqlite3_finalize(stmt);
  }

 private:
  sqlite3* db_;
  std::map<std::string, sqlite3_stmt*, std::less<>> idle_;
};

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql) { sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr); }
  // Borrows the statement from `cache` and gives it back, reset, when destroyed.
  Statement(StatementCache& cache, std::string_view sql) : cache_(&cache), sql_(sql), stmt_(cache.Take(sql)) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() {
    if (cache_ != nullptr) {
      cache_->Return(sql_, stmt_);
    } else {
      sqlite3_finalize(stmt_);
    }
  }
  explicit operator bool() const { return stmt_ != nullptr; }
  sqlite3_stmt* get() const { return stmt_; }
  void Bind(int index, std::string_view text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  }
  void BindOptional(int index, const std::optional<std::string>& text) {
    if (text) {
      Bind(index, *text);
    } else {
      sqlite3_bind_null(stmt_, index);
    }
  }
  void BindInt(int index, std::int64_t value) { sqlite3_bind_int64(stmt_, index, value); }
  void BindOptionalInt(int index, std::optional<std::int64_t> value) {
    if (value) {
      sqlite3_bind_int64(stmt_, index, *value);
    } else {
      sqlite3_bind_null(stmt_, index);
    }
  }
  void BindBlob(int index, std::span<const std::uint8_t> bytes) {
    sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
  }
  std::string_view Column(int index) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
    return text == nullptr ? std::string_view{} : std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)));
  }
  bool IsNull(int index) const { return sqlite3_column_type(stmt_, index) == SQLITE_NULL; }
  std::optional<std::string> OptionalColumn(int index) const {
    if (IsNull(index)) return std::nullopt;
    return std::string(Column(index));
  }
  std::int64_t IntColumn(int index) const { return sqlite3_column_int64(stmt_, index); }
  std::optional<std::int64_t> OptionalIntColumn(int index) const {
    if (IsNull(index)) return std::nullopt;
    return IntColumn(index);
  }

 private:
  StatementCache* cache_ = nullptr;
  std::string sql_;
  sqlite3_stmt* stmt_ = nullptr;
};

std::unexpected<vigil::Error> SqlError(sqlite3* db, const std::string& path, const std::string& what) {
  return Fail(ErrorCode::kUnavailable, path + ": " + what + ": " + sqlite3_errmsg(db));
}

// "SELECT <every token column> FROM tokens" followed by `tail`.
std::string TokenQuery(std::string_view tail) {
  std::string sql = "SELECT id, name, role, team, customer, secret_sha256, created, expires, revoked_at FROM tokens ";
  sql += tail;
  return sql;
}

Result<TokenRow> ReadToken(const Statement& row, const std::string& path) {
  TokenRow token;
  token.id = row.IntColumn(0);
  token.name = row.Column(1);
  token.role = row.Column(2);
  token.team = row.OptionalColumn(3);
  token.customer = row.OptionalColumn(4);
  if (sqlite3_column_bytes(row.get(), 5) != kSha256Bytes) {
    return Fail(ErrorCode::kDataLoss, path + ": token " + std::to_string(token.id) + " has a malformed digest");
  }
  std::memcpy(token.secret_sha256.data(), sqlite3_column_blob(row.get(), 5), kSha256Bytes);
  token.created = row.IntColumn(6);
  token.expires = row.OptionalIntColumn(7);
  token.revoked_at = row.OptionalIntColumn(8);
  return token;
}

// Reads the one row `select` yields, if any.
Result<std::optional<TokenRow>> ReadOneToken(Statement& select, sqlite3* db, const std::string& path) {
  const int rc = sqlite3_step(select.get());
  if (rc == SQLITE_DONE) return std::nullopt;
  if (rc != SQLITE_ROW) return SqlError(db, path, "cannot read token");
  auto token = ReadToken(select, path);
  if (!token) return std::unexpected(token.error());
  return std::move(*token);
}

constexpr std::string_view kAssetColumns =
    "SELECT id, name, external_id, kind, team, environment, internet_exposed, criticality, os_id, os_version, "
    "os_pretty, first_seen, last_seen, manifest FROM assets ";

AssetRow ReadAsset(const Statement& row) {
  AssetRow asset;
  asset.id = row.IntColumn(0);
  asset.name = row.Column(1);
  asset.external_id = row.OptionalColumn(2);
  asset.kind = row.OptionalColumn(3);
  asset.team = row.OptionalColumn(4);
  asset.environment = row.OptionalColumn(5);
  asset.internet_exposed = row.IntColumn(6) != 0;
  asset.criticality = row.OptionalIntColumn(7);
  asset.os_id = row.OptionalColumn(8);
  asset.os_version = row.OptionalColumn(9);
  asset.os_pretty = row.OptionalColumn(10);
  asset.first_seen = row.OptionalIntColumn(11);
  asset.last_seen = row.OptionalIntColumn(12);
  asset.manifest = row.OptionalColumn(13);
  return asset;
}

// Fills the label lists of `assets` from asset_labels (all rows, or those of one asset).
Result<void> ReadLabels(StatementCache& statements, const std::string& path, std::vector<AssetRow>& assets) {
  sqlite3* db = statements.db();
  std::unordered_map<std::int64_t, AssetRow*> by_id;
  for (auto& a : assets) by_id.emplace(a.id, &a);
  Statement select(statements, assets.size() == 1 ? "SELECT asset_id, kind, value FROM asset_labels WHERE asset_id = ?1 ORDER BY kind, value"
                                          : "SELECT asset_id, kind, value FROM asset_labels ORDER BY asset_id, kind, value");
  if (!select) return SqlError(db, path, "cannot prepare label query");
  if (assets.size() == 1) select.BindInt(1, assets[0].id);
  int rc;
  while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) {
    const auto it = by_id.find(select.IntColumn(0));
    if (it == by_id.end()) continue;
    const auto kind = select.Column(1);
    auto& list = kind == "customer" ? it->second->customers : kind == "data_class" ? it->second->data_classes : it->second->tags;
    list.emplace_back(select.Column(2));
  }
  if (rc != SQLITE_DONE) return SqlError(db, path, "cannot read asset labels");
  return {};
}

Result<std::vector<ManifestPackage>> ReadManifest(sqlite3* db, const std::string& path, std::string_view digest) {
  Statement select(db, "SELECT ecosystem, name, version FROM manifest_packages WHERE manifest = ?1 ORDER BY ecosystem, name, version");
  if (!select) return SqlError(db, path, "cannot prepare manifest query");
  select.Bind(1, digest);
  std::vector<ManifestPackage> out;
  int rc;
  while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) {
    out.push_back({std::string(select.Column(0)), std::string(select.Column(1)), std::string(select.Column(2))});
  }
  if (rc != SQLITE_DONE) return SqlError(db, path, "cannot read manifest");
  return out;
}

Result<std::vector<ManifestFindingRow>> ReadManifestFindings(sqlite3* db, const std::string& path, std::string_view digest) {
  Statement select(db,
                   "SELECT vulnerability, ecosystem, name, version, since FROM manifest_findings WHERE manifest = ?1 "
                   "ORDER BY vulnerability, ecosystem, name, version");
  if (!select) return SqlError(db, path, "cannot prepare findings query");
  select.Bind(1, digest);
  std::vector<ManifestFindingRow> out;
  int rc;
  while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) {
    out.push_back({{std::string(select.Column(0)), std::string(select.Column(1)), std::string(select.Column(2)),
                    std::string(select.Column(3))},
                   select.IntColumn(4)});
  }
  if (rc != SQLITE_DONE) return SqlError(db, path, "cannot read the findings of a manifest");
  return out;
}

class SqliteTransaction final : public Transaction {
 public:
  SqliteTransaction(StatementCache& statements, const std::string& path)
      : db_(statements.db()), statements_(statements), path_(path) {}

  Result<std::int64_t> InsertToken(const TokenRow& row) override {
    Statement insert(statements_,
                     "INSERT INTO tokens (name, role, team, customer, secret_sha256, created, expires, revoked_at) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!insert) return SqlError(db_, path_, "cannot prepare token insert");
    insert.Bind(1, row.name);
    insert.Bind(2, row.role);
    insert.BindOptional(3, row.team);
    insert.BindOptional(4, row.customer);
    insert.BindBlob(5, row.secret_sha256);
    insert.BindInt(6, row.created);
    insert.BindOptionalInt(7, row.expires);
    insert.BindOptionalInt(8, row.revoked_at);
    if (sqlite3_step(insert.get()) != SQLITE_DONE) return SqlError(db_, path_, "cannot store token");
    return sqlite3_last_insert_rowid(db_);
  }

  Result<std::optional<TokenRow>> GetToken(std::int64_t id) override {
    Statement select(statements_, TokenQuery("WHERE id = ?1"));
    if (!select) return SqlError(db_, path_, "cannot prepare token query");
    select.BindInt(1, id);
    return ReadOneToken(select, db_, path_);
  }

  Result<void> SetTokenRevoked(std::int64_t id, std::int64_t revoked_at) override {
    Statement update(statements_, "UPDATE tokens SET revoked_at = ?2 WHERE id = ?1");
    if (!update) return SqlError(db_, path_, "cannot prepare token update");
    update.BindInt(1, id);
    update.BindInt(2, revoked_at);
    if (sqlite3_step(update.get()) != SQLITE_DONE) return SqlError(db_, path_, "cannot revoke token");
    if (sqlite3_changes(db_) != 1) return Fail(ErrorCode::kNotFound, "token " + std::to_string(id) + " does not exist");
    return {};
  }

  Result<std::optional<AuditEntry>> LastAuditEntry() override {
    Statement select(statements_,
                     "SELECT seq, time, actor, action, object, before_sha256, after_sha256, prev_hash, hash "
                     "FROM audit_log ORDER BY seq DESC LIMIT 1");
    if (!select) return SqlError(db_, path_, "cannot prepare audit query");
    const int rc = sqlite3_step(select.get());
    if (rc == SQLITE_DONE) return std::nullopt;
    if (rc != SQLITE_ROW) return SqlError(db_, path_, "cannot read the audit log");
    return ReadAuditEntry(select);
  }

  Result<void> AppendAuditEntry(const AuditEntry& entry) override {
    Statement insert(statements_,
                     "INSERT INTO audit_log (seq, time, actor, action, object, before_sha256, after_sha256, prev_hash, "
                     "hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!insert) return SqlError(db_, path_, "cannot prepare audit insert");
    insert.BindInt(1, entry.seq);
    insert.Bind(2, entry.time);
    insert.Bind(3, entry.actor);
    insert.Bind(4, entry.action);
    insert.Bind(5, entry.object);
    insert.BindOptional(6, entry.before_sha256);
    insert.BindOptional(7, entry.after_sha256);
    insert.Bind(8, entry.prev_hash);
    insert.Bind(9, entry.hash);
    if (sqlite3_step(insert.get()) != SQLITE_DONE) {
      return SqlError(db_, path_, "cannot append audit entry " + std::to_string(entry.seq));
    }
    return {};
  }

  Result<std::optional<AssetRow>> GetAssetByName(std::string_view name) override {
    Statement select(statements_, std::string(kAssetColumns) + "WHERE name = ?1");
    if (!select) return SqlError(db_, path_, "cannot prepare asset query");
    select.Bind(1, name);
    const int rc = sqlite3_step(select.get());
    if (rc == SQLITE_DONE) return std::nullopt;
    if (rc != SQLITE_ROW) return SqlError(db_, path_, "cannot read asset");
    std::vector<AssetRow> one = {ReadAsset(select)};
    if (auto r = ReadLabels(statements_, path_, one); !r) return std::unexpected(r.error());
    return std::move(one[0]);
  }

  Result<std::int64_t> PutAsset(const AssetRow& row) override {
    Statement put(statements_, row.id == 0
                           ? "INSERT INTO assets (name, external_id, kind, team, environment, internet_exposed, criticality, "
                             "os_id, os_version, os_pretty, first_seen, last_seen, manifest) "
                             "VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
                           : "UPDATE assets SET name = ?2, external_id = ?3, kind = ?4, team = ?5, environment = ?6, "
                             "internet_exposed = ?7, criticality = ?8, os_id = ?9, os_version = ?10, os_pretty = ?11, "
                             "first_seen = ?12, last_seen = ?13, manifest = ?14 WHERE id = ?1");
    if (!put) return SqlError(db_, path_, "cannot prepare asset write");
    if (row.id != 0) put.BindInt(1, row.id);
    put.Bind(2, row.name);
    put.BindOptional(3, row.external_id);
    put.BindOptional(4, row.kind);
    put.BindOptional(5, row.team);
    put.BindOptional(6, row.environment);
    put.BindInt(7, row.internet_exposed ? 1 : 0);
    put.BindOptionalInt(8, row.criticality);
    put.BindOptional(9, row.os_id);
    put.BindOptional(10, row.os_version);
    put.BindOptional(11, row.os_pretty);
    put.BindOptionalInt(12, row.first_seen);
    put.BindOptionalInt(13, row.last_seen);
    put.BindOptional(14, row.manifest);
    if (sqlite3_step(put.get()) != SQLITE_DONE) return SqlError(db_, path_, "cannot store asset " + row.name);
    const std::int64_t id = row.id == 0 ? sqlite3_last_insert_rowid(db_) : row.id;
    if (row.id != 0 && sqlite3_changes(db_) != 1) return Fail(ErrorCode::kNotFound, "asset " + std::to_string(id) + " does not exist");
    Statement clear(statements_, "DELETE FROM asset_labels WHERE asset_id = ?1");
    if (!clear) return SqlError(db_, path_, "cannot prepare label delete");
    clear.BindInt(1, id);
    if (sqlite3_step(clear.get()) != SQLITE_DONE) return SqlError(db_, path_, "cannot replace labels of asset " + row.name);
    Statement label(statements_, "INSERT OR IGNORE INTO asset_labels (asset_id, kind, value) VALUES (?1, ?2, ?3)");
    if (!label) return SqlError(db_, path_, "cannot prepare label insert");
    const std::pair<std::string_view, const std::vector<std::string>*> lists[] = {
        {"customer", &row.customers}, {"data_class", &row.data_classes}, {"tag", &row.tags}};
    for (const auto& [kind, values] : lists) {
      for (const auto& value : *values) {
        label.BindInt(1, id);
        label.Bind(2, kind);
        label.Bind(3, value);
        if (sqlite3_step(label.get()) != SQLITE_DONE) return SqlError(db_, path_, "cannot store labels of asset " + row.name);
        sqlite3_reset(label.get());
      }
    }
    return id;
  }

  Result<bool> HasManifest(std::string_view digest) override {
    Statement select(statements_, "SELECT 1 FROM manifests WHERE digest = ?1");
    if (!select) return SqlError(db_, path_, "cannot prepare manifest query");
    select.Bind(1, digest);
    const int rc = sqlite3_step(select.get());
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return SqlError(db_, path_, "cannot read manifests");
    return rc == SQLITE_ROW;
  }

  Result<void> InsertManifest(std::string_view digest, std::span<const ManifestPackage> packages,
                              std::int64_t created) override {
    Statement manifest(statements_, "INSERT INTO manifests (digest, packages, created) VALUES (?1, ?2, ?3)");
    if (!manifest) return SqlError(db_, path_, "cannot prepare manifest insert");
    manifest.Bind(1, digest);
    manifest.BindInt(2, static_cast<std::int64_t>(packages.size()));
    manifest.BindInt(3, created);
    if (sqlite3_step(manifest.get()) != SQLITE_DONE) return SqlError(db_, path_, "cannot store manifest");
    Statement insert(statements_, "INSERT INTO manifest_packages (manifest, ecosystem, name, version) VALUES (?1, ?2, ?3, ?4)");
    if (!insert) return SqlError(db_, path_, "cannot prepare manifest insert");
    for (const auto& p : packages) {
      insert.Bind(1, digest);
      insert.Bind(2, p.ecosystem);
      insert.Bind(3, p.name);
      insert.Bind(4, p.version);
      if (sqlite3_step(insert.get()) != SQLITE_DONE) return SqlError(db_, path_, "cannot store manifest package " + p.name);
      sqlite3_reset(insert.get());
    }
    return {};
  }

  Result<std::optional<ReportRow>> GetReport(std::string_view report_id) override {
    Statement select(statements_, "SELECT report_id, asset_id, manifest, received FROM reports WHERE report_id = ?1");
    if (!select) return SqlError(db_, path_, "cannot prepare report query");
    select.Bind(1, report_id);
    const int rc = sqlite3_step(select.get());
    if (rc == SQLITE_DONE) return std::nullopt;
    if (rc != SQLITE_ROW) return SqlError(db_, path_, "cannot read report");
    return ReportRow{std::string(select.Column(0)), select.IntColumn(1), std::string(select.Column(2)), select.IntColumn(3)};
  }

  Result<void> InsertReport(const ReportRow& row) override {
    Statement insert(statements_, "INSERT INTO reports (report_id, asset_id, manifest, received) VALUES (?1, ?2, ?3, ?4)");
    if (!insert) return SqlError(db_, path_, "cannot prepare report insert");
    insert.Bind(1, row.report_id);
    insert.BindInt(2, row.asset_id);
    insert.Bind(3, row.manifest);
    insert.BindInt(4, row.received);
    if (sqlite3_step(insert.get()) != SQLITE_DONE) return SqlError(db_, path_, "cannot store report " + row.report_id);
    return {};
  }

  Result<void> AppendAssetManifest(std::int64_t asset_id, std::int64_t since, std::string_view manifest) override {
    Statement insert(statements_, "INSERT INTO asset_manifests (asset_id, since, manifest) VALUES (?1, ?2, ?3)");
    if (!insert) return SqlError(db_, path_, "cannot prepare manifest history insert");
    insert.BindInt(1, asset_id);
    insert.BindInt(2, since);
    insert.Bind(3, manifest);
    if (sqlite3_step(insert.get()) != SQLITE_DONE) return SqlError(db_, path_, "cannot store manifest history");
    return {};
  }

  Result<FindingsDiff> ReplaceManifestFindings(std::string_view manifest, std::span<const FindingKey> findings,
                                               std::int64_t now) override {
    auto stored = ReadManifestFindings(db_, path_, manifest);
    if (!stored) return std::unexpected(stored.error());
    std::vector<const FindingKey*> wanted;
    wanted.reserve(findings.size());
    for (const auto& f : findings) wanted.push_back(&f);
    std::sort(wanted.begin(), wanted.end(), [](const FindingKey* a, const FindingKey* b) { return *a < *b; });
    Statement insert(statements_,
                     "INSERT INTO manifest_findings (manifest, vulnerability, ecosystem, name, version, since) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    Statement remove(statements_,
                     "DELETE FROM manifest_findings WHERE manifest = ?1 AND vulnerability = ?2 AND ecosystem = ?3 "
                     "AND name = ?4 AND version = ?5");
    if (!insert || !remove) return SqlError(db_, path_, "cannot prepare findings update");
    const auto run = [&](Statement& statement, const FindingKey& key) -> Result<void> {
      statement.Bind(1, manifest);
      statement.Bind(2, key.vulnerability);
      statement.Bind(3, key.ecosystem);
      statement.Bind(4, key.name);
      statement.Bind(5, key.version);
      if (&statement == &insert) statement.BindInt(6, now);
      if (sqlite3_step(statement.get()) != SQLITE_DONE) return SqlError(db_, path_, "cannot store the findings of a manifest");
      sqlite3_reset(statement.get());
      return {};
    };
    // Both lists are sorted: one merge finds what to insert and what to delete.
    FindingsDiff diff;
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < wanted.size() || j < stored->size()) {
      if (j == stored->size() || (i < wanted.size() && *wanted[i] < (*stored)[j].key)) {
        if (i > 0 && *wanted[i] == *wanted[i - 1]) {
          ++i;
          continue;
        }
        if (auto r = run(insert, *wanted[i++]); !r) return std::unexpected(r.error());
        ++diff.added;
      } else if (i == wanted.size() || (*stored)[j].key < *wanted[i]) {
        if (auto r = run(remove, (*stored)[j++].key); !r) return std::unexpected(r.error());
        ++diff.removed;
      } else {
        ++i;
        ++j;
      }
    }
    return diff;
  }

  static AuditEntry ReadAuditEntry(const Statement& row) {
    return AuditEntry{row.IntColumn(0),           std::string(row.Column(1)), std::string(row.Column(2)),
                      std::string(row.Column(3)), std::string(row.Column(4)), row.OptionalColumn(5),
                      row.OptionalColumn(6),      std::string(row.Column(7)), std::string(row.Column(8))};
  }

 private:
  sqlite3* db_;
  StatementCache& statements_;
  const std::string& path_;
};

class SqliteStore final : public Store {
 public:
  SqliteStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;
  ~SqliteStore() override {
    statements_.Clear();
    sqlite3_close(db_);
  }

  // Several processes may open a new store at once (the first `vigil` commands on a machine): the
  // switch to WAL is retried while another holds the file, and the schema version is read inside
  // the write transaction that migrates, so exactly one of them migrates and the others see it done.
  Result<void> Migrate() {
    if (auto r = EnableWal(); !r) return r;
    if (auto r = Exec("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"); !r) return r;
    // A current store needs no write lock; any other is checked again under it.
    auto version = CheckedVersion();
    if (!version) return std::unexpected(version.error());
    if (*version == kMigrations.size()) return {};
    if (auto r = Exec("BEGIN IMMEDIATE"); !r) return r;
    auto migrated = MigrateInTransaction();
    if (!migrated) {
      static_cast<void>(Exec("ROLLBACK"));
      return migrated;
    }
    return Exec("COMMIT");
  }

  Result<void> EnableWal() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
    while (true) {
      Statement pragma(db_, "PRAGMA journal_mode=WAL");
      if (!pragma) return SqlError("cannot prepare journal mode switch");
      const int rc = sqlite3_step(pragma.get());
      if (rc == SQLITE_ROW || rc == SQLITE_DONE) return {};
      // Changing the journal mode does not wait on the busy handler; wait here instead.
      if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || std::chrono::steady_clock::now() >= deadline) {
        return SqlError("cannot switch to the WAL journal");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  // The schema version, refused when newer than this vigil's.
  Result<std::size_t> CheckedVersion() {
    Statement version(db_, "PRAGMA user_version");
    if (!version || sqlite3_step(version.get()) != SQLITE_ROW) return SqlError("cannot read schema version");
    const auto current = static_cast<std::size_t>(sqlite3_column_int64(version.get(), 0));
    if (current > kMigrations.size()) {
      return Fail(ErrorCode::kFailedPrecondition, path_ + ": store schema version " + std::to_string(current) +
                                                      " is newer than this vigil supports (" +
                                                      std::to_string(kMigrations.size()) + "); upgrade vigil");
    }
    return current;
  }

  Result<void> MigrateInTransaction() {
    auto version = CheckedVersion();
    if (!version) return std::unexpected(version.error());
    const std::size_t current = *version;
    for (std::size_t v = current; v < kMigrations.size(); ++v) {
      std::string sql(kMigrations[v]);
      sql += "PRAGMA user_version=";
      sql += std::to_string(v + 1);
      sql += ";";
      if (auto r = Exec(sql); !r) return r;
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

  Result<void> Write(const TransactionBody& body) override {
    if (auto r = Exec("BEGIN IMMEDIATE"); !r) return r;
    // Rolls back on every way out but a successful COMMIT, an escaping exception included.
    struct Rollback {
      SqliteStore* store;
      bool armed = true;
      ~Rollback() {
        if (armed) static_cast<void>(store->Exec("ROLLBACK"));
      }
    } rollback{this};
    SqliteTransaction transaction(statements_, path_);
    if (auto r = body(transaction); !r) return r;
    if (auto r = Exec("COMMIT"); !r) return r;
    rollback.armed = false;
    return {};
  }

  Result<std::vector<TokenRow>> ListTokens() override {
    Statement select(db_, TokenQuery("ORDER BY id"));
    if (!select) return SqlError("cannot prepare token query");
    std::vector<TokenRow> out;
    int rc;
    while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) {
      auto token = ReadToken(select, path_);
      if (!token) return std::unexpected(token.error());
      out.push_back(std::move(*token));
    }
    if (rc != SQLITE_DONE) return SqlError("cannot read tokens");
    return out;
  }

  Result<std::optional<TokenRow>> FindTokenByDigest(std::span<const std::uint8_t, 32> digest) override {
    Statement select(db_, TokenQuery("WHERE secret_sha256 = ?1"));
    if (!select) return SqlError("cannot prepare token query");
    select.BindBlob(1, digest);
    return ReadOneToken(select, db_, path_);
  }

  Result<void> ForEachAuditEntry(const std::function<Result<void>(const AuditEntry&)>& visit) override {
    Statement select(db_,
                     "SELECT seq, time, actor, action, object, before_sha256, after_sha256, prev_hash, hash "
                     "FROM audit_log ORDER BY seq");
    if (!select) return SqlError("cannot prepare audit query");
    int rc;
    while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) {
      if (auto r = visit(SqliteTransaction::ReadAuditEntry(select)); !r) return r;
    }
    if (rc != SQLITE_DONE) return SqlError("cannot read the audit log");
    return {};
  }

  Result<std::vector<AssetRow>> ListAssets() override {
    Statement select(db_, std::string(kAssetColumns) + "ORDER BY name");
    if (!select) return SqlError("cannot prepare asset query");
    std::vector<AssetRow> out;
    int rc;
    while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) out.push_back(ReadAsset(select));
    if (rc != SQLITE_DONE) return SqlError("cannot read assets");
    // One asset would take ReadLabels' single-asset query, which is as correct.
    if (auto r = ReadLabels(statements_, path_, out); !r) return std::unexpected(r.error());
    return out;
  }

  Result<std::vector<AssetRow>> ListAssetsAfter(const AssetFilter& filter, const std::optional<std::string>& after,
                                                std::size_t limit) override {
    std::string sql(kAssetColumns);
    sql += "WHERE (?1 IS NULL OR name > ?1) AND (?2 IS NULL OR team = ?2) AND (?3 IS NULL OR environment = ?3)";
    for (std::size_t i = 0; i < filter.customers.size(); ++i) {
      sql += " AND EXISTS (SELECT 1 FROM asset_labels WHERE asset_id = assets.id AND kind = 'customer' AND value = ?";
      sql += std::to_string(i + 5);
      sql += ')';
    }
    sql += " ORDER BY name LIMIT ?4";
    Statement select(db_, sql);
    if (!select) return SqlError("cannot prepare asset query");
    select.BindOptional(1, after);
    select.BindOptional(2, filter.team);
    select.BindOptional(3, filter.environment);
    select.BindInt(4, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
    for (std::size_t i = 0; i < filter.customers.size(); ++i) select.Bind(static_cast<int>(i + 5), filter.customers[i]);
    std::vector<AssetRow> out;
    int rc;
    while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) out.push_back(ReadAsset(select));
    if (rc != SQLITE_DONE) return SqlError("cannot read assets");
    if (out.empty()) return out;
    // The page's labels in one query.
    std::unordered_map<std::int64_t, AssetRow*> by_id;
    std::string labels_sql = "SELECT asset_id, kind, value FROM asset_labels WHERE asset_id IN (";
    for (std::size_t i = 0; i < out.size(); ++i) {
      by_id.emplace(out[i].id, &out[i]);
      if (i > 0) labels_sql += ',';
      labels_sql += std::to_string(out[i].id);
    }
    labels_sql += ") ORDER BY asset_id, kind, value";
    Statement labels(db_, labels_sql);
    if (!labels) return SqlError("cannot prepare label query");
    while ((rc = sqlite3_step(labels.get())) == SQLITE_ROW) {
      AssetRow& asset = *by_id.at(labels.IntColumn(0));
      const auto kind = labels.Column(1);
      auto& list = kind == "customer" ? asset.customers : kind == "data_class" ? asset.data_classes : asset.tags;
      list.emplace_back(labels.Column(2));
    }
    if (rc != SQLITE_DONE) return SqlError("cannot read asset labels");
    return out;
  }

  Result<std::vector<AssetManifestRow>> ListAssetManifests(std::int64_t asset_id) override {
    Statement select(db_, "SELECT since, manifest FROM asset_manifests WHERE asset_id = ?1 ORDER BY rowid");
    if (!select) return SqlError("cannot prepare manifest history query");
    select.BindInt(1, asset_id);
    std::vector<AssetManifestRow> out;
    int rc;
    while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) out.push_back({select.IntColumn(0), std::string(select.Column(1))});
    if (rc != SQLITE_DONE) return SqlError("cannot read manifest history");
    return out;
  }

  Result<std::vector<ManifestFindingRow>> GetManifestFindings(std::string_view manifest) override {
    return ReadManifestFindings(db_, path_, manifest);
  }

  Result<std::vector<AuditEntry>> ListAuditEntries(std::int64_t after, std::size_t limit) override {
    Statement select(db_,
                     "SELECT seq, time, actor, action, object, before_sha256, after_sha256, prev_hash, hash "
                     "FROM audit_log WHERE seq > ?1 ORDER BY seq LIMIT ?2");
    if (!select) return SqlError("cannot prepare audit query");
    select.BindInt(1, after);
    select.BindInt(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
    std::vector<AuditEntry> out;
    int rc;
    while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) out.push_back(SqliteTransaction::ReadAuditEntry(select));
    if (rc != SQLITE_DONE) return SqlError("cannot read the audit log");
    return out;
  }

  Result<void> ForEachManifest(const ManifestVisitor& visit) override {
    Statement select(db_, "SELECT manifest, ecosystem, name, version FROM manifest_packages ORDER BY manifest, ecosystem, name, version");
    if (!select) return SqlError("cannot prepare manifest query");
    std::string digest;
    std::vector<ManifestPackage> packages;
    int rc;
    while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) {
      if (select.Column(0) != digest) {
        if (!packages.empty()) {
          if (auto r = visit(digest, packages); !r) return r;
        }
        digest = select.Column(0);
        packages.clear();
      }
      packages.push_back({std::string(select.Column(1)), std::string(select.Column(2)), std::string(select.Column(3))});
    }
    if (rc != SQLITE_DONE) return SqlError("cannot read manifests");
    if (!packages.empty()) return visit(digest, packages);
    return {};
  }

  Result<std::vector<ManifestPackage>> GetManifest(std::string_view digest) override {
    return ReadManifest(db_, path_, digest);
  }

  Result<std::uint64_t> CountManifests() override {
    Statement select(db_, "SELECT count(*) FROM manifests");
    if (!select || sqlite3_step(select.get()) != SQLITE_ROW) return SqlError("cannot count manifests");
    return static_cast<std::uint64_t>(select.IntColumn(0));
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

  std::unexpected<vigil::Error> SqlError(const std::string& what) const { return store::SqlError(db_, path_, what); }

  sqlite3* db_;
  std::string path_;
  StatementCache statements_{db_};
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
  // Before any statement: even the first read of a file another process is creating may find it locked.
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  auto store = std::make_unique<SqliteStore>(db, path);
  if (auto migrated = store->Migrate(); !migrated) return std::unexpected(migrated.error());
  return store;
}

}  // namespace vigil::store
