// The persistence interface of vigil (GUIDE §7): everything durable goes through a Store. It holds
// vulnerability knowledge (OSV records as imported, the latest KEV and EPSS feeds), API tokens (by
// the SHA-256 of their secret only), the hash-chained audit log and the fleet (assets, their
// content-addressed manifests and manifest history, the findings of each manifest, ingested
// reports). Implementations are not thread-safe; give each thread its own Store.
#pragma once

#include <algorithm>
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

// One asset of the fleet, identified by its unique name. Optional fields are unknown until a report
// or a CMDB import says. Lists are kept sorted and without duplicates.
struct AssetRow {
  std::int64_t id = 0;  // assigned by the store on insert
  std::string name;
  std::optional<std::string> external_id;  // the CMDB's id
  std::optional<std::string> kind;         // host, vm, image, container, service
  std::optional<std::string> team;         // the owner team
  std::vector<std::string> customers;
  std::optional<std::string> environment;  // prod, staging, dev
  bool internet_exposed = false;
  std::vector<std::string> data_classes;   // cardholder, personal, credentials, …
  std::optional<std::int64_t> criticality;  // 1 (highest) to 4
  std::vector<std::string> tags;
  std::optional<std::string> os_id;  // os-release ID, VERSION_ID, PRETTY_NAME
  std::optional<std::string> os_version;
  std::optional<std::string> os_pretty;
  std::optional<std::int64_t> first_seen;  // Unix seconds of its first and latest report
  std::optional<std::int64_t> last_seen;
  std::optional<std::string> manifest;  // digest of what it runs, from its latest report
};

// One entry of a manifest: what the matcher keys on (for Alpine the origin package), with the name
// in its ecosystem's canonical spelling.
struct ManifestPackage {
  std::string ecosystem;
  std::string name;
  std::string version;
  auto operator<=>(const ManifestPackage&) const = default;
};

// Which assets a listing returns: every field set must hold (an unset one matches everything).
struct AssetFilter {
  std::optional<std::string> team;
  std::vector<std::string> customers;  // the asset serves every one of them
  std::optional<std::string> environment;

  [[nodiscard]] bool Matches(const AssetRow& asset) const {
    if (team && asset.team != *team) return false;
    if (environment && asset.environment != *environment) return false;
    for (const auto& c : customers) {
      if (std::find(asset.customers.begin(), asset.customers.end(), c) == asset.customers.end()) return false;
    }
    return true;
  }
};

// One entry of an asset's manifest history: from `since` (Unix seconds) it ran `manifest`.
struct AssetManifestRow {
  std::int64_t since = 0;
  std::string manifest;
};

// What a finding of a manifest is about: a vulnerability (the matcher's id for its identity group,
// the smallest matching record id) in one package version of the manifest.
struct FindingKey {
  std::string vulnerability;
  std::string ecosystem;
  std::string name;
  std::string version;
  auto operator<=>(const FindingKey&) const = default;
};

// A finding of a manifest as stored: `since` is when vigil first knew it for that manifest (the
// manifest's ingest, or the recompute that added it).
struct ManifestFindingRow {
  FindingKey key;
  std::int64_t since = 0;
};

struct FindingsDiff {
  std::size_t added = 0;
  std::size_t removed = 0;
};

// One ingested report; its id makes ingest idempotent.
struct ReportRow {
  std::string report_id;
  std::int64_t asset_id = 0;
  std::string manifest;
  std::int64_t received = 0;  // Unix seconds
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

  [[nodiscard]] virtual Result<std::optional<AssetRow>> GetAssetByName(std::string_view name) = 0;
  // Inserts (row.id == 0) or replaces every field of asset row.id; returns its id.
  [[nodiscard]] virtual Result<std::int64_t> PutAsset(const AssetRow& row) = 0;
  [[nodiscard]] virtual Result<bool> HasManifest(std::string_view digest) = 0;
  // Stores a manifest not stored yet; `packages` sorted and distinct.
  [[nodiscard]] virtual Result<void> InsertManifest(std::string_view digest, std::span<const ManifestPackage> packages,
                                                    std::int64_t created) = 0;
  [[nodiscard]] virtual Result<std::optional<ReportRow>> GetReport(std::string_view report_id) = 0;
  [[nodiscard]] virtual Result<void> InsertReport(const ReportRow& row) = 0;

