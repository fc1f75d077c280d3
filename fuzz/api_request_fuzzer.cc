// Feeds arbitrary request targets to the server's target parsing, percent-decoding and route lookup
// (a small fixed table; the first byte picks the method): a result or nothing, never a crash.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <utility>

#include "server/router.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

const vigil::server::Router& Table() {
  static const vigil::server::Router router = [] {
    vigil::server::Router r;
    const auto add = [&r](const char* method, const char* pattern) {
      vigil::server::Route route;
      route.method = method;
      route.pattern = pattern;
      r.Add(std::move(route));
    };
    for (const char* pattern : {"/healthz", "/api/v1/assets", "/api/v1/assets/{name}",
                                "/api/v1/vulnerabilities/{id}/blast-radius", "/api/v1/reports"}) {
      add("GET", pattern);
    }
    add("POST", "/api/v1/reports");
    return r;
  }();
  return router;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // Ordered so that a leading 'G' reads GET and 'P' POST, as in the seeds.
  static constexpr std::string_view kMethods[] = {"POST", "PUT", "DELETE", "GET"};
  const std::string_view method = kMethods[data[0] % std::size(kMethods)];
  const std::string_view target(reinterpret_cast<const char*>(data + 1), size - 1);

  for (const bool plus_is_space : {false, true}) {
    const auto decoded = vigil::server::PercentDecode(target, plus_is_space);
    // A NUL in the output can only be one the input carried raw: "%00" is refused.
    if (decoded) {
      Check(decoded->size() <= target.size() &&
            std::ranges::count(*decoded, '\0') == std::ranges::count(target, '\0'));
    }
  }
  const auto parsed = vigil::server::ParseTarget(target);
  if (!parsed) return 0;
  Check(!parsed->path.empty() && parsed->path.front() == '/');
  const auto found = Table().Find(method, parsed->path);
  if (found.route != nullptr) {
    Check(found.route->method == method && !found.wrong_method);
    for (const auto& [name, value] : found.params) Check(!value.empty());
  }
  return 0;
}
