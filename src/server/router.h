// The fleet server's routing table: each route names its method, its path pattern ("{name}"
// segments capture one percent-decoded path segment) and its permission — whether a token is
// needed, which roles may call it and how a team or customer binding narrows what it sees.
// Plain data and lookups; thread-compatible.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/token.h"

namespace vigil::server {

// A request as the handlers see it, independent of the transport.
struct Request {
  std::string method;  // "GET", "POST", …
  std::string target;  // path and query, as sent
  std::string authorization;
  std::string body;
};

struct Response {
  unsigned status = 200;
  std::string body;
  std::string content_type = "application/json";
};

struct Context {
  const Request& request;
  std::map<std::string, std::string> params;  // captured path segments
  std::map<std::string, std::string> query;
  std::optional<auth::Principal> principal;  // set on every authenticated route
};

using Handler = std::function<Response(const Context&)>;

struct Route {
  std::string method;
  std::string pattern;            // "/api/v1/vulnerabilities/{id}/blast-radius"
  bool authenticated = true;      // false: anyone may call it (health, readiness, metrics)
  std::vector<auth::Role> roles;  // who may call it when authenticated
  std::string scoping;            // how a binding narrows the answer, for the docs and OpenAPI
  Handler handler;
};

class Router {
 public:
  void Add(Route route) { routes_.push_back(std::move(route)); }

  struct Found {
    const Route* route = nullptr;  // null: no route
    bool wrong_method = false;     // the path matched a route of another method
    std::map<std::string, std::string> params;
  };
  // `path` as the request sent it (percent-encoded).
  [[nodiscard]] Found Find(std::string_view method, std::string_view path) const;

  [[nodiscard]] const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Splits a request target into its path (still percent-encoded; Find decodes each segment) and
// its decoded query parameters ('+' is a space). Returns nothing for an undecodable target.
struct Target {
  std::string path;
  std::map<std::string, std::string> query;
};
[[nodiscard]] std::optional<Target> ParseTarget(std::string_view target);

// Percent-decodes; nothing when a '%' escape is malformed or decodes to NUL.
[[nodiscard]] std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);

}  // namespace vigil::server
