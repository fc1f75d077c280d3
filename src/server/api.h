// The fleet server's API, independent of the transport: the routing table with each route's
// permission, bearer-token authentication, the handlers (report ingest, blast radius, assets,
// findings, audit log, health, readiness, metrics) and the request counters. The HTTP layer (http_server.h) turns
// bytes into Requests and Responses. Not thread-safe: the server calls it from one thread, which
// is also the only one touching the store and the blast-radius index.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"
#include "fleet/blast_radius.h"
#include "fleet/manifest_memo.h"
#include "knowledge/snapshot.h"
#include "server/router.h"
#include "store/store.h"

namespace vigil::server {

// The message of every 404 about an object: a missing one and one the caller may not see answer
// byte for byte the same.
inline constexpr std::string_view kNotFoundMessage = "not found";

inline constexpr std::size_t kDefaultPageSize = 100;
inline constexpr std::size_t kMaxPageSize = 1000;
// Assets a blast radius lists unless `limit` says otherwise (its counts cover every asset).
inline constexpr std::size_t kBlastRadiusPageSize = 1000;
inline constexpr std::int64_t kSnapshotCheckSeconds = 10;

class Api {
 public:
  using Clock = std::function<std::int64_t()>;  // Unix seconds

  // Brings the stored findings up to date with `snapshot` (RecomputeFindings, audited as
  // "server") and builds the blast-radius index; `store` and `snapshot` must outlive the Api.
  // With `watch` (the snapshot's file), a request first checks, at most every
  // kSnapshotCheckSeconds, whether the file was replaced (`vigil db update` in another process);
  // if so the new snapshot is opened, the findings recomputed and the index rebuilt before the
  // request is answered. A snapshot that fails to load leaves the current one serving.
  [[nodiscard]] static Result<std::unique_ptr<Api>> Create(store::Store& store, const knowledge::Snapshot& snapshot,
                                                           Clock clock, std::filesystem::path watch = {});
  // Use Create; public for make_unique.
  Api(store::Store& store, const knowledge::Snapshot& snapshot, fleet::BlastRadiusIndex index, Clock clock,
      std::filesystem::path watch);
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  [[nodiscard]] Response Handle(const Request& request);
  // A request the transport refused before it was complete (too large, malformed), counted in
  // the metrics under the route "-".
  [[nodiscard]] Response TransportError(unsigned status, std::string_view code, std::string_view message);

  [[nodiscard]] const Router& router() const { return router_; }

 private:
  void AddRoutes();
  // Identity of the watched file: replaced files differ in inode, size or modification time.
  struct FileStamp {
    std::uint64_t inode = 0;
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    bool operator==(const FileStamp&) const = default;
  };
  [[nodiscard]] std::optional<FileStamp> Stamp() const;
  void ReloadIfReplaced();
  Response Dispatch(const Request& request, std::string& route_label);
  Response Ingest(const Context& context);
  Response BlastRadius(const Context& context);
  Response ListAssets(const Context& context);
  Response GetAsset(const Context& context);
  Response ListFindings(const Context& context);
  Response ListAudit(const Context& context);
  Response Ready() const;
  Response Metrics() const;
  void Count(const std::string& route, unsigned status) { ++requests_[{route, status}]; }

  store::Store& store_;
  const knowledge::Snapshot* snapshot_;
  std::unique_ptr<knowledge::Snapshot> reloaded_;  // owns snapshot_ after a reload
  fleet::BlastRadiusIndex index_;
  fleet::ManifestMemo memo_;  // package arrays of manifests already stored, for ingest
  Clock clock_;
  std::filesystem::path watch_;
  std::optional<FileStamp> stamp_;
  std::int64_t next_check_ = 0;
  std::uint64_t reloads_ = 0;
  std::uint64_t reload_failures_ = 0;
  Router router_;
  std::map<std::pair<std::string, unsigned>, std::uint64_t> requests_;  // (route pattern, status)
  std::map<std::string, std::uint64_t> ingested_;                       // by ingest status
  std::uint64_t ingested_packages_ = 0;
  std::uint64_t ingest_errors_ = 0;
};

// {"error": {"code": CODE, "message": MESSAGE}} with `status`.
[[nodiscard]] Response ErrorResponse(unsigned status, std::string_view code, std::string_view message);

}  // namespace vigil::server
