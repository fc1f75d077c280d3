// vigil's RPM order against rpm itself (python3-rpm: rpm.ver splits the EVR, rpm.labelCompare
// compares) on realistic pairs built from the OSV AlmaLinux dump plus mutations of every rpmvercmp
// rule; see oracles/rpm_*.py.
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "differential.h"
#include "testing/corpus.h"
#include "version/schemes.h"

namespace vigil::version {
namespace {

constexpr const char* kPython = "/usr/bin/python3";

TEST(RpmDifferential, AgreesWithRpmLabelCompare) {
  VIGIL_REQUIRE_CORPUS();
  if (!std::filesystem::exists(kPython) || std::system("/usr/bin/python3 -c 'import rpm' >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "python3-rpm is not installed";
  }
  const std::string env = "VIGIL_CORPUS='" + std::filesystem::absolute(corpus).string() + "' ";
  const auto pairs = testing::GeneratePairs(env + kPython + " tests/conformance/oracles/rpm_pairs.py");
  ASSERT_GE(pairs.size(), 100'000u);
  testing::ExpectAgreement(RpmScheme(), pairs, std::string(kPython) + " tests/conformance/oracles/rpm_oracle.py");
}

}  // namespace
}  // namespace vigil::version
