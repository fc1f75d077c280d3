// The persistence interface of vigil (GUIDE §7): everything durable goes through a Store. It holds
// vulnerability knowledge (OSV records as imported, the latest KEV and EPSS feeds), API tokens (by
// the SHA-256 of their secret only) and the hash-chained audit log. Implementations are not
// thread-safe; give each thread its own Store.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

namespace vigil::store {

struct AdvisoryRow {
  std::string id;
  std::string modified;    // RFC 3339, as in the record
  std::string source;      // where it was imported from, e.g. "PyPI/all.zip" or a mirror URL
  std::string ecosystems;  // comma-separated ecosystems of its affected packages
  std::string json;        // the record exactly as imported
};

// The newest copy of one feed, replaced whole on import.
struct FeedRow {
  std::string name;       // "kev" or "epss"
  std::string version;    // KEV catalogVersion, EPSS model_version
  std::string published;  // KEV dateReleased, EPSS score_date
  std::string source;
  std::string content;    // the feed as imported (JSON or CSV)
};

// Everything one import changes, applied in one transaction.
struct KnowledgeBatch {
  std::vector<AdvisoryRow> advisories;  // inserted or replaced by id
  std::vector<FeedRow> feeds;           // replaced by name
};

struct SourceCount {
  std::string source;
  std::uint64_t advisories = 0;
};

// One API token as stored. The secret itself is never stored, only its SHA-256.
struct TokenRow {
  std::int64_t id = 0;  // assigned by the store on insert
  std::string name;
  std::string role;  // auth::RoleName
  std::optional<std::string> team;
  std::optional<std::string> customer;
  std::array<std::uint8_t, 32> secret_sha256{};
  std::int64_t created = 0;                // Unix seconds
  std::optional<std::int64_t> expires;     // Unix seconds; the token is refused from this moment
  std::optional<std::int64_t> revoked_at;  // Unix seconds
};

// One entry of the audit log as stored; audit/audit.h defines its hash and the chain rules.
struct AuditEntry {
  std::int64_t seq = 0;  // 1, 2, 3, … without gaps
  std::string time;      // RFC 3339 UTC
  std::string actor;
  std::string action;
  std::string object;
  std::optional<std::string> before_sha256;  // lowercase hex; absent when the object did not exist
  std::optional<std::string> after_sha256;   // lowercase hex; absent when the object no longer exists
  std::string prev_hash;                     // hash of entry seq - 1 (the genesis value for seq 1)
  std::string hash;                          // lowercase hex
};

// The writes of one transaction: a change and the audit entry that records it commit together.
class Transaction {
 public:
  virtual ~Transaction() = default;
  // Returns the id the store gave the token (`row.id` is ignored).
  [[nodiscard]] virtual Result<std::int64_t> InsertToken(const TokenRow& row) = 0;
  [[nodiscard]] virtual Result<std::optional<TokenRow>> GetToken(std::int64_t id) = 0;
  [[nodiscard]] virtual Result<void> SetTokenRevoked(std::int64_t id, std::int64_t revoked_at) = 0;
  [[nodiscard]] virtual Result<std::optional<AuditEntry>> LastAuditEntry() = 0;
  // Appends; the store keeps entries append-only and refuses a sequence number already used.
  [[nodiscard]] virtual Result<void> AppendAuditEntry(const AuditEntry& entry) = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // id -> modified of every stored advisory, to decide what an import changes.
  [[nodiscard]] virtual Result<std::unordered_map<std::string, std::string>> AdvisoryVersions() = 0;
  [[nodiscard]] virtual Result<void> Apply(const KnowledgeBatch& batch) = 0;
  // Visits every stored advisory in id order. `row.json` is read only when `wants_json(id)` says so
  // (empty otherwise), so a caller that already holds a record's parsed form skips reading it back.
  using WantsJson = std::function<bool(std::string_view id)>;
  [[nodiscard]] virtual Result<void> ForEachAdvisory(const std::function<Result<void>(const AdvisoryRow&)>& visit,
                                                     const WantsJson& wants_json) = 0;
  [[nodiscard]] virtual Result<std::optional<AdvisoryRow>> GetAdvisory(std::string_view id) = 0;
  [[nodiscard]] virtual Result<std::vector<SourceCount>> CountAdvisoriesBySource() = 0;
  [[nodiscard]] virtual Result<std::optional<FeedRow>> GetFeed(std::string_view name) = 0;

  // Runs `body` in one write transaction that holds the write lock from its start, so that reading
  // the audit log's last entry and appending the next one cannot interleave with another writer.
  // Commits when `body` succeeds; rolls everything back when it fails.
  using TransactionBody = std::function<Result<void>(Transaction&)>;
  [[nodiscard]] virtual Result<void> Write(const TransactionBody& body) = 0;
  // Every token in id order.
  [[nodiscard]] virtual Result<std::vector<TokenRow>> ListTokens() = 0;
  [[nodiscard]] virtual Result<std::optional<TokenRow>> FindTokenByDigest(std::span<const std::uint8_t, 32> digest) = 0;
  // Visits the audit log in sequence order.
  [[nodiscard]] virtual Result<void> ForEachAuditEntry(const std::function<Result<void>(const AuditEntry&)>& visit) = 0;
};

// Opens (creating if needed) the embedded SQLite store at `path`, migrating it to the newest schema.
// A store written by a newer vigil is refused with kFailedPrecondition.
[[nodiscard]] Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

}  // namespace vigil::store
