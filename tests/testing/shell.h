// Runs shell commands for the tests that drive the vigil binary as users do: stdout captured,
// stderr through a file, the exit code as the shell reports it.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace vigil::testing {

struct CommandOutcome {
  int exit_code;  // -1 when the command did not exit normally
  std::string out;
  std::string err;
};

// `path` in single quotes for /bin/sh (test paths hold no single quote).
inline std::string ShellQuote(const std::filesystem::path& path) {
  std::string out = "'";
  out += path.string();
  out += '\'';
  return out;
}

// Runs `command` with /bin/sh, sending its stderr to `err_file` and reading it back.
inline CommandOutcome RunShell(const std::string& command, const std::filesystem::path& err_file) {
  std::string full = command;
  full += " 2> ";
  full += ShellQuote(err_file);
  FILE* pipe = ::popen(full.c_str(), "r");
  if (pipe == nullptr) return {-1, "", "popen failed"};
  std::string out;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  const int status = ::pclose(pipe);
  std::ifstream err_in(err_file);
  std::string err((std::istreambuf_iterator<char>(err_in)), {});
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, std::move(out), std::move(err)};
}

}  // namespace vigil::testing
