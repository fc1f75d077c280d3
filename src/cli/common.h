// What every vigil subcommand shares: global options, exit codes, the one-line error style
// ("vigil: <what>: <why>" on stderr), output to stdout or --output FILE, colour and progress only
// on a terminal. Used from the main thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/config.h"
#include "core/result.h"
#include "store/store.h"

namespace vigil::cli {

enum class Format : std::uint8_t { kTable, kJson };

struct GlobalOptions {
  Format format = Format::kTable;
  std::string output;  // empty: stdout
  bool quiet = false;
  Config config;  // vigil.toml; commands seed their option defaults from it
};

// The keys vigil.toml may hold. Precedence: flag, then VIGIL_* variable, then the file, then the
// built-in default.
[[nodiscard]] std::span<const ConfigKey> ConfigSchema();

// $VIGIL_CONFIG, else vigil.toml in $VIGIL_HOME.
[[nodiscard]] std::filesystem::path ConfigPath();

// GUIDE §6 exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 3;

// Prints the error as one line on stderr and returns the exit code for its kind.
int ReportError(const Error& error);

// Prints "vigil: warning: <message>" on stderr unless quiet.
void Warn(const GlobalOptions& global, std::string_view message);

// Writes a command's result to --output (atomically: temp file + rename) or stdout.
[[nodiscard]] Result<void> WriteOutput(const GlobalOptions& global, std::string_view text);

// $VIGIL_HOME, else ~/.local/share/vigil.
[[nodiscard]] std::filesystem::path VigilHome();

// Seconds since the epoch, now.
[[nodiscard]] std::int64_t Now();

// The audit log's name for whoever runs this command: "cli:" and the Unix user name, else the uid.
[[nodiscard]] std::string LocalOperator();

// Sets where the store lives (the global --store option): a postgresql:// URL or a SQLite path.
void SetStoreLocation(std::string location);

// The store: --store, else $VIGIL_STORE, else vigil.db in $VIGIL_HOME (created with its
// directory when missing).
[[nodiscard]] Result<std::unique_ptr<store::Store>> OpenHomeStore();

// Colour is used only on a terminal and never when NO_COLOR is set.
[[nodiscard]] bool UseColour(int fd);

// A one-line progress bar on stderr, shown only on a terminal and not with --quiet.
class Progress {
 public:
  Progress(const GlobalOptions& global, std::string label);
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  ~Progress();
  void Update(std::size_t done, std::size_t total);

 private:
  bool enabled_;
  std::string label_;
};

// Reads a whole file, or stdin for "-".
[[nodiscard]] Result<std::string> ReadInput(const std::string& path);

}  // namespace vigil::cli
