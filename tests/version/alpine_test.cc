#include <string>

#include <gtest/gtest.h>

#include "version/schemes.h"

namespace vigil::version {
namespace {

int Cmp(std::string_view a, std::string_view b) {
  const auto c = AlpineScheme().Compare(a, b);
  EXPECT_TRUE(c.has_value()) << a << " vs " << b << ": " << (c ? "" : c.error().message);
  return c.value_or(0);
}

TEST(AlpineScheme, SuffixOrder) {
  const char* ordered[] = {"1.2_alpha", "1.2_alpha2", "1.2_beta", "1.2_pre1", "1.2_rc1", "1.2",
                           "1.2_cvs1",  "1.2_svn",    "1.2_git1", "1.2_hg1",  "1.2_p1",  "1.2_p2"};
  for (std::size_t i = 1; i < std::size(ordered); ++i) EXPECT_LT(Cmp(ordered[i - 1], ordered[i]), 0) << ordered[i];
  EXPECT_LT(Cmp("1.2_alpha1", "1.2_alpha1_p1"), 0);
  EXPECT_GT(Cmp("1.2_alpha1", "1.2_alpha_beta"), 0);  // a pre-release suffix is older than its absence
}

TEST(AlpineScheme, NumbersLettersRevisionsAndHashes) {
  EXPECT_GT(Cmp("1.10", "1.9"), 0);
  EXPECT_LT(Cmp("1.05", "1.5"), 0);   // a leading zero makes the component compare as a string
  EXPECT_LT(Cmp("1.0", "1.00"), 0);
  EXPECT_EQ(Cmp("006", "6"), 0);      // ... but never the first number
  EXPECT_GT(Cmp("1.2a", "1.2"), 0);
  EXPECT_LT(Cmp("1.2z", "1.2.1"), 0);
  EXPECT_LT(Cmp("1.2", "1.2-r0"), 0);
  EXPECT_EQ(Cmp("1.2-r01", "1.2-r1"), 0);
  EXPECT_GT(Cmp("1.2-r10", "1.2-r9"), 0);
  EXPECT_LT(Cmp("1.2~abc", "1.2~abd"), 0);
  EXPECT_GT(Cmp("1.2~abc-r1", "1.2~abc"), 0);
  EXPECT_LT(Cmp("1.2~abc", "1.2_p1"), 0);
}

TEST(AlpineScheme, VersionsOutsideTheGrammarStillOrder) {
  EXPECT_LT(Cmp("1.2_blah", "1.2"), 0);    // an invalid token is older than the end
  EXPECT_LT(Cmp("1.2_alpha", "1.2_blah"), 0);
  EXPECT_LT(Cmp("1.2.0A", "1.2.0"), 0);
  EXPECT_EQ(Cmp("1-r0-x", "1-x"), 0);     // what follows an invalid token is ignored
  EXPECT_LT(Cmp("1-ruff", "1"), 0);
  EXPECT_EQ(Cmp("1-r", "1-r0"), 0);
  EXPECT_LT(Cmp("6.6.2p1", "6.6.2p2"), 0);  // digits after the letter, as apk-tools 2.x read them
  EXPECT_LT(Cmp(".1", "1"), 0);
  EXPECT_EQ(Cmp(".1", "0.1"), 0);
}

TEST(AlpineScheme, OnlyEmptyAndNulAreErrors) {
  std::string out = "kept";
  auto r = AlpineScheme().Encode("", out);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "alpine version \"\": version is empty at offset 0");
  r = AlpineScheme().Encode(std::string_view("1.2\0", 4), out);
  ASSERT_FALSE(r.has_value());
  constexpr char kExpected[] = "alpine version \"1.2\0\": NUL byte at offset 3";
  EXPECT_EQ(r.error().message, std::string(kExpected, sizeof kExpected - 1));
  EXPECT_EQ(out, "kept");
}

}  // namespace
}  // namespace vigil::version
