#include "version/registry.h"

#include <gtest/gtest.h>

namespace vigil::version {
namespace {

TEST(Registry, ReleaseSuffixDoesNotChangeScheme) {
  EXPECT_EQ((*SchemeForEcosystem("Debian:12"))->id(), SchemeId::kDebian);
  EXPECT_EQ((*SchemeForEcosystem("AlmaLinux:9"))->id(), SchemeId::kRpm);
  EXPECT_EQ((*SchemeForEcosystem("Alpine:v3.19"))->id(), SchemeId::kAlpine);
  EXPECT_EQ((*SchemeForEcosystem("Red Hat"))->id(), SchemeId::kRpm);
  EXPECT_EQ((*SchemeForEcosystem("crates.io"))->id(), SchemeId::kSemver);
  EXPECT_EQ(BaseEcosystem("Ubuntu:22.04:LTS"), "Ubuntu");
}

TEST(Registry, UnknownEcosystemIsNotFound) {
  const auto r = SchemeForEcosystem("Nonexistent");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_NE(r.error().message.find("Nonexistent"), std::string::npos);
}

}  // namespace
}  // namespace vigil::version
