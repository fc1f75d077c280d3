#include "differential.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace vigil::testing {
namespace {

std::string Symbol(int c) { return c < 0 ? "<" : c > 0 ? ">" : "="; }

}  // namespace

std::vector<std::string> RunCommandLines(const std::string& command, std::string_view input) {
  // Input goes through a temporary file so that a large batch cannot deadlock on pipe buffers.
  const auto dir = std::filesystem::temp_directory_path();
  const auto input_path = dir / ("vigil-oracle-" + std::to_string(::getpid()) + ".in");
  {
    std::ofstream out(input_path, std::ios::binary);
    out << input;
  }
  const std::string full = "cd '" VIGIL_SOURCE_DIR "' && ( " + command + " ) < '" + input_path.string() + "'";
  std::vector<std::string> lines;
  FILE* pipe = ::popen(full.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "cannot run: " << command;
    return lines;
  }
  std::string current;
  char buffer[1 << 16];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    for (std::size_t i = 0; i < n; ++i) {
      if (buffer[i] == '\n') {
        lines.push_back(std::move(current));
        current.clear();
      } else {
        current.push_back(buffer[i]);
      }
    }
  }
  if (!current.empty()) lines.push_back(std::move(current));
  const int status = ::pclose(pipe);
  std::filesystem::remove(input_path);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ADD_FAILURE() << "command failed (" << status << "): " << command;
  return lines;
}

std::vector<VersionPair> GeneratePairs(const std::string& generator) {
  std::vector<VersionPair> pairs;
  for (const auto& line : RunCommandLines(generator)) {
    const auto tab = line.find('\t');
    if (tab == std::string::npos) {
      ADD_FAILURE() << "generator line without a tab: " << line;
      continue;
    }
    pairs.emplace_back(line.substr(0, tab), line.substr(tab + 1));
  }
  return pairs;
}

void ExpectAgreement(const version::Scheme& scheme, const std::vector<VersionPair>& pairs,
                     const std::string& oracle) {
  std::string input;
  for (const auto& [a, b] : pairs) input += a + "\t" + b + "\n";
  const auto answers = RunCommandLines(oracle, input);
  ASSERT_EQ(answers.size(), pairs.size()) << "oracle answered " << answers.size() << " of " << pairs.size() << " pairs";

  std::size_t disagreements = 0;
  std::ostringstream report;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const auto ours = scheme.Compare(pairs[i].first, pairs[i].second);
    const std::string mine = ours ? Symbol(*ours) : "error";
    if (mine == answers[i]) continue;
    if (++disagreements <= 20) {
      report << "  '" << pairs[i].first << "' vs '" << pairs[i].second << "': native " << answers[i] << ", vigil "
             << mine << (ours ? "" : " (" + ours.error().message + ")") << "\n";
    }
  }
  EXPECT_EQ(disagreements, 0u) << disagreements << " of " << pairs.size() << " pairs disagree with `" << oracle
                               << "`:\n" << report.str();
}

bool HaveProgram(const std::string& program) {
  return std::system(("command -v '" + program + "' >/dev/null 2>&1").c_str()) == 0;
}

}  // namespace vigil::testing
