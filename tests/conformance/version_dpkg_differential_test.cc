// vigil's Debian order against dpkg's own code (parseversion and dpkg_version_compare from
// libdpkg, compiled at test time) on realistic pairs built from the installed packages' versions
// plus mutations of every dpkg rule; see oracles/dpkg_*.
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "differential.h"
#include "version/schemes.h"

namespace vigil::version {
namespace {

constexpr const char* kPython = "/usr/bin/python3";

TEST(DpkgDifferential, AgreesWithLibdpkg) {
  if (!std::filesystem::exists(kPython) || !testing::HaveProgram("cc") ||
      std::system("pkg-config --exists libdpkg") != 0) {
    GTEST_SKIP() << "libdpkg-dev (and a C compiler) is not installed";
  }
  const auto pairs = testing::GeneratePairs(std::string(kPython) + " tests/conformance/oracles/dpkg_pairs.py");
  ASSERT_GE(pairs.size(), 100'000u);
  testing::ExpectAgreement(DebianScheme(), pairs, "sh tests/conformance/oracles/dpkg_oracle.sh");
}

}  // namespace
}  // namespace vigil::version
