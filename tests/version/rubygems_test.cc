#include <string>

#include <gtest/gtest.h>

#include "version/schemes.h"

namespace vigil::version {
namespace {

int Cmp(std::string_view a, std::string_view b) {
  const auto forward = RubyGemsScheme().Compare(a, b);
  const auto backward = RubyGemsScheme().Compare(b, a);
  EXPECT_TRUE(forward && backward) << a << " vs " << b;
  if (!forward || !backward) return 2;
  EXPECT_EQ(*forward, -*backward) << a << " vs " << b;
  return *forward;
}

std::string Error(std::string_view text) {
  std::string out = "keep";
  const auto result = RubyGemsScheme().Encode(text, out);
  if (result) return "ok";
  EXPECT_EQ(out, "keep") << "a failed Encode must leave its output as it was";
  return result.error().message;
}

TEST(RubyGems, PrereleasesSortBeforeTheirRelease) {
  EXPECT_EQ(Cmp("2.0.0.beta2", "2.0.0"), -1);
  EXPECT_EQ(Cmp("1.0.0.pre.rc.1", "1.0.0.rc1"), -1);  // "pre" < "rc"
  EXPECT_EQ(Cmp("1.0.a9", "1.0.a10"), -1);
  EXPECT_EQ(Cmp("1.0.a.9", "1.0.b.9"), -1);
  EXPECT_EQ(Cmp("0.9.8a", "0.9.8"), -1);
  EXPECT_EQ(Cmp("7.0.4.3", "7.0.4"), 1);
  EXPECT_EQ(Cmp("1.0.A", "1.0.a"), -1);  // case-sensitive, byte order
}

TEST(RubyGems, CanonicalSpellingsAreEqual) {
  EXPECT_EQ(Cmp("1.0.a", "1.0.0.a"), 0);  // zeros ending the numeric part are dropped
  EXPECT_EQ(Cmp("1.a.0", "1.a"), 0);
  EXPECT_EQ(Cmp("1.0.a2", "1.a.2"), 0);
  EXPECT_EQ(Cmp("1-rc1", "1.pre.rc1"), 0);
  EXPECT_EQ(Cmp("1.01", "1.1"), 0);
  EXPECT_EQ(Cmp(" 1.0 ", "1"), 0);
  EXPECT_EQ(Cmp("", "0"), 0);
}

TEST(RubyGems, PaddingZerosMeetStringsAndNumbers) {
  // A shorter version is padded with zeros: a zero beats a string but loses to a number.
  EXPECT_EQ(Cmp("1.a", "1.a.0.0.b"), 1);
  EXPECT_EQ(Cmp("1.a", "1.a.0.0.1"), -1);
  EXPECT_EQ(Cmp("1.a.0.b", "1.a.0.0.b"), -1);
  EXPECT_EQ(Cmp("1.a.0.1", "1.a.0.0.1"), 1);
  EXPECT_EQ(Cmp("999999999999999999999999999991", "999999999999999999999999999999"), -1);
}

TEST(RubyGems, MalformedVersionsAreErrors) {
  EXPECT_EQ(Error("1beta"), "rubygems version \"1beta\": 'b' in the first segment, which must be a number at offset 1");
  EXPECT_EQ(Error("1..2"), "rubygems version \"1..2\": '.' where a segment belongs at offset 2");
  EXPECT_EQ(Error("1.0-"), "rubygems version \"1.0-\": missing segment after '-' at offset 4");
  EXPECT_EQ(Error("v1.0"), "rubygems version \"v1.0\": 'v' where the first digit belongs at offset 0");
  EXPECT_EQ(Error("1.0_1"), "rubygems version \"1.0_1\": '_' where '.' or '-' belongs at offset 3");
  EXPECT_EQ(Error("1 .0"), "rubygems version \"1 .0\": ' ' where '.' or '-' belongs at offset 1");
  EXPECT_EQ(Error("1.0\xC3\xA9"), "rubygems version \"1.0\xC3\xA9\": byte 0xC3 where '.' or '-' belongs at offset 3");
  EXPECT_EQ(Error("1.0-a--b.c-"), "ok");
}

}  // namespace
}  // namespace vigil::version
