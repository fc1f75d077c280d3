// The private PostgreSQL server of the tests (postgres_server.h): Debian's initdb and pg_ctl, run
// through /bin/sh with their output in log files that an error quotes.
#include "testing/postgres_server.h"

#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>


namespace vigil::testing {
namespace {

namespace fs = std::filesystem;

// A port nothing listens on now: the kernel's choice for a socket bound to port 0.
std::uint16_t FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  std::uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

// `text` as one /bin/sh word, whatever it holds.
std::string Quote(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

std::string ReadTail(const fs::path& path) {
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  constexpr std::size_t kTail = 2000;
  return text.size() > kTail ? text.substr(text.size() - kTail) : text;
}

struct Finish {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
struct Clear {
  void operator()(PGresult* result) const { PQclear(result); }
};

}  // namespace

Result<std::unique_ptr<PostgresServer>> PostgresServer::Start() {
  const char* env_bin = std::getenv("VIGIL_PG_BIN");
  const fs::path bin = env_bin != nullptr && *env_bin != '\0' ? env_bin : "/usr/lib/postgresql/15/bin";
  if (!fs::exists(bin / "initdb") || !fs::exists(bin / "pg_ctl")) {
    return Fail(ErrorCode::kNotFound, "PostgreSQL 15 server binaries (initdb, pg_ctl) not found in " + bin.string() +
                                          "; install the Debian package postgresql-15 or set VIGIL_PG_BIN");
  }
  std::string dir = (fs::temp_directory_path() / "vigil-pg-XXXXXX").string();
  if (::mkdtemp(dir.data()) == nullptr) return Fail(ErrorCode::kUnavailable, dir + ": cannot create directory");
  const bool as_postgres = ::geteuid() == 0;
  auto server = std::make_unique<PostgresServer>(bin, dir, as_postgres);
  if (as_postgres) {
    // initdb and postgres refuse to run as root; the Debian package creates this user.
    const passwd* user = ::getpwnam("postgres");
    if (user == nullptr) return Fail(ErrorCode::kNotFound, "running as root and there is no `postgres` user to run PostgreSQL");
    if (::chown(dir.c_str(), user->pw_uid, user->pw_gid) != 0) return Fail(ErrorCode::kUnavailable, dir + ": cannot chown");
  }
  if (auto r = server->Run("initdb", "-D data -U vigil -A trust -E UTF8 --no-locale --no-sync", "initdb.log"); !r) {
    return std::unexpected(r.error());
  }
  // Another process may take the probed port before the server binds it: try a few.
  Error last;
  for (int attempt = 0; attempt < 3; ++attempt) {
    server->port_ = FreePort();
    std::string options = "-p ";
    options += std::to_string(server->port_);
    options += " -c listen_addresses=127.0.0.1 -k ";
    options += dir;
    options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
    std::string args = "-D data -l server.log -w -t 60 -o ";
    args += Quote(options);
    args += " start";
    auto started = server->Run("pg_ctl", args, "pg_ctl.log");
    if (started) {
      server->running_ = true;
      server->Watch();
      return server;
    }
    last = started.error();
  }
  return std::unexpected(last);
}

Result<PostgresServer*> PostgresServer::Shared() {
  static Result<std::unique_ptr<PostgresServer>> server = Start();
  if (!server) return std::unexpected(server.error());
  return server->get();
}

PostgresServer::~PostgresServer() {
  if (running_) static_cast<void>(Run("pg_ctl", "-D data -m immediate -w stop", "pg_ctl-stop.log"));
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

void PostgresServer::Watch() const {
  // A test binary that dies (a crash, SIGPIPE, SIGKILL) runs no destructor; this detached shell
  // notices and stops the server and removes its directory in its place.
  std::string stop = "cd / && ";
  if (as_postgres_) stop += "runuser -u postgres -- ";
  stop += Quote((bin_ / "pg_ctl").string());
  stop += " -D ";
  stop += Quote((dir_ / "data").string());
  stop += " -m immediate -w stop; rm -rf ";
  stop += Quote(dir_.string());
  std::string script = "while kill -0 ";
  script += std::to_string(::getpid());
  script += " 2>/dev/null; do sleep 1; done; [ -d ";
  script += Quote((dir_ / "data").string());
  script += " ] && { ";
  script += stop;
  script += "; }";
  std::string command = "setsid sh -c ";
  command += Quote(script);
  command += " </dev/null >/dev/null 2>&1 &";
  static_cast<void>(std::system(command.c_str()));
}

Result<std::string> PostgresServer::CreateDatabase() {
  std::string name = "vigil_test_";
  name += std::to_string(++databases_);
  // The name is generated here, never from input, so it is safe to splice into the statement.
  std::string sql = "CREATE DATABASE ";
  sql += name;
  // A linguistic collation, as production databases have, so that a query relying on the
  // database's collation instead of the bytewise order vigil needs gives itself away.
  sql += " TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'";
  if (auto error = ExecSql(Url("postgres"), sql); !error.empty()) {
    return Fail(ErrorCode::kUnavailable, "cannot create database " + name + ": " + error);
  }
  return Url(name);
}

Result<void> PostgresServer::Run(const std::string& tool, const std::string& args, const std::string& log) const {
  std::string command = "cd ";
  command += Quote(dir_.string());
  command += " && ";
  if (as_postgres_) command += "runuser -u postgres -- ";
  command += Quote((bin_ / tool).string());
  command += ' ';
  command += args;
  command += " > ";
  command += Quote((dir_ / log).string());
  command += " 2>&1";
  if (std::system(command.c_str()) == 0) return {};
  std::string message = tool;
  message += " failed: ";
  message += ReadTail(dir_ / log);
  if (fs::exists(dir_ / "server.log")) {
    message += "\nserver.log: ";
    message += ReadTail(dir_ / "server.log");
  }
  return Fail(ErrorCode::kUnavailable, std::move(message));
}

std::string PostgresServer::Url(const std::string& database) const {
  std::string url = "postgresql://vigil@127.0.0.1:";
  url += std::to_string(port_);
  url += '/';
  url += database;
  return url;
}

bool RequirePostgres() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string_view(ci) == "true";
}

std::string ExecSql(const std::string& url, const std::string& sql) {
  std::unique_ptr<PGconn, Finish> conn(PQconnectdb(url.c_str()));
  if (PQstatus(conn.get()) != CONNECTION_OK) return PQerrorMessage(conn.get());
  PQsetNoticeProcessor(conn.get(), [](void*, const char*) {}, nullptr);
  std::unique_ptr<PGresult, Clear> result(PQexec(conn.get(), sql.c_str()));
  const auto status = PQresultStatus(result.get());
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return "";
  const std::string message = PQresultErrorMessage(result.get());
  return message.empty() ? "error" : message;
}

std::int64_t QueryInt(const std::string& url, const std::string& sql) {
  std::unique_ptr<PGconn, Finish> conn(PQconnectdb(url.c_str()));
  if (PQstatus(conn.get()) != CONNECTION_OK) return -1;
  std::unique_ptr<PGresult, Clear> result(PQexec(conn.get(), sql.c_str()));
  if (PQresultStatus(result.get()) != PGRES_TUPLES_OK || PQntuples(result.get()) == 0) return -1;
  return std::strtoll(PQgetvalue(result.get(), 0, 0), nullptr, 10);
}

}  // namespace vigil::testing
