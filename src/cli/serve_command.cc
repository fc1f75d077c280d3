// `vigil serve`: the fleet server on the store and advisory snapshot of $VIGIL_HOME, until SIGTERM
// or SIGINT. It refuses to start without a snapshot: the blast-radius index cannot exist without
// one, and a server that accepts reports but cannot answer for them would only look ready.
#include <fmt/format.h>

#include <ctime>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "knowledge/snapshot.h"
#include "server/api.h"
#include "server/http_server.h"

namespace vigil::cli {
namespace {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  std::size_t max_body = server::ServerOptions{}.body_limit;
  std::int64_t read_timeout = server::ServerOptions{}.read_timeout.count();
  std::int64_t idle_timeout = server::ServerOptions{}.idle_timeout.count();
  std::string tls_certificate;
  std::string tls_key;
};

int RunServe(const ServeOptions& options, const GlobalOptions& global) {
  server::ServerOptions server_options;
  if (auto parsed = server::ParseListen(options.listen, server_options); !parsed) return ReportError(parsed.error());
  server_options.body_limit = options.max_body;
  server_options.read_timeout = std::chrono::seconds(options.read_timeout);
  server_options.idle_timeout = std::chrono::seconds(options.idle_timeout);
  server_options.tls_certificate = options.tls_certificate;
  server_options.tls_key = options.tls_key;

  auto snapshot = knowledge::Snapshot::Open(VigilHome() / "advisories.snap");
  if (!snapshot) {
    if (snapshot.error().code == ErrorCode::kNotFound) {
      return ReportError({ErrorCode::kFailedPrecondition, "serve: no advisory database in " + VigilHome().string() +
                                                              ": run `vigil db update` or `vigil db import` first"});
    }
    return ReportError(snapshot.error());
  }
  auto store = OpenHomeStore();
  if (!store) return ReportError(store.error());
  // Catches the findings up with the snapshot, and reloads it when `vigil db update` replaces it.
  auto api = server::Api::Create(**store, *snapshot, [] { return static_cast<std::int64_t>(std::time(nullptr)); },
                                 VigilHome() / "advisories.snap");
  if (!api) return ReportError(api.error());
  auto served = server::Serve(**api, server_options, [&](std::uint16_t port) {
    if (global.quiet) return;
    std::string host = server_options.host;
    if (host.find(':') != std::string::npos) {
      host.insert(0, "[");
      host += ']';
    }
    std::cerr << fmt::format("vigil: serving on {}://{}:{}\n", options.tls_certificate.empty() ? "http" : "https", host,
                             port);
  });
  if (!served) return ReportError(served.error());
  if (!global.quiet) std::cerr << "vigil: drained; stopped\n";
  return kExitOk;
}

}  // namespace

void AddServeCommand(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto options = std::make_shared<ServeOptions>();
  auto* serve = app.add_subcommand("serve", "Run the fleet server (docs/api/openapi.yaml) until SIGTERM or SIGINT");
  serve->add_option("--listen", options->listen, "HOST:PORT to listen on (default 127.0.0.1:8080)");
  serve->add_option("--max-body", options->max_body, "Largest request body in bytes (default 8 MiB)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30));
  serve->add_option("--read-timeout", options->read_timeout, "Seconds to receive one request (default 30)")
      ->check(CLI::Range(1, 3600));
  serve->add_option("--idle-timeout", options->idle_timeout, "Seconds a kept-alive connection may wait (default 60)")
      ->check(CLI::Range(1, 3600));
  auto* certificate =
      serve->add_option("--tls-cert", options->tls_certificate,
                        "Serve HTTPS with this PEM certificate (then any intermediates); needs --tls-key");
  auto* key = serve->add_option("--tls-key", options->tls_key, "The PEM private key of --tls-cert");
  certificate->needs(key);
  key->needs(certificate);
  serve->callback([&global, &exit_code, options] { exit_code = RunServe(*options, global); });
}

}  // namespace vigil::cli
