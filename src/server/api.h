// The fleet server's API, independent of the transport: the routing table with each route's
// permission, bearer-token authentication, the handlers (report ingest, blast radius, assets,
// health, readiness, metrics) and the request counters. The HTTP layer (http_server.h) turns
// bytes into Requests and Responses. Not thread-safe: the server calls it from one thread, which
// is also the only one touching the store and the blast-radius index.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"
#include "fleet/blast_radius.h"
#include "knowledge/snapshot.h"
#include "server/router.h"
#include "store/store.h"

namespace vigil::server {

// The message of every 404 about an object: a missing one and one the caller may not see answer
// byte for byte the same.
inline constexpr std::string_view kNotFoundMessage = "not found";

inline constexpr std::size_t kDefaultPageSize = 100;
inline constexpr std::size_t kMaxPageSize = 1000;

class Api {
 public:
  using Clock = std::function<std::int64_t()>;  // Unix seconds

  // Builds the blast-radius index from the store; `store` and `snapshot` must outlive the Api.
  [[nodiscard]] static Result<std::unique_ptr<Api>> Create(store::Store& store, const knowledge::Snapshot& snapshot,
                                                           Clock clock);
  // Use Create; public for make_unique.
  Api(store::Store& store, fleet::BlastRadiusIndex index, Clock clock);
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  [[nodiscard]] Response Handle(const Request& request);
  // A request the transport refused before it was complete (too large, malformed), counted in
  // the metrics under the route "-".
  [[nodiscard]] Response TransportError(unsigned status, std::string_view code, std::string_view message);

  [[nodiscard]] const Router& router() const { return router_; }

 private:
  void AddRoutes();
  Response Dispatch(const Request& request, std::string& route_label);
  Response Ingest(const Context& context);
  Response BlastRadius(const Context& context);
  Response ListAssets(const Context& context);
  Response GetAsset(const Context& context);
  Response Ready() const;
  Response Metrics() const;
  void Count(const std::string& route, unsigned status) { ++requests_[{route, status}]; }

  store::Store& store_;
  fleet::BlastRadiusIndex index_;
  Clock clock_;
  Router router_;
  std::map<std::pair<std::string, unsigned>, std::uint64_t> requests_;  // (route pattern, status)
  std::map<std::string, std::uint64_t> ingested_;                       // by ingest status
  std::uint64_t ingested_packages_ = 0;
  std::uint64_t ingest_errors_ = 0;
};

// {"error": {"code": CODE, "message": MESSAGE}} with `status`.
[[nodiscard]] Response ErrorResponse(unsigned status, std::string_view code, std::string_view message);

}  // namespace vigil::server
