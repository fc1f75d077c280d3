// vigil-fleet-sim: writes, prints or pushes the reports of a simulated fleet (fleet_sim.h), and
// serves a discarding HTTP sink that gives benchmarks the floor of sending the same bytes.
//   vigil-fleet-sim --hosts N [--images M] [--seed S] (--out DIR | --ndjson | --push URL --token T)
//   vigil-fleet-sim --sink 127.0.0.1:PORT
#include <CLI/CLI.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "fleet_sim.h"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct Endpoint {
  std::string host;
  std::string port;
  std::string path;
};

// "http://HOST:PORT[/PATH]" or "HOST:PORT".
bool ParseEndpoint(std::string text, Endpoint& out) {
  if (text.starts_with("http://")) text.erase(0, 7);
  const auto slash = text.find('/');
  out.path = slash == std::string::npos ? "" : text.substr(slash);
  text = text.substr(0, slash);
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) return false;
  out.host = text.substr(0, colon);
  out.port = text.substr(colon + 1);
  return !out.host.empty() && !out.port.empty();
}

// Answers every request 200 without looking at it, one thread per connection.
int Sink(const Endpoint& at) {
  asio::io_context io;
  tcp::acceptor acceptor(io, {asio::ip::make_address(at.host), static_cast<unsigned short>(std::stoi(at.port))});
  std::fprintf(stderr, "sink listening on %s:%s\n", at.host.c_str(), at.port.c_str());
  for (;;) {
    tcp::socket socket(io);
    acceptor.accept(socket);
    std::thread([s = std::move(socket)]() mutable {
      beast::flat_buffer buffer;
      beast::error_code ec;
      for (;;) {
        http::request_parser<http::string_body> parser;
        parser.body_limit(1ULL << 30);
        http::read(s, buffer, parser, ec);
        if (ec) return;
        http::response<http::string_body> response{http::status::ok, 11};
        response.set(http::field::content_type, "application/json");
        response.body() = "{}";
        response.prepare_payload();
        http::write(s, response, ec);
        if (ec) return;
      }
    }).detach();
  }
}

struct Pushed {
  std::atomic<std::uint64_t> ok{0}, failed{0}, bytes{0}, packages{0};
};

