// Beast sessions: over TLS a handshake first (read timeout), then an idle wait for the first byte
// (idle timeout), then one request read under the read timeout and the parser's limits, then the
// answer; repeated while the client keeps the connection alive and the server is not draining.
#include "server/http_server.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstring>
#include <fstream>
#include <list>
#include <memory>
#include <optional>
#include <type_traits>

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
// TLS 1.2 suites with forward secrecy and authenticated encryption only (TLS 1.3's are all such).
constexpr const char* kTls12Ciphers = "ECDHE+AESGCM:ECDHE+CHACHA20";

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// What the listener keeps of each session: a way to tell it the server is draining.
class Drainable {
 public:
  virtual ~Drainable() = default;
  // A connection waiting for its next request is closed; one in the middle of a request finishes it.
  virtual void Drain() = 0;
};

struct Shared {
  Api& api;
  const ServerOptions& options;
  net::ssl::context* tls = nullptr;  // null: plain HTTP
  bool draining = false;
  std::list<std::weak_ptr<Drainable>> sessions;
};

// One connection; `Stream` is beast::tcp_stream (HTTP) or TlsStream (HTTPS). Timeouts, limits and
// lingering act on the TCP layer underneath, so both behave the same.
template <class Stream>
class Session : public Drainable, public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  template <class... StreamArgs>
  explicit Session(Shared& shared, StreamArgs&&... args)
      : stream_(std::forward<StreamArgs>(args)...), shared_(shared) {}

  void Start() {
    if constexpr (kTls) {
      Tcp().expires_after(shared_.options.read_timeout);
      stream_.async_handshake(net::ssl::stream_base::server, [self = this->shared_from_this()](beast::error_code ec) {
        if (ec) return self->Close();
        self->WaitForRequest();
      });
    } else {
      WaitForRequest();
    }
  }

  void Drain() override {
    if (idle_) Tcp().cancel();
  }

 private:
  beast::tcp_stream& Tcp() { return beast::get_lowest_layer(stream_); }

  void WaitForRequest() {
    if (shared_.draining) return Close();
    if (buffer_.size() > 0) return ReadRequest();
    idle_ = true;
    Tcp().expires_after(shared_.options.idle_timeout);
    stream_.async_read_some(buffer_.prepare(kFirstRead),
                            [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
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
    Tcp().expires_after(shared_.options.read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    // The client left, was too slow or broke the TLS layer: nobody to answer.
    if (ec == http::error::end_of_stream || ec == http::error::partial_message || ec == beast::error::timeout ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset ||
        ec == net::ssl::error::stream_truncated || ec.category() == net::error::get_ssl_category()) {
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
    Tcp().expires_after(shared_.options.read_timeout);
    http::async_write(stream_, response_,
                      [self = this->shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
                        if (ec) return self->Close();
                        if (!keep_alive) return self->Linger();
                        self->WaitForRequest();
                      });
  }

  void Linger() {
    if constexpr (kTls) {
      // close_notify tells the client the answer is complete; its own is awaited no longer than the linger time.
      if (!refused_) {
        Tcp().expires_after(kLingerTime);
        return stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->Close(); });
      }
    }
    beast::error_code ignored;
    Tcp().socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (!refused_) return Close();
    // The rest of a refused request is dropped unread, below the TLS layer.
    Tcp().expires_after(kLingerTime);
    buffer_.clear();
    Tcp().async_read_some(buffer_.prepare(kFirstRead),
                          [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                            self->lingered_ += n;
                            if (ec || self->lingered_ > kLingerBytes) return self->Close();
                            self->Linger();
                          });
  }

  void Close() {
    beast::error_code ignored;
    Tcp().socket().shutdown(tcp::socket::shutdown_both, ignored);
    Tcp().socket().close(ignored);
  }

  Stream stream_;
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
        // Forget sessions that ended so the list stays as long as the open connections.
        std::erase_if(shared_.sessions, [](const std::weak_ptr<Drainable>& s) { return s.expired(); });
        if (shared_.tls != nullptr) {
          Start(std::make_shared<Session<TlsStream>>(shared_, std::move(socket), *shared_.tls));
        } else {
          Start(std::make_shared<Session<beast::tcp_stream>>(shared_, std::move(socket)));
        }
      }
      Accept();
    });
  }

  void Stop() {
    beast::error_code ignored;
    acceptor_.close(ignored);
  }

 private:
  template <class SessionType>
  void Start(const std::shared_ptr<SessionType>& session) {
    shared_.sessions.push_back(session);
    session->Start();
  }

  tcp::acceptor acceptor_;
  Shared& shared_;
};

Error TlsError(std::string_view flag, const std::string& file, std::string_view problem) {
  std::string message(flag);
  message += ' ';
  message += file;
  message += ": ";
  message += problem;
  return {ErrorCode::kInvalidArgument, std::move(message)};
}

// The server's TLS context: the PEM certificate chain and its private key, TLS 1.2 or later.
Result<void> LoadTls(net::ssl::context& context, const ServerOptions& options) {
  for (const auto& [flag, file] :
       {std::pair{"--tls-cert", &options.tls_certificate}, {"--tls-key", &options.tls_key}}) {
    if (!std::ifstream(*file)) {
      std::string problem = "cannot read: ";
      problem += std::strerror(errno);
      return std::unexpected(TlsError(flag, *file, problem));
    }
  }
  SSL_CTX* native = context.native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  context.set_options(net::ssl::context::default_workarounds | net::ssl::context::no_compression |
                      net::ssl::context::single_dh_use | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  SSL_CTX_set_cipher_list(native, kTls12Ciphers);
  beast::error_code ec;
  context.use_certificate_chain_file(options.tls_certificate, ec);
  if (ec)
    return std::unexpected(TlsError("--tls-cert", options.tls_certificate, "not a PEM certificate: " + ec.message()));
  context.use_private_key_file(options.tls_key, net::ssl::context::pem, ec);
  if (ec && ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == X509_R_KEY_VALUES_MISMATCH) {
    std::string problem = "does not match the certificate in ";
    problem += options.tls_certificate;
    return std::unexpected(TlsError("--tls-key", options.tls_key, problem));
  }
  if (ec)
    return std::unexpected(TlsError("--tls-key", options.tls_key, "not a usable PEM private key: " + ec.message()));
  return {};
}

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
  std::optional<net::ssl::context> tls;
  if (!options.tls_certificate.empty() || !options.tls_key.empty()) {
    tls.emplace(net::ssl::context::tls_server);
    if (auto loaded = LoadTls(*tls, options); !loaded) return loaded;
  }
  Shared shared{api, options, tls ? &*tls : nullptr, false, {}};
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
