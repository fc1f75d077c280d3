#include "cli/common.h"

#include <pwd.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <utility>

namespace vigil::cli {

int ReportError(const Error& error) {
  std::cerr << "vigil: " << error.message << '\n';
  switch (error.code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kNotFound:
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kFailedPrecondition:
      return kExitUsage;
    case ErrorCode::kPermissionDenied:
    case ErrorCode::kUnavailable:
    case ErrorCode::kDataLoss:
    case ErrorCode::kInternal:
      return kExitInternal;
  }
  return kExitInternal;
}

void Warn(const GlobalOptions& global, std::string_view message) {
  if (!global.quiet) std::cerr << "vigil: warning: " << message << '\n';
}

Result<void> WriteOutput(const GlobalOptions& global, std::string_view text) {
  if (global.output.empty() || global.output == "-") {
    std::cout.write(text.data(), static_cast<std::streamsize>(text.size()));
    std::cout.flush();
    if (!std::cout) return Fail(ErrorCode::kUnavailable, "cannot write to standard output");
    return {};
  }
  const std::string temp = global.output + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out.flush()) return Fail(ErrorCode::kUnavailable, temp + ": cannot write output");
  }
  std::error_code ec;
  std::filesystem::rename(temp, global.output, ec);
  if (ec) return Fail(ErrorCode::kUnavailable, global.output + ": cannot write output: " + ec.message());
  return {};
}

std::filesystem::path VigilHome() {
  if (const char* home = std::getenv("VIGIL_HOME"); home != nullptr && *home != '\0') return home;
  const char* user_home = std::getenv("HOME");
  return std::filesystem::path(user_home != nullptr ? user_home : ".") / ".local/share/vigil";
}

std::int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string LocalOperator() {
  std::string actor = "cli:";
  const uid_t uid = ::geteuid();
  std::array<char, 4096> buffer{};
  passwd entry{};
  passwd* found = nullptr;
  if (::getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) == 0 && found != nullptr) {
    actor += found->pw_name;
  } else {
    actor += "uid";
    actor += std::to_string(uid);
  }
  return actor;
}

namespace {

std::string& StoreLocation() {
  static std::string location;
  return location;
}

}  // namespace

void SetStoreLocation(std::string location) { StoreLocation() = std::move(location); }

Result<std::unique_ptr<store::Store>> OpenHomeStore() {
  if (!StoreLocation().empty()) return store::OpenStore(StoreLocation());
  if (const char* location = std::getenv("VIGIL_STORE"); location != nullptr && *location != '\0') {
    return store::OpenStore(location);
  }
  const std::filesystem::path home = VigilHome();
  std::error_code ec;
  std::filesystem::create_directories(home, ec);
  if (ec) return Fail(ErrorCode::kUnavailable, home.string() + ": cannot create directory: " + ec.message());
  return store::OpenSqliteStore((home / "vigil.db").string());
}

std::span<const ConfigKey> ConfigSchema() {
  static constexpr std::string_view kFormats[] = {"table", "json"};
  static constexpr ConfigKey kSchema[] = {
      {"format", ConfigType::kString, kFormats},
      {"db.mirror", ConfigType::kString},
      {"db.ecosystems", ConfigType::kStringList},
      {"db.kev_url", ConfigType::kString},
      {"db.epss_url", ConfigType::kString},
  };
  return kSchema;
}

std::filesystem::path ConfigPath() {
  if (const char* path = std::getenv("VIGIL_CONFIG"); path != nullptr && *path != '\0') return path;
  return VigilHome() / "vigil.toml";
}

bool UseColour(int fd) {
  const char* no_colour = std::getenv("NO_COLOR");
  return ::isatty(fd) != 0 && (no_colour == nullptr || *no_colour == '\0');
}

Progress::Progress(const GlobalOptions& global, std::string label)
    : enabled_(!global.quiet && ::isatty(STDERR_FILENO) != 0), label_(std::move(label)) {}

Progress::~Progress() {
  if (enabled_) std::cerr << "\r\033[K" << std::flush;
}

void Progress::Update(std::size_t done, std::size_t total) {
  if (!enabled_ || total == 0) return;
  constexpr std::size_t kWidth = 30;
  const std::size_t filled = done * kWidth / total;
  std::cerr << '\r' << label_ << " [" << std::string(filled, '#') << std::string(kWidth - filled, '.') << "] " << done
            << '/' << total << std::flush;
}

Result<std::string> ReadInput(const std::string& path) {
  if (path == "-") return std::string(std::istreambuf_iterator<char>(std::cin), {});
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, path + ": cannot open");
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace vigil::cli