// One keep-alive connection: pushes hosts first, first + step, … (reconnecting when the server
// closes). Prints the first few failures.
void PushWorker(const vigil::fleet_sim::Fleet& fleet, const Endpoint& at, const std::string& token, std::uint64_t first,
                std::uint64_t step, std::uint64_t hosts, std::uint64_t offset, std::uint64_t round, Pushed& pushed) {
  asio::io_context io;
  tcp::resolver resolver(io);
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
  const std::string target = at.path.empty() || at.path == "/" ? "/api/v1/reports" : at.path;
  for (std::uint64_t i = first; i < hosts; i += step) {
    std::string body = fleet.Report(offset + i, round);
    const std::size_t size = body.size();
    const auto host = fleet.HostAt(offset + i);
    const std::size_t listed = fleet.Packages(host.image, host.cohort).size();
    for (int attempt = 0; attempt < 3; ++attempt) {
      beast::error_code ec;
      if (!stream) {
        stream.emplace(io);
        stream->connect(resolver.resolve(at.host, at.port), ec);
        if (ec) {
          stream.reset();
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
          continue;
        }
      }
      http::request<http::string_body> request{http::verb::post, target, 11};
      request.set(http::field::host, at.host);
      request.set(http::field::content_type, "application/json");
      if (!token.empty()) request.set(http::field::authorization, "Bearer " + token);
      request.keep_alive(true);
      request.body() = body;
      request.prepare_payload();
      http::write(*stream, request, ec);
      http::response<http::string_body> response;
      if (!ec) http::read(*stream, buffer, response, ec);
      if (ec) {  // the connection was closed under us: reconnect and resend (ingest is idempotent)
        stream.reset();
        buffer.clear();
        continue;
      }
      if (response.result() == http::status::ok) {
        ++pushed.ok;
        pushed.bytes += size;
        pushed.packages += listed;
      } else if (pushed.failed++ < 5) {
        std::fprintf(stderr, "host %llu: HTTP %u %s\n", static_cast<unsigned long long>(offset + i), response.result_int(),
                     response.body().substr(0, 300).c_str());
      }
      if (!response.keep_alive()) stream.reset();
      break;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"vigil-fleet-sim: the reports of a simulated fleet of hosts built from golden images"};
  vigil::fleet_sim::Options options;
  std::uint64_t hosts = 1000, offset = 0, round = 0;
  std::string out_dir, push, token, sink, corpus;
  bool ndjson = false, summary = false;
  unsigned connections = 4;
  app.add_option("--hosts", hosts, "number of hosts")->capture_default_str();
  app.add_option("--offset", offset, "index of the first host")->capture_default_str();
  app.add_option("--round", round, "report round: a new round gives every report a new id")->capture_default_str();
  app.add_option("--seed", options.seed, "seed; the same seed gives the same fleet")->capture_default_str();
  app.add_option("--images", options.images, "golden images")->capture_default_str();
  app.add_option("--packages", options.packages, "packages per image (about)")->capture_default_str();
  app.add_option("--cohorts", options.cohorts, "cohorts (drifted variants) per image, the golden one included")->capture_default_str();
  app.add_option("--drift", options.drift, "packages changed from one cohort to the next")->capture_default_str();
  app.add_option("--teams", options.teams, "teams")->capture_default_str();
  app.add_option("--customers", options.customers, "customers")->capture_default_str();
  app.add_option("--dpkg-status", options.dpkg_status, "dpkg status file of the Debian images")->capture_default_str();
  app.add_option("--osv", options.osv_zips, "OSV all.zip dumps (default: every CORPUS/data/osv/*/all.zip)");
  app.add_option("--corpus", corpus, "shared corpus (default: $VIGIL_CORPUS, else ../shared)");
  app.add_option("--out", out_dir, "write one report file per host into DIR");
  app.add_flag("--ndjson", ndjson, "print the reports on stdout, one per line");
  app.add_option("--push", push, "POST the reports to http://HOST:PORT (/api/v1/reports)");
  app.add_option("--token", token, "API token for --push (default: $VIGIL_TOKEN)");
  app.add_option("--connections", connections, "concurrent keep-alive connections for --push")->capture_default_str();
  app.add_flag("--summary", summary, "print one JSON line of what was done and how fast on stdout");
  app.add_option("--sink", sink, "serve HOST:PORT, answering every request 200 (a floor for --push)");
  CLI11_PARSE(app, argc, argv);

  if (!sink.empty()) {
    Endpoint at;
    if (!ParseEndpoint(sink, at)) {
      std::fprintf(stderr, "vigil-fleet-sim: --sink expects HOST:PORT\n");
      return 2;
    }
    return Sink(at);
  }
  if ((out_dir.empty() ? 0 : 1) + (ndjson ? 1 : 0) + (push.empty() ? 0 : 1) != 1) {
    std::fprintf(stderr, "vigil-fleet-sim: give exactly one of --out, --ndjson, --push\n");
    return 2;
  }
  if (options.osv_zips.empty()) {
    if (corpus.empty()) corpus = std::getenv("VIGIL_CORPUS") != nullptr ? std::getenv("VIGIL_CORPUS") : "../shared";
    std::error_code ec;
    for (const auto& dir : std::filesystem::directory_iterator(std::filesystem::path(corpus) / "data" / "osv", ec)) {
      if (std::filesystem::exists(dir.path() / "all.zip")) options.osv_zips.push_back((dir.path() / "all.zip").string());
    }
    std::sort(options.osv_zips.begin(), options.osv_zips.end());
    if (options.osv_zips.empty()) {
      std::fprintf(stderr, "vigil-fleet-sim: no OSV dumps under %s/data/osv (give --osv or --corpus)\n", corpus.c_str());
      return 2;
    }
  }
  if (token.empty() && std::getenv("VIGIL_TOKEN") != nullptr) token = std::getenv("VIGIL_TOKEN");

  auto fleet = vigil::fleet_sim::Fleet::Build(options);
  if (!fleet) {
    std::fprintf(stderr, "vigil-fleet-sim: %s\n", fleet.error().message.c_str());
    return 1;
  }
  const auto start = std::chrono::steady_clock::now();
  std::uint64_t done = 0, failed = 0, bytes = 0, packages = 0;
  const auto listed = [&](std::uint64_t index) {
    const auto host = fleet->HostAt(index);
    return fleet->Packages(host.image, host.cohort).size();
  };
  if (!push.empty()) {
    Endpoint at;
    if (!ParseEndpoint(push, at)) {
      std::fprintf(stderr, "vigil-fleet-sim: --push expects http://HOST:PORT\n");
      return 2;
    }
    Pushed pushed;
    std::vector<std::thread> workers;
    connections = std::max(connections, 1U);
    for (unsigned c = 0; c < connections; ++c) {
      workers.emplace_back(PushWorker, std::cref(*fleet), std::cref(at), std::cref(token), c, connections, hosts, offset,
                           round, std::ref(pushed));
    }
    for (auto& w : workers) w.join();
    done = pushed.ok;
    failed = hosts - pushed.ok;
    bytes = pushed.bytes;
    packages = pushed.packages;
  } else if (!out_dir.empty()) {
    std::filesystem::create_directories(out_dir);
    for (std::uint64_t i = 0; i < hosts; ++i) {
      const std::string report = fleet->Report(offset + i, round);
      std::ofstream file(std::filesystem::path(out_dir) / fmt::format("host-{:07}.json", offset + i), std::ios::binary);
      file << report << '\n';
      if (!file) {
        std::fprintf(stderr, "vigil-fleet-sim: cannot write into %s\n", out_dir.c_str());
        return 1;
      }
      bytes += report.size() + 1;
      packages += listed(offset + i);
      ++done;
    }
  } else {
    std::ios::sync_with_stdio(false);
    for (std::uint64_t i = 0; i < hosts; ++i) {
      const std::string report = fleet->Report(offset + i, round);
      std::cout << report << '\n';
      bytes += report.size() + 1;
      packages += listed(offset + i);
      ++done;
    }
    std::cout.flush();
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (summary) {
    std::FILE* to = ndjson ? stderr : stdout;
    std::fprintf(to,
                 "{\"reports\": %llu, \"failed\": %llu, \"bytes\": %llu, \"packages\": %llu, \"seconds\": %.6f, "
                 "\"manifests\": %zu}\n",
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(failed),
                 static_cast<unsigned long long>(bytes), static_cast<unsigned long long>(packages), seconds,
                 fleet->manifest_count());
  }
  return failed == 0 ? 0 : 1;
}
