// A private PostgreSQL 15 for tests: initdb in a temporary directory, the server on a free loopback
// port with its socket in that directory, a fresh database per caller, stopped and removed at the
// end. As root (CI) the server binaries run as the `postgres` user, since they refuse root.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "core/result.h"

namespace vigil::testing {

class PostgresServer {
 public:
  // Initialises and starts a server. kNotFound when Debian's PostgreSQL 15 binaries are missing
  // ($VIGIL_PG_BIN overrides /usr/lib/postgresql/15/bin).
  static Result<std::unique_ptr<PostgresServer>> Start();
  // The server of this test binary, started on first use and stopped when the program exits.
  static Result<PostgresServer*> Shared();

  // Use Start(); this only records where a server will live.
  PostgresServer(std::filesystem::path bin, std::filesystem::path dir, bool as_postgres)
      : bin_(std::move(bin)), dir_(std::move(dir)), as_postgres_(as_postgres) {}
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;
  ~PostgresServer();  // stops the server and removes its directory

  // Creates an empty database and returns its URL.
  [[nodiscard]] Result<std::string> CreateDatabase();
  std::uint16_t port() const { return port_; }

 private:
  // Runs one server binary with `args` (shell words) in the server's directory.
  [[nodiscard]] Result<void> Run(const std::string& tool, const std::string& args, const std::string& log) const;
  std::string Url(const std::string& database) const;
  // Starts a watchdog that stops the server if this process dies without stopping it.
  void Watch() const;

  std::filesystem::path bin_;
  std::filesystem::path dir_;
  bool as_postgres_;
  std::uint16_t port_ = 0;
  bool running_ = false;
  int databases_ = 0;
};

// Whether a test that needs PostgreSQL must fail rather than skip when it cannot have one: in CI.
bool RequirePostgres();

// Runs `sql` on the database at `url` as any client could; "" on success, else the server's message.
std::string ExecSql(const std::string& url, const std::string& sql);
// The first column of the first row `sql` yields, as an integer; -1 when there is none or on error.
std::int64_t QueryInt(const std::string& url, const std::string& sql);

}  // namespace vigil::testing
