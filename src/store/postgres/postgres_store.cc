// PostgreSQL implementation of Store (libpq), for deployments where several vigil servers share one
// database: numbered migrations in schema_version, write transactions (and migrations) serialised
// by a transaction-scoped advisory lock, bulk rows sent as array parameters.
#include <libpq-fe.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <memory>
#include <unordered_set>
#include <utility>

#include "store/store.h"

namespace vigil::store {
namespace {

// Numbered migrations, as in the SQLite store: entry i brings the schema from version i to i + 1.
// Append only. Text keys are COLLATE "C" so that every ordering is bytewise, as in SQLite.
constexpr std::array<std::string_view, 4> kMigrations = {
    R"sql(
      CREATE TABLE advisories (
        id TEXT COLLATE "C" PRIMARY KEY,
        modified TEXT NOT NULL,
        source TEXT COLLATE "C" NOT NULL,
        ecosystems TEXT NOT NULL,
        json TEXT NOT NULL
      );
      CREATE TABLE feeds (
        name TEXT COLLATE "C" PRIMARY KEY,
        version TEXT NOT NULL,
        published TEXT NOT NULL,
        source TEXT NOT NULL,
        content BYTEA NOT NULL
      );
    )sql",
    // 2: API tokens and the audit log. Identity ids are never reused. The triggers stop vigil
    // itself (or a stray statement) from rewriting history; the hash chain is the defence against
    // someone who can alter the database.
    R"sql(
      CREATE TABLE tokens (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        team TEXT,
        customer TEXT,
        secret_sha256 BYTEA NOT NULL UNIQUE CHECK (length(secret_sha256) = 32),
        created BIGINT NOT NULL,
        expires BIGINT,
        revoked_at BIGINT
      );
      CREATE TABLE audit_log (
        seq BIGINT PRIMARY KEY,
        time TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        object TEXT NOT NULL,
        before_sha256 TEXT,
        after_sha256 TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
      CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
    )sql",
    // 3: the fleet, as in the SQLite store.
    R"sql(
      CREATE TABLE manifests (
        digest TEXT COLLATE "C" PRIMARY KEY,
        packages BIGINT NOT NULL,
        created BIGINT NOT NULL
      );
      CREATE TABLE manifest_packages (
        manifest TEXT COLLATE "C" NOT NULL REFERENCES manifests(digest),
        ecosystem TEXT COLLATE "C" NOT NULL,
        name TEXT COLLATE "C" NOT NULL,
        version TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (manifest, ecosystem, name, version)
      );
      CREATE TABLE assets (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name TEXT COLLATE "C" NOT NULL UNIQUE,
        external_id TEXT,
        kind TEXT CHECK (kind IN ('host', 'vm', 'image', 'container', 'service')),
        team TEXT COLLATE "C",
        environment TEXT CHECK (environment IN ('prod', 'staging', 'dev')),
        internet_exposed BOOLEAN NOT NULL DEFAULT false,
        criticality BIGINT CHECK (criticality BETWEEN 1 AND 4),
        os_id TEXT,
        os_version TEXT,
        os_pretty TEXT,
        first_seen BIGINT,
        last_seen BIGINT,
        manifest TEXT COLLATE "C" REFERENCES manifests(digest)
      );
      CREATE INDEX assets_team ON assets(team);
      CREATE INDEX assets_manifest ON assets(manifest);
      CREATE TABLE asset_labels (
        asset_id BIGINT NOT NULL REFERENCES assets(id),
        kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('customer', 'data_class', 'tag')),
        value TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (asset_id, kind, value)
      );
      CREATE INDEX asset_labels_value ON asset_labels(kind, value);
      CREATE TABLE reports (
        report_id TEXT COLLATE "C" PRIMARY KEY,
        asset_id BIGINT NOT NULL REFERENCES assets(id),
        manifest TEXT COLLATE "C" NOT NULL REFERENCES manifests(digest),
        received BIGINT NOT NULL
      );
    )sql",
    // 4: findings per manifest and each asset's manifest history, as in the SQLite store; `seq`
    // keeps the append order. The backfill orders reports received in the same second by id.
    R"sql(
      CREATE TABLE asset_manifests (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        asset_id BIGINT NOT NULL REFERENCES assets(id),
        since BIGINT NOT NULL,
        manifest TEXT COLLATE "C" NOT NULL REFERENCES manifests(digest)
      );
      CREATE INDEX asset_manifests_asset ON asset_manifests(asset_id, seq);
      INSERT INTO asset_manifests (asset_id, since, manifest)
        SELECT asset_id, received, manifest FROM (
          SELECT asset_id, received, manifest, report_id,
                 lag(manifest) OVER (PARTITION BY asset_id ORDER BY received, report_id) AS previous
          FROM reports) AS r
        WHERE previous IS NULL OR previous <> manifest
        ORDER BY asset_id, received, report_id;
      INSERT INTO asset_manifests (asset_id, since, manifest)
        SELECT id, coalesce(first_seen, last_seen, 0), manifest FROM assets
        WHERE manifest IS NOT NULL AND id NOT IN (SELECT asset_id FROM asset_manifests)
        ORDER BY id;
      CREATE TABLE manifest_findings (
        manifest TEXT COLLATE "C" NOT NULL REFERENCES manifests(digest),
        vulnerability TEXT COLLATE "C" NOT NULL,
        ecosystem TEXT COLLATE "C" NOT NULL,
        name TEXT COLLATE "C" NOT NULL,
        version TEXT COLLATE "C" NOT NULL,
        since BIGINT NOT NULL,
        PRIMARY KEY (manifest, vulnerability, ecosystem, name, version)
      );
    )sql",
};

// The advisory lock key ("vigil" and 1) that serialises writers, and migrations with them, across
// every connection to the database.
constexpr std::int64_t kWriteLock = 0x76696769'6c000001;
// Rows per round trip when walking or bulk-writing a large table.
constexpr std::size_t kChunkRows = 5000;
constexpr std::size_t kSha256Bytes = 32;

