// RubyGems' Gem::Version (Debian's ruby) against vigil's RubyGems scheme on realistic generated
// pairs, malformed versions included; zero disagreements expected.
#include <gtest/gtest.h>

#include "differential.h"
#include "version/schemes.h"

namespace vigil::testing {
namespace {

TEST(RubyGemsDifferential, AgreesWithGemVersion) {
  if (!HaveProgram("ruby")) GTEST_SKIP() << "ruby is missing (Debian package ruby)";
  const auto pairs = GeneratePairs("python3 tests/conformance/oracles/rubygems_generate.py");
  ASSERT_GE(pairs.size(), 100000u);
  ExpectAgreement(version::RubyGemsScheme(), pairs, "ruby tests/conformance/oracles/rubygems_oracle.rb");
}

}  // namespace
}  // namespace vigil::testing
