#include <string>

#include <gtest/gtest.h>

#include "version/schemes.h"

namespace vigil::version {
namespace {

int Cmp(std::string_view a, std::string_view b) {
  const auto c = RpmScheme().Compare(a, b);
  EXPECT_TRUE(c.has_value()) << a << " vs " << b << ": " << (c ? "" : c.error().message);
  return c.value_or(0);
}

TEST(RpmScheme, TildeAndCaret) {
  EXPECT_LT(Cmp("1.0~rc1", "1.0"), 0);
  EXPECT_LT(Cmp("1.0~rc1", "1.0~rc1^git1"), 0);
  EXPECT_GT(Cmp("1.0^git1", "1.0"), 0);     // caret sorts after the end ...
  EXPECT_LT(Cmp("1.0^git1", "1.0.1"), 0);   // ... but before any further segment
  EXPECT_GT(Cmp("1.0^", "1.0."), 0);        // a trailing separator is no segment
  EXPECT_LT(Cmp("1.0^git1~pre", "1.0^git1"), 0);
}

TEST(RpmScheme, SegmentsAndSeparators) {
  EXPECT_GT(Cmp("1.0.1", "1.0a"), 0);  // numeric segments are newer than alphabetic ones
  EXPECT_EQ(Cmp("10.0001", "10.1"), 0);
  EXPECT_EQ(Cmp("2_0", "2.0"), 0);
  EXPECT_EQ(Cmp("1.1.\xce\xb1", "1.1.\xce\xb2"), 0);  // non-ASCII bytes are separators
  EXPECT_LT(Cmp("1.a", "1.ab"), 0);
  EXPECT_LT(Cmp("1.0A", "1.0a"), 0);  // strcmp, so upper case first
  EXPECT_GT(Cmp("1.12", "1.9"), 0);
  EXPECT_LT(Cmp("999999999999999999999", "1000000000000000000000"), 0);
}

TEST(RpmScheme, EvrSplitAndMissingRelease) {
  EXPECT_GT(Cmp("1:1.0-1", "2.0-1"), 0);
  EXPECT_EQ(Cmp("0:1.8.0-3.el9_1", "1.8.0-3.el9_1"), 0);
  EXPECT_EQ(Cmp(":1", "0:1"), 0);
  EXPECT_LT(Cmp("1.0", "1.0-"), 0);  // a missing release sorts before any release
  EXPECT_LT(Cmp("1.0", "1.0-~"), 0);
  EXPECT_EQ(Cmp("1.0-", "1.0-."), 0);
  EXPECT_LT(Cmp("a:1", "b:1"), 0);   // not an epoch: all of it is the version
  EXPECT_GT(Cmp("1:2:3-4", "1:2:2-9"), 0);
  EXPECT_LT(Cmp("8.0.26-1.module+el8.4.0+652+6de068a7", "8.0.26-1.module+el8.4.0+653+1"), 0);
  EXPECT_GT(Cmp("1.0-1-2", "1.0-2"), 0);  // release after the LAST hyphen: version "1.0-1"
}

TEST(RpmScheme, RejectsAnEmptyVersionWithPosition) {
  std::string out = "kept";
  const auto r = RpmScheme().Encode("2:-1", out);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "rpm version \"2:-1\": version part is empty at offset 2");
  EXPECT_EQ(out, "kept");
  EXPECT_FALSE(RpmScheme().Encode("", out).has_value());
  EXPECT_FALSE(RpmScheme().Encode(std::string_view("1\0", 2), out).has_value());
}

}  // namespace
}  // namespace vigil::version
