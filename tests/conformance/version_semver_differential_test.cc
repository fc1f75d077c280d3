// vigil's SemVer order (npm, crates.io, Hex, SwiftURL) against npm's `semver` package
// (tools/node/node_modules/semver, semver.compare) on realistic pairs built from the OSV crates.io
// and Go dumps plus mutations; see oracles/semver_pairs.py for the pairs left out on purpose.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "differential.h"
#include "testing/corpus.h"
#include "version/schemes.h"

namespace vigil::version {
namespace {

constexpr const char* kPython = "/usr/bin/python3";

TEST(SemverDifferential, AgreesWithNpmSemver) {
  VIGIL_REQUIRE_CORPUS();
  if (!testing::HaveProgram("node") ||
      !std::filesystem::exists(std::filesystem::path(VIGIL_SOURCE_DIR) / "tools/node/node_modules/semver")) {
    GTEST_SKIP() << "node or tools/node/node_modules/semver is not installed";
  }
  if (!std::filesystem::exists(kPython)) GTEST_SKIP() << kPython << " is not installed";
  const std::string env = "VIGIL_CORPUS='" + std::filesystem::absolute(corpus).string() + "' ";
  const auto pairs = testing::GeneratePairs(env + kPython + " tests/conformance/oracles/semver_pairs.py");
  ASSERT_GE(pairs.size(), 100'000u);
  testing::ExpectAgreement(SemverScheme(), pairs, "node tests/conformance/oracles/semver_oracle.js");
}

}  // namespace
}  // namespace vigil::version
