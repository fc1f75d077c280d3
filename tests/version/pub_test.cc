#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "version/schemes.h"

namespace vigil::version {
namespace {

int Cmp(std::string_view a, std::string_view b) {
  const auto r = PubScheme().Compare(a, b);
  EXPECT_TRUE(r.has_value()) << a << " vs " << b << ": " << (r ? "" : r.error().message);
  return r.value_or(0);
}

std::string ErrorOf(std::string_view text) {
  std::string out = "kept";
  const auto r = PubScheme().Encode(text, out);
  if (!r) {
    EXPECT_EQ(out, "kept");
  }
  return r ? std::string("accepted") : r.error().message;
}

TEST(Pub, NameIsPub) { EXPECT_EQ(PubScheme().name(), "pub"); }

TEST(Pub, ReleaseNumbersCompareNumerically) {
  EXPECT_LT(Cmp("1.2.3", "1.2.10"), 0);
  EXPECT_LT(Cmp("1.9.0", "1.10.0"), 0);
  EXPECT_EQ(Cmp("01.02.03", "1.2.3"), 0);
  EXPECT_LT(Cmp("9223372036854775806.0.0", "9223372036854775807.0.0"), 0);
}

TEST(Pub, PreReleasesSortBeforeTheRelease) {
  EXPECT_LT(Cmp("1.0.0-alpha", "1.0.0"), 0);
  EXPECT_LT(Cmp("1.0.0-alpha", "1.0.0-alpha.1"), 0);
  EXPECT_LT(Cmp("1.0.0-alpha.1", "1.0.0-alpha.beta"), 0);
  EXPECT_LT(Cmp("1.0.0-beta.2", "1.0.0-beta.11"), 0);
  EXPECT_LT(Cmp("1.0.0-rc.1", "1.0.0"), 0);
  EXPECT_LT(Cmp("1.0.0-9", "1.0.0-a"), 0);  // numbers before strings
  EXPECT_LT(Cmp("1.0.0-A", "1.0.0-a"), 0);  // strings compare by code unit
  EXPECT_EQ(Cmp("1.0.0-01", "1.0.0-1"), 0);
}

TEST(Pub, BuildMetadataIsCompared) {
  EXPECT_LT(Cmp("1.0.0", "1.0.0+1"), 0);
  EXPECT_LT(Cmp("1.0.0+1", "1.0.0+2"), 0);
  EXPECT_LT(Cmp("1.0.0+2", "1.0.0+10"), 0);
  EXPECT_LT(Cmp("1.0.0+build.1", "1.0.0+build.1.x"), 0);
  EXPECT_LT(Cmp("1.0.0-rc+99", "1.0.0"), 0);  // the pre-release decides before the build
  EXPECT_EQ(Cmp("1.0.0+007", "1.0.0+7"), 0);
}

TEST(Pub, IdentifiersAreReadLikeDartIntTryParse) {
  EXPECT_LT(Cmp("1.0.0--1", "1.0.0-0"), 0);         // "-1" is the number -1
  EXPECT_EQ(Cmp("1.0.0-0x10", "1.0.0-16"), 0);      // hexadecimal
  EXPECT_GT(Cmp("1.0.0-1-2", "1.0.0-99"), 0);       // "1-2" is a string
  EXPECT_GT(Cmp("1.0.0-99999999999999999999", "1.0.0-1"), 0);  // too big for an int: a string
}

TEST(Pub, InvalidVersionsAreErrors) {
  EXPECT_EQ(ErrorOf("1.0"), "pub version \"1.0\": expected '.' before the patch number at offset 3");
  EXPECT_EQ(ErrorOf("v1.0.0"), "pub version \"v1.0.0\": expected the major number at offset 0");
  EXPECT_EQ(ErrorOf("1.0.0-"), "pub version \"1.0.0-\": empty pre-release identifier at offset 6");
  EXPECT_EQ(ErrorOf("1.0.0-a..b"), "pub version \"1.0.0-a..b\": empty pre-release identifier at offset 8");
  EXPECT_EQ(ErrorOf("1.0.0+"), "pub version \"1.0.0+\": empty build identifier at offset 6");
  EXPECT_EQ(ErrorOf("1.0.0 "), "pub version \"1.0.0 \": unexpected character ' ' at offset 5");
  EXPECT_EQ(ErrorOf("1.0.0+a_b"), "pub version \"1.0.0+a_b\": unexpected character '_' at offset 7");
  EXPECT_EQ(ErrorOf("9223372036854775808.0.0"),
            "pub version \"9223372036854775808.0.0\": the major number does not fit a 64-bit int at offset 0");
  EXPECT_EQ(ErrorOf("1x2x3"), "pub version \"1x2x3\": expected '.' before the minor number at offset 1");
}

}  // namespace
}  // namespace vigil::version
