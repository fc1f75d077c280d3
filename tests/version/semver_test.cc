#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "version/schemes.h"

namespace vigil::version {
namespace {

int Cmp(std::string_view a, std::string_view b) {
  const auto r = SemverScheme().Compare(a, b);
  EXPECT_TRUE(r) << a << " vs " << b << ": " << r.error().message;
  return r.value_or(99);
}

std::string ErrorOf(std::string_view v) {
  std::string out = "keep";
  const auto r = SemverScheme().Encode(v, out);
  EXPECT_FALSE(r) << v << " should be invalid";
  EXPECT_EQ(out, "keep") << "failed Encode must restore its output";
  return r ? std::string() : r.error().message;
}

TEST(Semver, PrecedenceFollowsSemverOrgExample) {
  const char* ordered[] = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                           "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1",      "1.0.0"};
  for (std::size_t i = 0; i + 1 < std::size(ordered); ++i) {
    EXPECT_EQ(Cmp(ordered[i], ordered[i + 1]), -1) << ordered[i] << " < " << ordered[i + 1];
    EXPECT_EQ(Cmp(ordered[i + 1], ordered[i]), 1);
  }
}

TEST(Semver, NumericComponentsCompareNumerically) {
  EXPECT_EQ(Cmp("0.10.0", "0.9.0"), 1);
  EXPECT_EQ(Cmp("1.2.10", "1.2.9"), 1);
  EXPECT_EQ(Cmp("10.0.0", "9.99.99"), 1);
}

TEST(Semver, NumericIdentifiersSortBelowAlphanumericOnes) {
  EXPECT_EQ(Cmp("1.0.0-1", "1.0.0-a"), -1);
  EXPECT_EQ(Cmp("1.0.0-999", "1.0.0--"), -1);
  EXPECT_EQ(Cmp("1.0.0-5-foo", "1.0.0-5"), 1);  // "5-foo" is alphanumeric
  EXPECT_EQ(Cmp("1.0.0-0a", "1.0.0-1"), 1);
  EXPECT_EQ(Cmp("1.0.0-r2", "1.0.0-r100"), 1);  // alphanumeric identifiers compare as text
  EXPECT_EQ(Cmp("1.0.0-R2", "1.0.0-r1"), -1);   // in ASCII order, so upper case first
}

TEST(Semver, ShorterPrereleaseIsLowerWhenPrefixIsEqual) {
  EXPECT_EQ(Cmp("1.0.0-a", "1.0.0-a.0"), -1);
  EXPECT_EQ(Cmp("1.0.0-a.b", "1.0.0-a.b.c"), -1);
  EXPECT_EQ(Cmp("1.0.0-ab", "1.0.0-a.b"), 1);
}

TEST(Semver, BuildMetadataIsIgnored) {
  EXPECT_EQ(Cmp("1.0.0+a", "1.0.0+b"), 0);
  EXPECT_EQ(Cmp("1.0.0-rc.1+build.5", "1.0.0-rc.1"), 0);
  EXPECT_EQ(Cmp("2.7.2+asdf", "3.0.0"), -1);
}

TEST(Semver, LeadingVIsAccepted) {
  EXPECT_EQ(Cmp("v1.2.3", "1.2.3"), 0);
  EXPECT_EQ(Cmp("v1.2.3-beta", "1.2.3"), -1);
}

TEST(Semver, HugeNumbersCompareExactly) {
  EXPECT_EQ(Cmp("9007199254740993.0.0", "9007199254740992.0.0"), 1);
  EXPECT_EQ(Cmp("1.0.0-99999999999999999999", "1.0.0-99999999999999999998"), 1);
  EXPECT_EQ(Cmp("999999999999999999999999999991", "999999999999999999999999999999"), -1);
}

// Leniency demanded by the OSV reference fixture: fewer or more than three components.
TEST(Semver, MissingComponentsAreZeroAndExtraOnesFollowThePatch) {
  EXPECT_EQ(Cmp("1.2", "1.2.0"), 0);
  EXPECT_EQ(Cmp("1", "1.0.0"), 0);
  EXPECT_EQ(Cmp("1.2-rc.1", "1.2.0-rc.1"), 0);
  EXPECT_EQ(Cmp("1.2.3.4", "1.2.3"), 1);
  EXPECT_EQ(Cmp("1.2.3.4", "1.2.4"), -1);
  EXPECT_EQ(Cmp("1.2.3.0", "1.2.3"), 0);
  EXPECT_EQ(Cmp("1.2.3.0-a", "1.2.3"), -1);
  EXPECT_EQ(Cmp("1.0.0.1", "1.0.0-rc"), 1);
}

TEST(Semver, EqualVersionsHaveIdenticalKeys) {
  std::string a;
  std::string b;
  ASSERT_TRUE(SemverScheme().Encode("v1.2.0+build", a));
  ASSERT_TRUE(SemverScheme().Encode("1.2", b));
  EXPECT_EQ(a, b);
}

TEST(Semver, InvalidVersionsNameTheOffsetAndReason) {
  EXPECT_EQ(ErrorOf("1.a.3"), "semver version \"1.a.3\": expected a number at offset 2");
  EXPECT_EQ(ErrorOf("01.2.3"), "semver version \"01.2.3\": leading zero in number at offset 0");
  EXPECT_EQ(ErrorOf("1.0.0-01"),
            "semver version \"1.0.0-01\": leading zero in numeric prerelease identifier at offset 6");
  EXPECT_EQ(ErrorOf("1.0.0-a..b"), "semver version \"1.0.0-a..b\": empty prerelease identifier at offset 8");
  EXPECT_EQ(ErrorOf("1.0.0+"), "semver version \"1.0.0+\": empty build identifier at offset 6");
  EXPECT_EQ(ErrorOf("1.0.0_1"), "semver version \"1.0.0_1\": unexpected character '_' at offset 5");
  EXPECT_NE(ErrorOf("").find("empty version"), std::string::npos);
  EXPECT_NE(ErrorOf("=1.2.3").find("offset 0"), std::string::npos);
  EXPECT_NE(ErrorOf("V1.2.3").find("offset 0"), std::string::npos);
  EXPECT_NE(ErrorOf(" 1.2.3").find("offset 0"), std::string::npos);
  EXPECT_NE(ErrorOf("1.2.3.").find("expected a number at offset 6"), std::string::npos);
  EXPECT_NE(ErrorOf(std::string(300, '1')).find("longer than 256"), std::string::npos);
}

TEST(Semver, LeadingZerosInBuildMetadataAreAllowed) {
  EXPECT_EQ(Cmp("1.0.0+001", "1.0.0"), 0);
  EXPECT_EQ(Cmp("1.0.0-01a", "1.0.0-1a"), -1);  // alphanumeric, so "0" < "1" as text
}

}  // namespace
}  // namespace vigil::version
