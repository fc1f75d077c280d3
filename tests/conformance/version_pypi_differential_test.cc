// vigil's PyPI order against python3-packaging (Debian's /usr/bin/python3) on realistic pairs built
// from the OSV PyPI dump plus mutations of every PEP 440 rule; see oracles/pypi_*.py.
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "differential.h"
#include "testing/corpus.h"
#include "version/schemes.h"

namespace vigil::version {
namespace {

constexpr const char* kPython = "/usr/bin/python3";

TEST(PypiDifferential, AgreesWithPythonPackaging) {
  VIGIL_REQUIRE_CORPUS();
  if (!std::filesystem::exists(kPython) ||
      std::system("/usr/bin/python3 -c 'import packaging.version' >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "python3-packaging is not installed";
  }
  const std::string env = "VIGIL_CORPUS='" + std::filesystem::absolute(corpus).string() + "' ";
  const auto pairs = testing::GeneratePairs(env + kPython + " tests/conformance/oracles/pypi_pairs.py");
  ASSERT_GE(pairs.size(), 100'000u);
  testing::ExpectAgreement(PypiScheme(), pairs, std::string(kPython) + " tests/conformance/oracles/pypi_oracle.py");
}

}  // namespace
}  // namespace vigil::version
