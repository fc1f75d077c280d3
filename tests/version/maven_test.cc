#include <string>

#include <gtest/gtest.h>

#include "version/schemes.h"

namespace vigil::version {
namespace {

int Cmp(std::string_view a, std::string_view b) {
  const auto forward = MavenScheme().Compare(a, b);
  const auto backward = MavenScheme().Compare(b, a);
  EXPECT_TRUE(forward && backward) << a << " vs " << b;
  if (!forward || !backward) return 2;
  EXPECT_EQ(*forward, -*backward) << a << " vs " << b;
  return *forward;
}

TEST(Maven, QualifiersOrderAlphaBetaMilestoneRcSnapshotReleaseSp) {
  EXPECT_EQ(Cmp("1.0-alpha-1", "1.0-beta-1"), -1);
  EXPECT_EQ(Cmp("1.0-beta-1", "1.0-milestone-1"), -1);
  EXPECT_EQ(Cmp("1.0-M1", "1.0-RC1"), -1);
  EXPECT_EQ(Cmp("1.0-rc1", "1.0-SNAPSHOT"), -1);
  EXPECT_EQ(Cmp("1.0-SNAPSHOT", "1.0"), -1);
  EXPECT_EQ(Cmp("1.0", "1.0-sp1"), -1);
  EXPECT_EQ(Cmp("1.0-sp1", "1.0-xyz"), -1);  // unknown qualifiers come after the known ones
  EXPECT_EQ(Cmp("2.0.1-klm", "2.0.1-lmn"), -1);
  EXPECT_EQ(Cmp("2.0.1-xyz", "2.0.1-123"), -1);
}

TEST(Maven, AliasesAndShorthandsAreCaseInsensitive) {
  EXPECT_EQ(Cmp("1.0.0.RELEASE", "1"), 0);
  EXPECT_EQ(Cmp("5.3.2.Final", "5.3.2"), 0);
  EXPECT_EQ(Cmp("1-GA", "1.0"), 0);
  EXPECT_EQ(Cmp("1CR2", "1-rc-2"), 0);
  EXPECT_EQ(Cmp("1a1", "1-ALPHA-1"), 0);
  EXPECT_EQ(Cmp("1b2", "1-beta-2"), 0);
  EXPECT_EQ(Cmp("1m3", "1-Milestone-3"), 0);
  // The shorthand needs a digit right after the letter.
  EXPECT_EQ(Cmp("1-a", "1-alpha"), 1);
}

TEST(Maven, TrailingZerosAndNullItemsAreIgnored) {
  EXPECT_EQ(Cmp("1", "1.0.0"), 0);
  EXPECT_EQ(Cmp("1", "1-0"), 0);
  EXPECT_EQ(Cmp("1.", "1-"), 0);
  EXPECT_EQ(Cmp("1.0-1", "1-1"), 0);  // zeros before a sub-list go too
  EXPECT_EQ(Cmp("1.01", "1.1"), 0);
  EXPECT_EQ(Cmp("", "0.0"), 0);
  EXPECT_EQ(Cmp("1.0.0", "1.0-1"), -1);
}

TEST(Maven, NumbersCompareByValueWithinSizeClass) {
  EXPECT_EQ(Cmp("1.10", "1.9"), 1);
  EXPECT_EQ(Cmp("20190126.230843", "1234567890.12345"), -1);
  EXPECT_EQ(Cmp("12345678901234567890", "123456789012345678"), 1);
  // ComparableVersion picks the class of an all-zero number by its written length: a ten-digit
  // zero is a long, and any long beats any int.
  EXPECT_EQ(Cmp("1.0000000000.1", "1.5"), 1);
  EXPECT_EQ(Cmp("1.0000000000.1", "1.0.1"), 1);
}

TEST(Maven, ListsSitBetweenStringsAndNumbers) {
  EXPECT_EQ(Cmp("1-1", "1.1"), -1);      // a list is lower than a number
  EXPECT_EQ(Cmp("1-1", "1-sp"), 1);      // and higher than a string
  EXPECT_EQ(Cmp("1-ga-1", "1-1"), -1);   // "ga" is dropped but its list remains: 3.8.7 behaviour
  EXPECT_EQ(Cmp("1.0.0.x1", "1.0.0-x2"), -1);
}

TEST(Maven, ShorterVersionComparesWithEveryRemainingItem) {
  // 3.8.7 compares a list with a missing item item by item, nested lists included.
  EXPECT_EQ(Cmp("1-0.0.1", "1"), 1);
  EXPECT_EQ(Cmp("1-0-alpha", "1"), -1);
  EXPECT_EQ(Cmp("1-a", "1"), 1);
  EXPECT_EQ(Cmp("-1", "1"), -1);
}

TEST(Maven, DeepNestingIsLinearAndSafe) {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "a1";
  EXPECT_EQ(Cmp(deep, deep), 0);
  EXPECT_EQ(Cmp(deep, deep + "-1"), -1);
}

TEST(Maven, NonAsciiIsRejectedWithItsOffset) {
  std::string out = "keep";
  const auto result = MavenScheme().Encode("1.0-\xC3\xA9", out);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "maven version \"1.0-\xC3\xA9\": non-ASCII character at offset 4");
  EXPECT_EQ(out, "keep");
}

TEST(Maven, TruncatedEncodingDoesNotReadPastItsEnd) {
  std::string encoded;
  ASSERT_TRUE(MavenScheme().Encode("1.0-foo", encoded));
  for (std::size_t n = 0; n <= encoded.size(); ++n) {
    const std::string_view prefix(encoded.data(), n);
    EXPECT_EQ(MavenScheme().CompareEncoded(prefix, prefix), 0);
  }
}

}  // namespace
}  // namespace vigil::version
