// Beast sessions: an idle wait for the first byte (idle timeout), then one request read under the
// read timeout and the parser's limits, then the answer; repeated while the client keeps the
// connection alive and the server is not draining.
#include "server/http_server.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <csignal>
#include <list>
#include <memory>
#include <optional>

namespace vigil::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr std::size_t kFirstRead = 4096;
// After refusing a request whose body is still arriving, read and drop up to this much so that
// closing does not reset the connection before the client has read the answer.
constexpr std::size_t kLingerBytes = 1024 * 1024;
constexpr std::chrono::seconds kLingerTime{2};

class Session;

struct Shared {
  Api& api;
  const ServerOptions& options;
  bool draining = false;
  std::list<std::weak_ptr<Session>> sessions;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Shared& shared) : stream_(std::move(socket)), shared_(shared) {}

  void Start() { WaitForRequest(); }

  // Called when the server starts draining: a connection waiting for its next request is closed;
  // one in the middle of a request finishes it.
  void Drain() {
    if (idle_) stream_.cancel();
  }

 private:
  void WaitForRequest() {
    if (shared_.draining) return Close();
    if (buffer_.size() > 0) return ReadRequest();
    idle_ = true;
    stream_.expires_after(shared_.options.idle_timeout);
    stream_.async_read_some(buffer_.prepare(kFirstRead),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->idle_ = false;
                              if (ec) return self->Close();
                              self->buffer_.commit(n);
                              self->ReadRequest();
                            });
  }

  void ReadRequest() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_.options.header_limit));
    parser_->body_limit(shared_.options.body_limit);
    stream_.expires_after(shared_.options.read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    // The client left or was too slow: nobody to answer.
    if (ec == http::error::end_of_stream || ec == http::error::partial_message || ec == beast::error::timeout ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset) {
      return Close();
    }
    if (ec == http::error::body_limit) {
      std::string message = "the body is larger than ";
      message += std::to_string(shared_.options.body_limit);
      message += " bytes";
      return Refuse(shared_.api.TransportError(413, "payload_too_large", message));
    }
    if (ec == http::error::header_limit) {
      return Refuse(shared_.api.TransportError(431, "header_too_large", "the request headers are too large"));
    }
    if (ec) return Refuse(shared_.api.TransportError(400, "bad_request", "malformed HTTP request"));

    auto& request = parser_->get();
    Request api_request{std::string(request.method_string()), std::string(request.target()),
                        std::string(request[http::field::authorization]), std::move(request.body())};
    const bool keep_alive = request.keep_alive() && !shared_.draining;
    Respond(shared_.api.Handle(api_request), keep_alive, request.version());
  }

  // Answers and closes: the connection's state after a refused request is not trustworthy.
  void Refuse(const Response& response) {
    refused_ = true;
    Respond(response, false, 11);
  }

  void Respond(const Response& answer, bool keep_alive, unsigned version) {
    response_ = {};
    response_.version(version);
    response_.result(answer.status);
    response_.set(http::field::server, "vigil");
    response_.set(http::field::content_type, answer.content_type);
    if (answer.status == 401) response_.set(http::field::www_authenticate, "Bearer");
    response_.body() = answer.body;
    response_.keep_alive(keep_alive);
    response_.prepare_payload();
    stream_.expires_after(shared_.options.read_timeout);
    http::async_write(stream_, response_, [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
      if (ec) return self->Close();
      if (!keep_alive) return self->Linger();
      self->WaitForRequest();
    });
  }

  void Linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (!refused_) return Close();
    stream_.expires_after(kLingerTime);
    buffer_.clear();
    stream_.async_read_some(buffer_.prepare(kFirstRead),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->lingered_ += n;
                              if (ec || self->lingered_ > kLingerBytes) return self->Close();
                              self->Linger();
                            });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  Shared& shared_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  bool idle_ = false;
  bool refused_ = false;
  std::size_t lingered_ = 0;
};

class Listener {
 public:
  Listener(net::io_context& io, Shared& shared) : acceptor_(io), shared_(shared) {}

  Result<std::uint16_t> Open(const ServerOptions& options) {
    beast::error_code ec;
    const auto address = net::ip::make_address(options.host, ec);
    if (ec) return Fail(ErrorCode::kInvalidArgument, "--listen: '" + options.host + "' is not an IP address");
    const tcp::endpoint endpoint(address, options.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      std::string message = "cannot listen on ";
      message += options.host;
      message += ':';
      message += std::to_string(options.port);
      message += ": ";
      message += ec.message();
      return Fail(ErrorCode::kUnavailable, message);
    }
    return acceptor_.local_endpoint().port();
  }

  void Accept() {
    acceptor_.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (shared_.draining) return;
      if (!ec) {
        auto session = std::make_shared<Session>(std::move(socket), shared_);
        // Forget sessions that ended so the list stays as long as the open connections.
        std::erase_if(shared_.sessions, [](const std::weak_ptr<Session>& s) { return s.expired(); });
        shared_.sessions.push_back(session);
        session->Start();
      }
      Accept();
    });
  }

  void Stop() {
    beast::error_code ignored;
    acceptor_.close(ignored);
  }

 private:
  tcp::acceptor acceptor_;
  Shared& shared_;
};

}  // namespace

Result<void> ParseListen(std::string_view listen, ServerOptions& options) {
  const auto bad = [&] {
    std::string message = "--listen: expected HOST:PORT, got '";
    message += listen;
    message += '\'';
    return Fail(ErrorCode::kInvalidArgument, message);
  };
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return bad();
  std::string_view host = listen.substr(0, colon);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return bad();
    host = host.substr(1, host.size() - 2);
  }
  const std::string_view port = listen.substr(colon + 1);
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value > 65535) return bad();
  options.host = std::string(host);
  options.port = static_cast<std::uint16_t>(value);
  return {};
}

Result<void> Serve(Api& api, const ServerOptions& options, const std::function<void(std::uint16_t)>& on_listening) {
  // One thread runs every handler, so the Api and the store see one caller at a time.
  net::io_context io(1);
  Shared shared{api, options, false, {}};
  Listener listener(io, shared);
  auto port = listener.Open(options);
  if (!port) return std::unexpected(port.error());
  net::signal_set signals(io, SIGTERM, SIGINT);
  signals.async_wait([&](beast::error_code ec, int) {
    if (ec) return;
    shared.draining = true;
    listener.Stop();
    for (const auto& weak : shared.sessions) {
      if (auto session = weak.lock()) session->Drain();
    }
  });
  listener.Accept();
  on_listening(*port);
  io.run();
  return {};
}

}  // namespace vigil::server
