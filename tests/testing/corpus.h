// Locates the shared reference corpus for conformance tests: $VIGIL_CORPUS, else ../shared beside
// the source tree. Tests call VIGIL_REQUIRE_CORPUS() to skip with a clear message when it is absent.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <optional>

#include <gtest/gtest.h>

namespace vigil::testing {

inline std::optional<std::filesystem::path> CorpusDir() {
  const char* env = std::getenv("VIGIL_CORPUS");
  std::filesystem::path dir = env != nullptr && *env != '\0' ? env : VIGIL_CORPUS_DEFAULT;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return std::nullopt;
  return dir;
}

}  // namespace vigil::testing

// Declares `corpus` (a std::filesystem::path) or skips the test when the corpus is absent.
#define VIGIL_REQUIRE_CORPUS()                                                          \
  const auto corpus_opt = ::vigil::testing::CorpusDir();                                \
  if (!corpus_opt) GTEST_SKIP() << "reference corpus not found: set VIGIL_CORPUS to ../shared"; \
  const std::filesystem::path& corpus = *corpus_opt