  // Appends an entry to the manifest history of asset `asset_id` (which must exist, as must the
  // manifest). Entries are kept in append order, which is the order ListAssetManifests returns;
  // two entries may share a `since`. Ingest appends one for an asset's first report and for each
  // report whose manifest differs from the asset's previous one.
  [[nodiscard]] virtual Result<void> AppendAssetManifest(std::int64_t asset_id, std::int64_t since,
                                                         std::string_view manifest) = 0;
  // Makes the stored findings of manifest `manifest` (which must exist) exactly `findings`
  // (distinct keys, any order): a key not stored yet is inserted with since = `now`, a stored key
  // keeps its since, a stored key absent from `findings` is deleted. Returns how many were
  // inserted and deleted (both 0 when nothing changed).
  [[nodiscard]] virtual Result<FindingsDiff> ReplaceManifestFindings(std::string_view manifest,
                                                                     std::span<const FindingKey> findings,
                                                                     std::int64_t now) = 0;
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
  // The first `limit` audit entries whose seq is greater than `after`, in sequence order.
  [[nodiscard]] virtual Result<std::vector<AuditEntry>> ListAuditEntries(std::int64_t after, std::size_t limit) = 0;

  // Every asset in name order.
  [[nodiscard]] virtual Result<std::vector<AssetRow>> ListAssets() = 0;
  // One page of a keyset walk over the assets in name order (bytewise, as std::string compares:
  // in SQL, COLLATE "C"): the first `limit`
  // assets that `filter` matches (AssetFilter::Matches) whose name is greater than `after` (all
  // names when absent), labels filled in.
  [[nodiscard]] virtual Result<std::vector<AssetRow>> ListAssetsAfter(const AssetFilter& filter,
                                                                      const std::optional<std::string>& after,
                                                                      std::size_t limit) = 0;
  // The manifest history of asset `asset_id` in append order; empty for an unknown asset.
  [[nodiscard]] virtual Result<std::vector<AssetManifestRow>> ListAssetManifests(std::int64_t asset_id) = 0;
  // The stored findings of a manifest sorted by FindingKey::operator< (bytewise on vulnerability,
  // ecosystem, name, version: in SQL, ORDER BY those COLLATE "C"), which callers binary-search;
  // empty when it has none (or is unknown).
  [[nodiscard]] virtual Result<std::vector<ManifestFindingRow>> GetManifestFindings(std::string_view manifest) = 0;
  // Visits every manifest's packages, grouped by manifest (digest order), sorted within one.
  using ManifestVisitor = std::function<Result<void>(std::string_view digest, std::span<const ManifestPackage>)>;
  [[nodiscard]] virtual Result<void> ForEachManifest(const ManifestVisitor& visit) = 0;
  [[nodiscard]] virtual Result<std::vector<ManifestPackage>> GetManifest(std::string_view digest) = 0;
  [[nodiscard]] virtual Result<std::uint64_t> CountManifests() = 0;
};

// Opens (creating if needed) the embedded SQLite store at `path`, migrating it to the newest schema.
// A store written by a newer vigil is refused with kFailedPrecondition.
[[nodiscard]] Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

// Connects to the PostgreSQL database at `url` (a libpq connection URI, postgresql://…) and migrates
// it like OpenSqliteStore. Error messages show the URL with its password replaced by "***".
[[nodiscard]] Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url);

// PostgreSQL for a postgresql:// or postgres:// URL, else the SQLite file at that path.
[[nodiscard]] Result<std::unique_ptr<Store>> OpenStore(std::string_view location);

}  // namespace vigil::store