// `url` with the password of its user-info and any password=… parameter replaced by "***".
std::string RedactUrl(std::string_view url) {
  std::string out(url);
  if (const auto scheme = out.find("://"); scheme != std::string::npos) {
    const std::size_t start = scheme + 3;
    const std::size_t end = std::min(out.find_first_of("/?#", start), out.size());
    const std::size_t at = out.rfind('@', end == 0 ? 0 : end - 1);
    if (at != std::string::npos && at >= start) {
      const std::size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  for (std::size_t pos = out.find("password="); pos != std::string::npos; pos = out.find("password=", pos + 1)) {
    const std::size_t value = pos + std::strlen("password=");
    const std::size_t end = std::min(out.find_first_of("& ", value), out.size());
    out.replace(value, end - value, "***");
  }
  return out;
}

// libpq's message on one line: it puts hints on lines of their own.
std::string OneLine(std::string_view message) {
  std::string out;
  for (const char c : message) {
    if (c == '\n' || c == '\t' || c == '\r') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// A PostgreSQL array literal ({"a","b"}) built element by element, each one quoted.
class ArrayLiteral {
 public:
  void Add(std::string_view value) {
    text_ += text_.size() == 1 ? "\"" : ",\"";
    for (const char c : value) {
      if (c == '"' || c == '\\') text_ += '\\';
      text_ += c;
    }
    text_ += '"';
  }
  void AddInt(std::int64_t value) {
    if (text_.size() > 1) text_ += ',';
    text_ += std::to_string(value);
  }
  std::string Done() const { return text_ + '}'; }

 private:
  std::string text_ = "{";
};

// The parameters of one statement, all sent as text except byte strings.
class Params {
 public:
  Params& Text(std::string_view value) {
    values_.emplace_back(value);
    nulls_.push_back(false);
    binary_.push_back(0);
    return *this;
  }
  Params& Optional(const std::optional<std::string>& value) {
    if (!value) return Null();
    return Text(*value);
  }
  Params& Int(std::int64_t value) { return Text(std::to_string(value)); }
  Params& OptionalInt(std::optional<std::int64_t> value) {
    if (!value) return Null();
    return Int(*value);
  }
  Params& Bool(bool value) { return Text(value ? "t" : "f"); }
  Params& Bytes(std::span<const std::uint8_t> bytes) {
    values_.emplace_back(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    nulls_.push_back(false);
    binary_.push_back(1);
    return *this;
  }

  int size() const { return static_cast<int>(values_.size()); }
  // The arrays libpq takes; valid while this object lives unchanged.
  std::vector<const char*> Values() const {
    std::vector<const char*> out;
    for (std::size_t i = 0; i < values_.size(); ++i) out.push_back(nulls_[i] ? nullptr : values_[i].data());
    return out;
  }
  std::vector<int> Lengths() const {
    std::vector<int> out;
    for (const auto& v : values_) out.push_back(static_cast<int>(v.size()));
    return out;
  }
  const int* Formats() const { return binary_.data(); }

 private:
  Params& Null() {
    values_.emplace_back();
    nulls_.push_back(true);
    binary_.push_back(0);
    return *this;
  }

  std::vector<std::string> values_;
  std::vector<bool> nulls_;
  std::vector<int> binary_;
};

struct ClearResult {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ClearResult>;

// The rows of a query, read in libpq's text format.
class Rows {
 public:
  explicit Rows(ResultPtr result) : result_(std::move(result)) {}
  int size() const { return PQntuples(result_.get()); }
  std::string_view Text(int row, int col) const {
    return {PQgetvalue(result_.get(), row, col), static_cast<std::size_t>(PQgetlength(result_.get(), row, col))};
  }
  std::string String(int row, int col) const { return std::string(Text(row, col)); }
  bool IsNull(int row, int col) const { return PQgetisnull(result_.get(), row, col) != 0; }
  std::optional<std::string> Optional(int row, int col) const {
    if (IsNull(row, col)) return std::nullopt;
    return String(row, col);
  }
  std::int64_t Int(int row, int col) const {
    const auto text = Text(row, col);
    std::int64_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
  }
  std::optional<std::int64_t> OptionalInt(int row, int col) const {
    if (IsNull(row, col)) return std::nullopt;
    return Int(row, col);
  }
  bool Bool(int row, int col) const { return Text(row, col) == "t"; }
  // A bytea column, which the text format sends as "\x" and hex digits.
  std::string Bytes(int row, int col) const {
    const auto text = Text(row, col);
    std::string out;
    if (!text.starts_with("\\x")) return out;
    out.reserve((text.size() - 2) / 2);
    for (std::size_t i = 2; i + 1 < text.size(); i += 2) {
      unsigned value = 0;
      std::from_chars(text.data() + i, text.data() + i + 2, value, 16);
      out += static_cast<char>(value);
    }
    return out;
  }
  // How many rows an INSERT, UPDATE or DELETE changed.
  std::int64_t Affected() const {
    const std::string_view text = PQcmdTuples(result_.get());
    std::int64_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
  }

 private:
  ResultPtr result_;
};

// One connection. Statements with parameters are prepared once per connection and reused.
class Connection {
 public:
  Connection(PGconn* conn, std::string location) : conn_(conn), location_(std::move(location)) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() { PQfinish(conn_); }

  const std::string& location() const { return location_; }

  Result<Rows> Exec(const std::string& sql, const Params& params, const std::string& what) {
    if (auto r = Reconnect(); !r) return std::unexpected(r.error());
    auto it = prepared_.find(sql);
    if (it == prepared_.end()) {
      std::string name = "s";
      name += std::to_string(prepared_.size() + 1);
      ResultPtr prepared(PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr));
      if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) return Failure(what, prepared.get());
      it = prepared_.emplace(sql, std::move(name)).first;
    }
    const auto values = params.Values();
    const auto lengths = params.Lengths();
    ResultPtr result(
        PQexecPrepared(conn_, it->second.c_str(), params.size(), values.data(), lengths.data(), params.Formats(), 0));
    const auto status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return Failure(what, result.get());
    return Rows(std::move(result));
  }

  // Runs constant SQL without parameters (one or several statements).
  Result<void> Simple(const std::string& sql, const std::string& what) {
    if (auto r = Reconnect(); !r) return r;
    ResultPtr result(PQexec(conn_, sql.c_str()));
    const auto status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return Failure(what, result.get());
    return {};
  }

  // BEGIN, then the lock every writer takes, so that writers from any process run one at a time.
  Result<void> BeginWrite() {
    if (auto r = Simple("BEGIN", "cannot begin a transaction"); !r) return r;
    in_transaction_ = true;
    if (auto r = Exec("SELECT pg_advisory_xact_lock($1::bigint)", Params().Int(kWriteLock), "cannot take the write lock");
        !r) {
      Rollback();
      return std::unexpected(r.error());
    }
    return {};
  }
  Result<void> Commit() {
    auto committed = Simple("COMMIT", "cannot commit");
    in_transaction_ = false;
    return committed;
  }
  void Rollback() {
    static_cast<void>(Simple("ROLLBACK", "cannot roll back"));
    in_transaction_ = false;
  }

  std::unexpected<Error> Failure(const std::string& what, const PGresult* result) const {
    const char* primary = result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    const std::string reason = OneLine(primary != nullptr ? primary : PQerrorMessage(conn_));
    std::string message = location_;
    message += ": ";
    message += what;
    message += ": ";
    message += reason;
    return Fail(ErrorCode::kUnavailable, std::move(message));
  }

 private:
  // A connection lost between transactions (a database restart) is opened again; within a
  // transaction the loss is reported, since the transaction is gone with it.
  Result<void> Reconnect() {
    if (PQstatus(conn_) == CONNECTION_OK || in_transaction_) return {};
    PQreset(conn_);
    prepared_.clear();
    if (PQstatus(conn_) != CONNECTION_OK) return Failure("connection lost", nullptr);
    return {};
  }

  PGconn* conn_;
  std::string location_;  // the URL, redacted
  std::unordered_map<std::string, std::string> prepared_;  // SQL -> statement name
  bool in_transaction_ = false;
};

constexpr std::string_view kTokenColumns =
    "SELECT id, name, role, team, customer, secret_sha256, created, expires, revoked_at FROM tokens ";

Result<TokenRow> ReadToken(const Rows& rows, int i, const std::string& location) {
  TokenRow token;
  token.id = rows.Int(i, 0);
  token.name = rows.String(i, 1);
  token.role = rows.String(i, 2);
  token.team = rows.Optional(i, 3);
  token.customer = rows.Optional(i, 4);
  const std::string digest = rows.Bytes(i, 5);
  if (digest.size() != kSha256Bytes) {
    return Fail(ErrorCode::kDataLoss, location + ": token " + std::to_string(token.id) + " has a malformed digest");
  }
  std::memcpy(token.secret_sha256.data(), digest.data(), kSha256Bytes);
  token.created = rows.Int(i, 6);
  token.expires = rows.OptionalInt(i, 7);
  token.revoked_at = rows.OptionalInt(i, 8);
  return token;
}

Result<std::optional<TokenRow>> ReadOneToken(Result<Rows> rows, const std::string& location) {
  if (!rows) return std::unexpected(rows.error());
  if (rows->size() == 0) return std::nullopt;
  auto token = ReadToken(*rows, 0, location);
  if (!token) return std::unexpected(token.error());
  return std::move(*token);
}

constexpr std::string_view kAuditColumns =
    "SELECT seq, time, actor, action, object, before_sha256, after_sha256, prev_hash, hash FROM audit_log ";

AuditEntry ReadAuditEntry(const Rows& rows, int i) {
  return AuditEntry{rows.Int(i, 0),      rows.String(i, 1),   rows.String(i, 2),
                    rows.String(i, 3),   rows.String(i, 4),   rows.Optional(i, 5),
                    rows.Optional(i, 6), rows.String(i, 7),   rows.String(i, 8)};
}

Result<std::vector<AuditEntry>> ReadAuditEntries(Connection& db, std::int64_t after, std::size_t limit) {
  auto rows = db.Exec(std::string(kAuditColumns) + "WHERE seq > $1 ORDER BY seq LIMIT $2",
                      Params().Int(after).Int(static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX))),
                      "cannot read the audit log");
  if (!rows) return std::unexpected(rows.error());
  std::vector<AuditEntry> out;
  out.reserve(static_cast<std::size_t>(rows->size()));
  for (int i = 0; i < rows->size(); ++i) out.push_back(ReadAuditEntry(*rows, i));
  return out;
}

constexpr std::string_view kAssetColumns =
    "SELECT id, name, external_id, kind, team, environment, internet_exposed, criticality, os_id, os_version, "
    "os_pretty, first_seen, last_seen, manifest FROM assets ";

AssetRow ReadAsset(const Rows& rows, int i) {
  AssetRow asset;
  asset.id = rows.Int(i, 0);
  asset.name = rows.String(i, 1);
  asset.external_id = rows.Optional(i, 2);
  asset.kind = rows.Optional(i, 3);
  asset.team = rows.Optional(i, 4);
  asset.environment = rows.Optional(i, 5);
  asset.internet_exposed = rows.Bool(i, 6);
  asset.criticality = rows.OptionalInt(i, 7);
  asset.os_id = rows.Optional(i, 8);
  asset.os_version = rows.Optional(i, 9);
  asset.os_pretty = rows.Optional(i, 10);
  asset.first_seen = rows.OptionalInt(i, 11);
  asset.last_seen = rows.OptionalInt(i, 12);
  asset.manifest = rows.Optional(i, 13);
  return asset;
}

Result<std::vector<AssetRow>> ReadAssets(Result<Rows> rows) {
  if (!rows) return std::unexpected(rows.error());
  std::vector<AssetRow> out;
  out.reserve(static_cast<std::size_t>(rows->size()));
  for (int i = 0; i < rows->size(); ++i) out.push_back(ReadAsset(*rows, i));
  return out;
}

// Fills the label lists of `assets`: of every asset when `all`, else of those listed.
Result<void> ReadLabels(Connection& db, std::vector<AssetRow>& assets, bool all) {
  if (assets.empty()) return {};
  std::unordered_map<std::int64_t, AssetRow*> by_id;
  for (auto& a : assets) by_id.emplace(a.id, &a);
  Result<Rows> rows = [&] {
    if (all) return db.Exec("SELECT asset_id, kind, value FROM asset_labels ORDER BY asset_id, kind, value", Params(),
                            "cannot read asset labels");
    ArrayLiteral ids;
    for (const auto& a : assets) ids.AddInt(a.id);
    return db.Exec(
        "SELECT asset_id, kind, value FROM asset_labels WHERE asset_id = ANY($1::bigint[]) ORDER BY asset_id, kind, value",
        Params().Text(ids.Done()), "cannot read asset labels");
  }();
  if (!rows) return std::unexpected(rows.error());
  for (int i = 0; i < rows->size(); ++i) {
    const auto it = by_id.find(rows->Int(i, 0));
    if (it == by_id.end()) continue;
    const auto kind = rows->Text(i, 1);
    auto& list = kind == "customer" ? it->second->customers : kind == "data_class" ? it->second->data_classes : it->second->tags;
    list.push_back(rows->String(i, 2));
  }
  return {};
}

Result<std::vector<ManifestFindingRow>> ReadManifestFindings(Connection& db, std::string_view manifest) {
  auto rows = db.Exec(
      "SELECT vulnerability, ecosystem, name, version, since FROM manifest_findings WHERE manifest = $1 "
      "ORDER BY vulnerability, ecosystem, name, version",
      Params().Text(manifest), "cannot read the findings of a manifest");
  if (!rows) return std::unexpected(rows.error());
  std::vector<ManifestFindingRow> out;
  out.reserve(static_cast<std::size_t>(rows->size()));
  for (int i = 0; i < rows->size(); ++i) {
    out.push_back({{rows->String(i, 0), rows->String(i, 1), rows->String(i, 2), rows->String(i, 3)}, rows->Int(i, 4)});
  }
  return out;
}

// Runs `sql`, whose parameters are `fixed` and then one array per FindingKey field, over `keys` in
// chunks; returns the rows changed.
Result<std::size_t> ForFindingChunks(Connection& db, const std::string& sql, const std::function<Params()>& fixed,
                                     std::span<const FindingKey* const> keys, const std::string& what) {
  std::size_t changed = 0;
  for (std::size_t start = 0; start < keys.size(); start += kChunkRows) {
    std::array<ArrayLiteral, 4> columns;
    for (std::size_t i = start; i < std::min(keys.size(), start + kChunkRows); ++i) {
      columns[0].Add(keys[i]->vulnerability);
      columns[1].Add(keys[i]->ecosystem);
      columns[2].Add(keys[i]->name);
      columns[3].Add(keys[i]->version);
    }
    Params params = fixed();
    for (const auto& c : columns) params.Text(c.Done());
    auto rows = db.Exec(sql, params, what);
    if (!rows) return std::unexpected(rows.error());
    changed += static_cast<std::size_t>(rows->Affected());
  }
  return changed;
}

class PostgresTransaction final : public Transaction {
 public:
  explicit PostgresTransaction(Connection& db) : db_(db) {}

  Result<std::int64_t> InsertToken(const TokenRow& row) override {
    auto rows = db_.Exec(
        "INSERT INTO tokens (name, role, team, customer, secret_sha256, created, expires, revoked_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        Params()
            .Text(row.name)
            .Text(row.role)
            .Optional(row.team)
            .Optional(row.customer)
            .Bytes(row.secret_sha256)
            .Int(row.created)
            .OptionalInt(row.expires)
            .OptionalInt(row.revoked_at),
        "cannot store token");
    if (!rows) return std::unexpected(rows.error());
    return rows->Int(0, 0);
  }

  Result<std::optional<TokenRow>> GetToken(std::int64_t id) override {
    return ReadOneToken(db_.Exec(std::string(kTokenColumns) + "WHERE id = $1", Params().Int(id), "cannot read token"),
                        db_.location());
  }

  Result<void> SetTokenRevoked(std::int64_t id, std::int64_t revoked_at) override {
    auto rows = db_.Exec("UPDATE tokens SET revoked_at = $2 WHERE id = $1", Params().Int(id).Int(revoked_at),
                         "cannot revoke token");
    if (!rows) return std::unexpected(rows.error());
    if (rows->Affected() != 1) return Fail(ErrorCode::kNotFound, "token " + std::to_string(id) + " does not exist");
    return {};
  }

  Result<std::optional<AuditEntry>> LastAuditEntry() override {
    auto rows = db_.Exec(std::string(kAuditColumns) + "ORDER BY seq DESC LIMIT 1", Params(), "cannot read the audit log");
    if (!rows) return std::unexpected(rows.error());
    if (rows->size() == 0) return std::nullopt;
    return ReadAuditEntry(*rows, 0);
  }

  Result<void> AppendAuditEntry(const AuditEntry& entry) override {
    auto rows = db_.Exec(
        "INSERT INTO audit_log (seq, time, actor, action, object, before_sha256, after_sha256, prev_hash, hash) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        Params()
            .Int(entry.seq)
            .Text(entry.time)
            .Text(entry.actor)
            .Text(entry.action)
            .Text(entry.object)
            .Optional(entry.before_sha256)
            .Optional(entry.after_sha256)
            .Text(entry.prev_hash)
            .Text(entry.hash),
        "cannot append audit entry " + std::to_string(entry.seq));
    if (!rows) return std::unexpected(rows.error());
    return {};
  }

  Result<std::optional<AssetRow>> GetAssetByName(std::string_view name) override {
    auto assets = ReadAssets(db_.Exec(std::string(kAssetColumns) + "WHERE name = $1", Params().Text(name), "cannot read asset"));
    if (!assets) return std::unexpected(assets.error());
    if (assets->empty()) return std::nullopt;
    if (auto r = ReadLabels(db_, *assets, false); !r) return std::unexpected(r.error());
    return std::move(assets->front());
  }

  Result<std::int64_t> PutAsset(const AssetRow& row) override {
    Params params;
    params.Text(row.name)
        .Optional(row.external_id)
        .Optional(row.kind)
        .Optional(row.team)
        .Optional(row.environment)
        .Bool(row.internet_exposed)
        .OptionalInt(row.criticality)
        .Optional(row.os_id)
        .Optional(row.os_version)
        .Optional(row.os_pretty)
        .OptionalInt(row.first_seen)
        .OptionalInt(row.last_seen)
        .Optional(row.manifest);
    std::int64_t id = row.id;
    if (row.id == 0) {
      auto rows = db_.Exec(
          "INSERT INTO assets (name, external_id, kind, team, environment, internet_exposed, criticality, os_id, "
          "os_version, os_pretty, first_seen, last_seen, manifest) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
          params, "cannot store asset " + row.name);
      if (!rows) return std::unexpected(rows.error());
      id = rows->Int(0, 0);
    } else {
      params.Int(row.id);
      auto rows = db_.Exec(
          "UPDATE assets SET name = $1, external_id = $2, kind = $3, team = $4, environment = $5, "
          "internet_exposed = $6, criticality = $7, os_id = $8, os_version = $9, os_pretty = $10, "
          "first_seen = $11, last_seen = $12, manifest = $13 WHERE id = $14",
          params, "cannot store asset " + row.name);
      if (!rows) return std::unexpected(rows.error());
      if (rows->Affected() != 1) return Fail(ErrorCode::kNotFound, "asset " + std::to_string(id) + " does not exist");
      auto cleared = db_.Exec("DELETE FROM asset_labels WHERE asset_id = $1", Params().Int(id),
                              "cannot replace labels of asset " + row.name);
      if (!cleared) return std::unexpected(cleared.error());
    }
    ArrayLiteral kinds;
    ArrayLiteral values;
    const std::pair<std::string_view, const std::vector<std::string>*> lists[] = {
        {"customer", &row.customers}, {"data_class", &row.data_classes}, {"tag", &row.tags}};
    bool any = false;
    for (const auto& [kind, list] : lists) {
      for (const auto& value : *list) {
        kinds.Add(kind);
        values.Add(value);
        any = true;
      }
    }
    if (!any) return id;
    auto labelled = db_.Exec(
        "INSERT INTO asset_labels (asset_id, kind, value) SELECT $1, k, v FROM unnest($2::text[], $3::text[]) AS t(k, v) "
        "ON CONFLICT DO NOTHING",
        Params().Int(id).Text(kinds.Done()).Text(values.Done()), "cannot store labels of asset " + row.name);
    if (!labelled) return std::unexpected(labelled.error());
    return id;
  }

  Result<bool> HasManifest(std::string_view digest) override {
    auto rows = db_.Exec("SELECT 1 FROM manifests WHERE digest = $1", Params().Text(digest), "cannot read manifests");
    if (!rows) return std::unexpected(rows.error());
    return rows->size() == 1;
  }

  Result<void> InsertManifest(std::string_view digest, std::span<const ManifestPackage> packages,
                              std::int64_t created) override {
    auto inserted = db_.Exec("INSERT INTO manifests (digest, packages, created) VALUES ($1, $2, $3)",
                             Params().Text(digest).Int(static_cast<std::int64_t>(packages.size())).Int(created),
                             "cannot store manifest");
    if (!inserted) return std::unexpected(inserted.error());
    for (std::size_t start = 0; start < packages.size(); start += kChunkRows) {
      std::array<ArrayLiteral, 3> columns;
      for (std::size_t i = start; i < std::min(packages.size(), start + kChunkRows); ++i) {
        columns[0].Add(packages[i].ecosystem);
        columns[1].Add(packages[i].name);
        columns[2].Add(packages[i].version);
      }
      auto rows = db_.Exec(
          "INSERT INTO manifest_packages (manifest, ecosystem, name, version) "
          "SELECT $1, e, n, v FROM unnest($2::text[], $3::text[], $4::text[]) AS t(e, n, v)",
          Params().Text(digest).Text(columns[0].Done()).Text(columns[1].Done()).Text(columns[2].Done()),
          "cannot store the packages of a manifest");
      if (!rows) return std::unexpected(rows.error());
    }
    return {};
  }

  Result<std::optional<ReportRow>> GetReport(std::string_view report_id) override {
    auto rows = db_.Exec("SELECT report_id, asset_id, manifest, received FROM reports WHERE report_id = $1",
                         Params().Text(report_id), "cannot read report");
    if (!rows) return std::unexpected(rows.error());
    if (rows->size() == 0) return std::nullopt;
    return ReportRow{rows->String(0, 0), rows->Int(0, 1), rows->String(0, 2), rows->Int(0, 3)};
  }

  Result<void> InsertReport(const ReportRow& row) override {
    auto rows = db_.Exec("INSERT INTO reports (report_id, asset_id, manifest, received) VALUES ($1, $2, $3, $4)",
                         Params().Text(row.report_id).Int(row.asset_id).Text(row.manifest).Int(row.received),
                         "cannot store report " + row.report_id);
    if (!rows) return std::unexpected(rows.error());
    return {};
  }

  Result<void> AppendAssetManifest(std::int64_t asset_id, std::int64_t since, std::string_view manifest) override {
    auto rows = db_.Exec("INSERT INTO asset_manifests (asset_id, since, manifest) VALUES ($1, $2, $3)",
                         Params().Int(asset_id).Int(since).Text(manifest), "cannot store manifest history");
    if (!rows) return std::unexpected(rows.error());
    return {};
  }

  Result<FindingsDiff> ReplaceManifestFindings(std::string_view manifest, std::span<const FindingKey> findings,
                                               std::int64_t now) override {
    auto stored = ReadManifestFindings(db_, manifest);
    if (!stored) return std::unexpected(stored.error());
    std::vector<const FindingKey*> wanted;
    wanted.reserve(findings.size());
    for (const auto& f : findings) wanted.push_back(&f);
    std::sort(wanted.begin(), wanted.end(), [](const FindingKey* a, const FindingKey* b) { return *a < *b; });
    wanted.erase(std::unique(wanted.begin(), wanted.end(), [](const FindingKey* a, const FindingKey* b) { return *a == *b; }),
                 wanted.end());
    // Both lists are sorted: one merge finds what to insert and what to delete.
    std::vector<const FindingKey*> added;
    std::vector<const FindingKey*> removed;
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < wanted.size() || j < stored->size()) {
      if (j == stored->size() || (i < wanted.size() && *wanted[i] < (*stored)[j].key)) {
        added.push_back(wanted[i++]);
      } else if (i == wanted.size() || (*stored)[j].key < *wanted[i]) {
        removed.push_back(&(*stored)[j++].key);
      } else {
        ++i;
        ++j;
      }
    }
    const std::string text(manifest);
    auto deleted = ForFindingChunks(
        db_,
        "DELETE FROM manifest_findings WHERE manifest = $1 AND (vulnerability, ecosystem, name, version) IN "
        "(SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]))",
        [&] { return Params().Text(text); }, removed, "cannot store the findings of a manifest");
    if (!deleted) return std::unexpected(deleted.error());
    auto inserted = ForFindingChunks(
        db_,
        "INSERT INTO manifest_findings (manifest, since, vulnerability, ecosystem, name, version) "
        "SELECT $1, $2, v, e, n, ver FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS t(v, e, n, ver)",
        [&] { return Params().Text(text).Int(now); }, added, "cannot store the findings of a manifest");
    if (!inserted) return std::unexpected(inserted.error());
    return FindingsDiff{added.size(), removed.size()};
  }

 private:
  Connection& db_;
};

class PostgresStore final : public Store {
 public:
  PostgresStore(PGconn* conn, std::string location) : db_(conn, std::move(location)) {}

  Result<void> Migrate() {
    // The lock makes a second process wait for the first one's migration and then see its result.
    if (auto r = db_.BeginWrite(); !r) return r;
    auto migrated = MigrateInTransaction();
    if (!migrated) {
      db_.Rollback();
      return migrated;
    }
    return db_.Commit();
  }

  Result<std::unordered_map<std::string, std::string>> AdvisoryVersions() override {
    auto rows = db_.Exec("SELECT id, modified FROM advisories", Params(), "cannot read advisories");
    if (!rows) return std::unexpected(rows.error());
    std::unordered_map<std::string, std::string> out;
    out.reserve(static_cast<std::size_t>(rows->size()));
    for (int i = 0; i < rows->size(); ++i) out.emplace(rows->String(i, 0), rows->String(i, 1));
    return out;
  }

  Result<void> Apply(const KnowledgeBatch& batch) override {
    if (auto r = db_.BeginWrite(); !r) return r;
    auto applied = ApplyInTransaction(batch);
    if (!applied) {
      db_.Rollback();
      return applied;
    }
    return db_.Commit();
  }

  Result<void> ForEachAdvisory(const std::function<Result<void>(const AdvisoryRow&)>& visit,
                               const WantsJson& wants_json) override {
    // Pages by id, each read whole before its rows are visited, so that `visit` may use the store.
    // The JSON of a page is fetched only for the ids that want it.
    std::optional<std::string> after;
    AdvisoryRow row;
    while (true) {
      auto rows = after ? db_.Exec("SELECT id, modified, source, ecosystems FROM advisories WHERE id > $1 ORDER BY id LIMIT $2",
                                   Params().Text(*after).Int(kChunkRows), "cannot read advisories")
                        : db_.Exec("SELECT id, modified, source, ecosystems FROM advisories ORDER BY id LIMIT $1",
                                   Params().Int(kChunkRows), "cannot read advisories");
      if (!rows) return std::unexpected(rows.error());
      if (rows->size() == 0) return {};
      ArrayLiteral wanted_ids;
      std::vector<bool> wanted(static_cast<std::size_t>(rows->size()));
      bool any = false;
      for (int i = 0; i < rows->size(); ++i) {
        if (!wants_json(rows->Text(i, 0))) continue;
        wanted[static_cast<std::size_t>(i)] = true;
        wanted_ids.Add(rows->Text(i, 0));
        any = true;
      }
      std::unordered_map<std::string_view, std::string_view> json;
      std::optional<Rows> json_rows;
      if (any) {
        auto fetched = db_.Exec("SELECT id, json FROM advisories WHERE id = ANY($1::text[])",
                                Params().Text(wanted_ids.Done()), "cannot read advisories");
        if (!fetched) return std::unexpected(fetched.error());
        json_rows.emplace(std::move(*fetched));
        for (int i = 0; i < json_rows->size(); ++i) json.emplace(json_rows->Text(i, 0), json_rows->Text(i, 1));
      }
      for (int i = 0; i < rows->size(); ++i) {
        row.id = rows->String(i, 0);
        row.modified = rows->String(i, 1);
        row.source = rows->String(i, 2);
        row.ecosystems = rows->String(i, 3);
        row.json.clear();
        if (wanted[static_cast<std::size_t>(i)]) {
          const auto it = json.find(row.id);
          if (it == json.end()) return Fail(ErrorCode::kUnavailable, db_.location() + ": advisory " + row.id + " vanished while read");
          row.json = it->second;
        }
        if (auto r = visit(row); !r) return r;
      }
      after = rows->String(rows->size() - 1, 0);
    }
  }

  Result<std::optional<AdvisoryRow>> GetAdvisory(std::string_view id) override {
    auto rows = db_.Exec("SELECT id, modified, source, ecosystems, json FROM advisories WHERE id = $1", Params().Text(id),
                         "cannot read advisory");
    if (!rows) return std::unexpected(rows.error());
    if (rows->size() == 0) return std::nullopt;
    return AdvisoryRow{rows->String(0, 0), rows->String(0, 1), rows->String(0, 2), rows->String(0, 3), rows->String(0, 4)};
  }

  Result<std::vector<SourceCount>> CountAdvisoriesBySource() override {
    auto rows = db_.Exec("SELECT source, count(*) FROM advisories GROUP BY source ORDER BY source", Params(),
                         "cannot count advisories");
    if (!rows) return std::unexpected(rows.error());
    std::vector<SourceCount> out;
    for (int i = 0; i < rows->size(); ++i) out.push_back({rows->String(i, 0), static_cast<std::uint64_t>(rows->Int(i, 1))});
    return out;
  }

  Result<std::optional<FeedRow>> GetFeed(std::string_view name) override {
    auto rows = db_.Exec("SELECT name, version, published, source, content FROM feeds WHERE name = $1", Params().Text(name),
                         "cannot read feed");
    if (!rows) return std::unexpected(rows.error());
    if (rows->size() == 0) return std::nullopt;
    return FeedRow{rows->String(0, 0), rows->String(0, 1), rows->String(0, 2), rows->String(0, 3), rows->Bytes(0, 4)};
  }

  Result<void> Write(const TransactionBody& body) override {
    if (auto r = db_.BeginWrite(); !r) return r;
    // Rolls back on every way out but a successful COMMIT, an escaping exception included.
    struct Rollback {
      Connection* db;
      bool armed = true;
      ~Rollback() {
        if (armed) db->Rollback();
      }
    } rollback{&db_};
    PostgresTransaction transaction(db_);
    if (auto r = body(transaction); !r) return r;
    rollback.armed = false;
    return db_.Commit();
  }

  Result<std::vector<TokenRow>> ListTokens() override {
    auto rows = db_.Exec(std::string(kTokenColumns) + "ORDER BY id", Params(), "cannot read tokens");
    if (!rows) return std::unexpected(rows.error());
    std::vector<TokenRow> out;
    for (int i = 0; i < rows->size(); ++i) {
      auto token = ReadToken(*rows, i, db_.location());
      if (!token) return std::unexpected(token.error());
      out.push_back(std::move(*token));
    }
    return out;
  }

  Result<std::optional<TokenRow>> FindTokenByDigest(std::span<const std::uint8_t, 32> digest) override {
    return ReadOneToken(
        db_.Exec(std::string(kTokenColumns) + "WHERE secret_sha256 = $1", Params().Bytes(digest), "cannot read token"),
        db_.location());
  }

  Result<void> ForEachAuditEntry(const std::function<Result<void>(const AuditEntry&)>& visit) override {
    std::int64_t after = INT64_MIN;
    while (true) {
      auto entries = ReadAuditEntries(db_, after, kChunkRows);
      if (!entries) return std::unexpected(entries.error());
      if (entries->empty()) return {};
      for (const auto& e : *entries) {
        if (auto r = visit(e); !r) return r;
      }
      after = entries->back().seq;
    }
  }

  Result<std::vector<AuditEntry>> ListAuditEntries(std::int64_t after, std::size_t limit) override {
    return ReadAuditEntries(db_, after, limit);
  }

  Result<std::vector<AssetRow>> ListAssets() override {
    auto assets = ReadAssets(db_.Exec(std::string(kAssetColumns) + "ORDER BY name", Params(), "cannot read assets"));
    if (!assets) return std::unexpected(assets.error());
    if (auto r = ReadLabels(db_, *assets, true); !r) return std::unexpected(r.error());
    return assets;
  }

  Result<std::vector<AssetRow>> ListAssetsAfter(const AssetFilter& filter, const std::optional<std::string>& after,
                                                std::size_t limit) override {
    ArrayLiteral customers;
    for (const auto& c : filter.customers) customers.Add(c);
    auto assets = ReadAssets(db_.Exec(
        std::string(kAssetColumns) +
            "WHERE ($1::text IS NULL OR name > $1::text) AND ($2::text IS NULL OR team = $2::text) "
            "AND ($3::text IS NULL OR environment = $3::text) "
            "AND $5::text[] <@ ARRAY(SELECT value FROM asset_labels WHERE asset_id = assets.id AND kind = 'customer') "
            "ORDER BY name LIMIT $4",
        Params()
            .Optional(after)
            .Optional(filter.team)
            .Optional(filter.environment)
            .Int(static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)))
            .Text(customers.Done()),
        "cannot read assets"));
    if (!assets) return std::unexpected(assets.error());
    if (auto r = ReadLabels(db_, *assets, false); !r) return std::unexpected(r.error());
    return assets;
  }

  Result<std::vector<AssetManifestRow>> ListAssetManifests(std::int64_t asset_id) override {
    auto rows = db_.Exec("SELECT since, manifest FROM asset_manifests WHERE asset_id = $1 ORDER BY seq",
                         Params().Int(asset_id), "cannot read manifest history");
    if (!rows) return std::unexpected(rows.error());
    std::vector<AssetManifestRow> out;
    for (int i = 0; i < rows->size(); ++i) out.push_back({rows->Int(i, 0), rows->String(i, 1)});
    return out;
  }

  Result<std::vector<ManifestFindingRow>> GetManifestFindings(std::string_view manifest) override {
    return ReadManifestFindings(db_, manifest);
  }

  Result<void> ForEachManifest(const ManifestVisitor& visit) override {
    // Pages by the primary key; a manifest may span pages, so it is visited once its last row is read.
    std::string digest;
    std::vector<ManifestPackage> packages;
    std::optional<std::array<std::string, 4>> after;
    while (true) {
      auto rows = after ? db_.Exec(
                              "SELECT manifest, ecosystem, name, version FROM manifest_packages "
                              "WHERE (manifest, ecosystem, name, version) > ($1, $2, $3, $4) "
                              "ORDER BY manifest, ecosystem, name, version LIMIT $5",
                              Params().Text((*after)[0]).Text((*after)[1]).Text((*after)[2]).Text((*after)[3]).Int(kChunkRows),
                              "cannot read manifests")
                        : db_.Exec(
                              "SELECT manifest, ecosystem, name, version FROM manifest_packages "
                              "ORDER BY manifest, ecosystem, name, version LIMIT $1",
                              Params().Int(kChunkRows), "cannot read manifests");
      if (!rows) return std::unexpected(rows.error());
      if (rows->size() == 0) break;
      for (int i = 0; i < rows->size(); ++i) {
        if (rows->Text(i, 0) != digest) {
          if (!packages.empty()) {
            if (auto r = visit(digest, packages); !r) return r;
          }
          digest = rows->String(i, 0);
          packages.clear();
        }
        packages.push_back({rows->String(i, 1), rows->String(i, 2), rows->String(i, 3)});
      }
      const int last = rows->size() - 1;
      after = {rows->String(last, 0), rows->String(last, 1), rows->String(last, 2), rows->String(last, 3)};
    }
    if (!packages.empty()) return visit(digest, packages);
    return {};
  }

  Result<std::vector<ManifestPackage>> GetManifest(std::string_view digest) override {
    auto rows = db_.Exec(
        "SELECT ecosystem, name, version FROM manifest_packages WHERE manifest = $1 ORDER BY ecosystem, name, version",
        Params().Text(digest), "cannot read manifest");
    if (!rows) return std::unexpected(rows.error());
    std::vector<ManifestPackage> out;
    out.reserve(static_cast<std::size_t>(rows->size()));
    for (int i = 0; i < rows->size(); ++i) out.push_back({rows->String(i, 0), rows->String(i, 1), rows->String(i, 2)});
    return out;
  }

  Result<std::uint64_t> CountManifests() override {
    auto rows = db_.Exec("SELECT count(*) FROM manifests", Params(), "cannot count manifests");
    if (!rows) return std::unexpected(rows.error());
    return static_cast<std::uint64_t>(rows->Int(0, 0));
  }

 private:
  Result<void> MigrateInTransaction() {
    if (auto r = db_.Simple("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)",
                            "cannot create the schema version table");
        !r) {
      return r;
    }
    auto rows = db_.Exec("SELECT version FROM schema_version", Params(), "cannot read schema version");
    if (!rows) return std::unexpected(rows.error());
    const bool has_row = rows->size() > 0;
    const auto current = static_cast<std::size_t>(has_row ? rows->Int(0, 0) : 0);
    if (current > kMigrations.size()) {
      return Fail(ErrorCode::kFailedPrecondition, db_.location() + ": store schema version " + std::to_string(current) +
                                                      " is newer than this vigil supports (" +
                                                      std::to_string(kMigrations.size()) + "); upgrade vigil");
    }
    if (current == kMigrations.size()) return {};
    for (std::size_t v = current; v < kMigrations.size(); ++v) {
      if (auto r = db_.Simple(std::string(kMigrations[v]), "cannot migrate to schema version " + std::to_string(v + 1)); !r) {
        return r;
      }
    }
    auto updated = db_.Exec(has_row ? "UPDATE schema_version SET version = $1" : "INSERT INTO schema_version (version) VALUES ($1)",
                            Params().Int(static_cast<std::int64_t>(kMigrations.size())), "cannot record schema version");
    if (!updated) return std::unexpected(updated.error());
    return {};
  }

  Result<void> ApplyInTransaction(const KnowledgeBatch& batch) {
    // The last row of an id wins, as when the rows are applied one by one.
    std::vector<const AdvisoryRow*> advisories;
    std::unordered_set<std::string_view> seen;
    for (auto it = batch.advisories.rbegin(); it != batch.advisories.rend(); ++it) {
      if (seen.insert(it->id).second) advisories.push_back(&*it);
    }
    for (std::size_t start = 0; start < advisories.size(); start += kChunkRows) {
      std::array<ArrayLiteral, 5> columns;
      for (std::size_t i = start; i < std::min(advisories.size(), start + kChunkRows); ++i) {
        columns[0].Add(advisories[i]->id);
        columns[1].Add(advisories[i]->modified);
        columns[2].Add(advisories[i]->source);
        columns[3].Add(advisories[i]->ecosystems);
        columns[4].Add(advisories[i]->json);
      }
      Params params;
      for (const auto& c : columns) params.Text(c.Done());
      auto rows = db_.Exec(
          "INSERT INTO advisories (id, modified, source, ecosystems, json) "
          "SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) "
          "ON CONFLICT (id) DO UPDATE SET modified = excluded.modified, source = excluded.source, "
          "ecosystems = excluded.ecosystems, json = excluded.json",
          params, "cannot store advisories");
      if (!rows) return std::unexpected(rows.error());
    }
    for (const auto& row : batch.feeds) {
      const std::span<const std::uint8_t> content(reinterpret_cast<const std::uint8_t*>(row.content.data()), row.content.size());
      auto rows = db_.Exec(
          "INSERT INTO feeds (name, version, published, source, content) VALUES ($1, $2, $3, $4, $5) "
          "ON CONFLICT (name) DO UPDATE SET version = excluded.version, published = excluded.published, "
          "source = excluded.source, content = excluded.content",
          Params().Text(row.name).Text(row.version).Text(row.published).Text(row.source).Bytes(content),
          "cannot store feed " + row.name);
      if (!rows) return std::unexpected(rows.error());
    }
    return {};
  }

  Connection db_;
};

void IgnoreNotice(void*, const char*) {}

}  // namespace

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url) {
  const std::string location = RedactUrl(url);
  PGconn* conn = PQconnectdb(url.c_str());
  if (conn == nullptr) return Fail(ErrorCode::kUnavailable, location + ": cannot connect: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string reason = OneLine(PQerrorMessage(conn));
    PQfinish(conn);
    return Fail(ErrorCode::kUnavailable, location + ": cannot connect: " + reason);
  }
  // "relation already exists, skipping" and the like are not for vigil's users.
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  if (PQsetClientEncoding(conn, "UTF8") != 0) {
    PQfinish(conn);
    return Fail(ErrorCode::kUnavailable, location + ": cannot use UTF-8 on this connection");
  }
  auto store = std::make_unique<PostgresStore>(conn, location);
  if (auto migrated = store->Migrate(); !migrated) return std::unexpected(migrated.error());
  return store;
}

}  // namespace vigil::store
