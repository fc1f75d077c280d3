// The agent's side of ingest: sends one report to a fleet server's POST /api/v1/reports with a
// bearer token (libcurl, which vigil already uses for feed downloads and which brings https,
// proxies and timeouts). Thread-compatible.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace vigil::server {

struct PushAnswer {
  long status = 0;  // HTTP status
  std::string body;
};

// `server` is the base URL ("http://host:port" or "https://host:port"). An https server's
// certificate is always verified: against the PEM bundle `ca_file` when given, else the system's
// trusted CAs. Transport failures (refused, timed out, certificate rejected) are kUnavailable; any
// HTTP answer, successful or not, is returned for the caller to judge.
[[nodiscard]] Result<PushAnswer> PushReport(std::string_view server, std::string_view token, std::string_view report,
                                            const std::string& ca_file);

}  // namespace vigil::server
