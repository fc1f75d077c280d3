// Maven's ComparableVersion (Debian's maven-artifact jar) against vigil's Maven scheme on realistic
// generated pairs; zero disagreements expected.
#include <filesystem>

#include <gtest/gtest.h>

#include "differential.h"
#include "version/schemes.h"

namespace vigil::testing {
namespace {

constexpr const char* kMavenArtifactJar = "/usr/share/maven/lib/maven-artifact-3.x.jar";

TEST(MavenDifferential, AgreesWithComparableVersion) {
  if (!HaveProgram("javac") || !HaveProgram("java") || !std::filesystem::exists(kMavenArtifactJar)) {
    GTEST_SKIP() << "javac, java or " << kMavenArtifactJar << " is missing (Debian packages maven, default-jdk)";
  }
  const auto pairs = GeneratePairs("python3 tests/conformance/oracles/maven_generate.py");
  ASSERT_GE(pairs.size(), 100000u);
  ExpectAgreement(version::MavenScheme(), pairs, "tests/conformance/oracles/maven_oracle.sh");
}

}  // namespace
}  // namespace vigil::testing
