// vigil's Packagist order against PHP's own version_compare (Debian php-cli) on realistic Composer
// versions and mutations, after the parts of Composer's normalisation vigil applies; see
// oracles/packagist_*.
#include <string>

#include <gtest/gtest.h>

#include "differential.h"
#include "version/schemes.h"

namespace vigil::version {
namespace {

TEST(PackagistDifferential, AgreesWithPhpVersionCompare) {
  if (!testing::HaveProgram("php")) GTEST_SKIP() << "php (Debian php-cli) is not installed";
  const auto pairs = testing::GeneratePairs("/usr/bin/python3 tests/conformance/oracles/packagist_pairs.py");
  ASSERT_GE(pairs.size(), 100'000u);
  testing::ExpectAgreement(PackagistScheme(), pairs, "php tests/conformance/oracles/packagist_oracle.php");
}

}  // namespace
}  // namespace vigil::version
