// The persistence interface of vigil (GUIDE §7): everything durable goes through a Store. This
// part holds vulnerability knowledge: OSV records as imported (raw JSON, keyed by id) and the
// latest copy of each feed (KEV catalog, EPSS scores). Implementations are not thread-safe; give
// each thread its own Store.
#pragma once

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
};

// Opens (creating if needed) the embedded SQLite store at `path`, migrating it to the newest schema.
// A store written by a newer vigil is refused with kFailedPrecondition.
[[nodiscard]] Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

}  // namespace vigil::store
