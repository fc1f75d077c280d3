#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "version/schemes.h"

namespace vigil::version {
namespace {

int Cmp(std::string_view a, std::string_view b) {
  const auto r = GoScheme().Compare(a, b);
  EXPECT_TRUE(r) << a << " vs " << b << ": " << r.error().message;
  return r.value_or(99);
}

TEST(Go, VPrefixIsOptional) {
  EXPECT_EQ(Cmp("v1.2.3", "1.2.3"), 0);
  EXPECT_EQ(Cmp("v0.0.0-20210101000000-abcdef123456", "0.0.0-20210101000000-abcdef123456"), 0);
}

TEST(Go, ShorthandVersionsArePaddedWithZeros) {
  EXPECT_EQ(Cmp("v1", "v1.0.0"), 0);
  EXPECT_EQ(Cmp("v1.2", "v1.2.0"), 0);
}

TEST(Go, IncompatibleIsBuildMetadata) {
  EXPECT_EQ(Cmp("v2.0.0+incompatible", "v2.0.0"), 0);
  EXPECT_EQ(Cmp("v2.0.1+incompatible", "v2.0.0+incompatible"), 1);
}

TEST(Go, PseudoVersionsOrderAsPrereleases) {
  // A pseudo-version based on no tag sorts below v0.0.0 and by its timestamp.
  EXPECT_EQ(Cmp("v0.0.0-20190101000000-aaaaaaaaaaaa", "v0.0.0"), -1);
  EXPECT_EQ(Cmp("v0.0.0-20190101000000-aaaaaaaaaaaa", "v0.0.0-20200101000000-000000000000"), -1);
  // One based on v1.2.3 (v1.2.4-0.<time>-<hash>) sorts between v1.2.3 and v1.2.4.
  EXPECT_EQ(Cmp("v1.2.4-0.20210101000000-abcdef123456", "v1.2.3"), 1);
  EXPECT_EQ(Cmp("v1.2.4-0.20210101000000-abcdef123456", "v1.2.4"), -1);
  // One based on a prerelease (v1.2.4-pre.0.<time>-<hash>) sorts after that prerelease.
  EXPECT_EQ(Cmp("v1.2.4-pre.0.20210101000000-abcdef123456", "v1.2.4-pre"), 1);
}

TEST(Go, InvalidVersionsAreErrorsNamingTheScheme) {
  std::string out;
  const auto r = GoScheme().Encode("v1.2.x", out);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "go version \"v1.2.x\": expected a number at offset 5");
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace vigil::version
