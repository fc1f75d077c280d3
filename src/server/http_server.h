// The fleet server's HTTP/1.1 transport (Boost.Beast, asynchronous, one thread), plain or over TLS
// (OpenSSL, TLS 1.2 and later): accepts connections, reads requests within header and body limits
// and timeouts, hands them to the Api and writes the answers; drains gracefully on SIGTERM or
// SIGINT (stops accepting, finishes the requests in flight, closes idle connections). Everything —
// sockets, the Api, the store — runs on the calling thread, so the Api needs no locking.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "core/result.h"
#include "server/api.h"

namespace vigil::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;                    // 0: any free port
  std::size_t header_limit = 16 * 1024;      // bytes of request line and headers (431 beyond)
  std::size_t body_limit = 8 * 1024 * 1024;  // bytes of body (413 beyond)
  std::chrono::seconds read_timeout{30};     // from a request's first byte to its last
  std::chrono::seconds idle_timeout{60};     // a kept-alive connection waiting for its next request
  // PEM files; both set: HTTPS (the handshake counts against read_timeout), both empty: plain HTTP.
  std::string tls_certificate;  // the server's certificate, then any intermediates
  std::string tls_key;
};

// "HOST:PORT" or "[V6]:PORT" into `options`; kInvalidArgument otherwise.
[[nodiscard]] Result<void> ParseListen(std::string_view listen, ServerOptions& options);

// Serves until SIGTERM or SIGINT, then drains and returns. A TLS certificate or key that cannot be
// read or used is kInvalidArgument naming the file, before anything listens. `on_listening` is
// called with the bound port once the socket accepts connections.
[[nodiscard]] Result<void> Serve(Api& api, const ServerOptions& options,
                                 const std::function<void(std::uint16_t port)>& on_listening);

}  // namespace vigil::server
