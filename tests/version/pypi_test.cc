#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "version/schemes.h"

namespace vigil::version {
namespace {

int Cmp(std::string_view a, std::string_view b) {
  const auto r = PypiScheme().Compare(a, b);
  EXPECT_TRUE(r.has_value()) << a << " vs " << b << ": " << (r ? "" : r.error().message);
  return r.value_or(0);
}

std::string ErrorOf(std::string_view text) {
  std::string out = "kept";
  const auto r = PypiScheme().Encode(text, out);
  if (!r) {
    EXPECT_EQ(out, "kept") << "a failed Encode must leave the output as it was";
  }
  return r ? std::string("accepted") : r.error().message;
}

TEST(Pypi, NameIsPypi) { EXPECT_EQ(PypiScheme().name(), "pypi"); }

TEST(Pypi, EquivalentSpellingsAreEqual) {
  EXPECT_EQ(Cmp("1.0", "1.0.0"), 0);
  EXPECT_EQ(Cmp("1.0", "1.0.0.0"), 0);
  EXPECT_EQ(Cmp("1.0", "v1.0"), 0);
  EXPECT_EQ(Cmp("1.0", " \t1.0\n"), 0);
  EXPECT_EQ(Cmp("1.0", "0!1.0"), 0);
  EXPECT_EQ(Cmp("01.002", "1.2"), 0);
  EXPECT_EQ(Cmp("1.0a1", "1.0-ALPHA.1"), 0);
  EXPECT_EQ(Cmp("1.0b2", "1.0_beta_2"), 0);
  EXPECT_EQ(Cmp("1.0rc1", "1.0c1"), 0);
  EXPECT_EQ(Cmp("1.0rc1", "1.0pre1"), 0);
  EXPECT_EQ(Cmp("1.0rc1", "1.0.preview1"), 0);
  EXPECT_EQ(Cmp("1.0a0", "1.0a"), 0);
  EXPECT_EQ(Cmp("1.0.post1", "1.0-1"), 0);
  EXPECT_EQ(Cmp("1.0.post1", "1.0rev1"), 0);
  EXPECT_EQ(Cmp("1.0.post1", "1.0-r-1"), 0);
  EXPECT_EQ(Cmp("1.0.post0", "1.0.post"), 0);
  EXPECT_EQ(Cmp("1.0.dev0", "1.0DEV"), 0);
  EXPECT_EQ(Cmp("1.0+ubuntu.1", "1.0+UBUNTU-1"), 0);
  EXPECT_EQ(Cmp("1.0+1", "1.0+001"), 0);
}

TEST(Pypi, PreAndPostAndDevOrder) {
  EXPECT_LT(Cmp("1.0.dev0", "1.0a0"), 0);
  EXPECT_LT(Cmp("1.0a1", "1.0a2.dev1"), 0);
  EXPECT_LT(Cmp("1.0a2.dev1", "1.0a2"), 0);
  EXPECT_LT(Cmp("1.0a2", "1.0b1"), 0);
  EXPECT_LT(Cmp("1.0b1", "1.0rc1"), 0);
  EXPECT_LT(Cmp("1.0rc1", "1.0"), 0);
  EXPECT_LT(Cmp("1.0", "1.0.post1.dev0"), 0);
  EXPECT_LT(Cmp("1.0.post1.dev0", "1.0.post1"), 0);
  EXPECT_LT(Cmp("1.0a1.post1", "1.0a2"), 0);
  EXPECT_GT(Cmp("1.2.post3.dev4", "1.2b3.dev4"), 0);
  EXPECT_LT(Cmp("1.0.post1", "1.0.1"), 0);
}

TEST(Pypi, EpochsAndLongNumbers) {
  EXPECT_LT(Cmp("1!0.1", "2!0.0.1"), 0);
  EXPECT_GT(Cmp("1!0.1", "2024.1"), 0);
  EXPECT_LT(Cmp("1.99999999999999999999", "1.100000000000000000000"), 0);
  EXPECT_LT(Cmp("0.9", "0.75"), 0);
}

TEST(Pypi, LocalVersionsCompareSegmentWise) {
  EXPECT_LT(Cmp("1.0", "1.0+local"), 0);
  EXPECT_LT(Cmp("1.0+local", "1.0.post0"), 0);
  EXPECT_LT(Cmp("1.0+abc", "1.0+abd"), 0);
  EXPECT_LT(Cmp("1.0+zzz", "1.0+0"), 0);         // numeric segments beat alphanumeric ones
  EXPECT_LT(Cmp("1.0+local.0", "1.0+local.0.1"), 0);  // more segments win
  EXPECT_LT(Cmp("1.0+2", "1.0+10"), 0);
}

TEST(Pypi, SeparatorsAfterTagsAreOptionalAndMayDangle) {
  EXPECT_EQ(Cmp("1.0a.", "1.0a0"), 0);
  EXPECT_EQ(Cmp("1.0a.-1", "1.0a0.post1"), 0);
  EXPECT_EQ(Cmp("1.0.post-dev", "1.0.post0.dev0"), 0);
}

TEST(Pypi, LegacyVersionsSortBeforePep440) {
  EXPECT_LT(Cmp("0.1-bulbasaur", "0.1-charmander"), 0);
  EXPECT_LT(Cmp("0.9-ivysaur", "0.1"), 0);
  EXPECT_LT(Cmp("1.0-SNAPSHOT", "0"), 0);
  EXPECT_LT(Cmp("1.0-a", "1.0-b"), 0);
  EXPECT_EQ(Cmp("1.0.0-x", "1.0-X"), 0);  // trailing zeros drop before a word
  EXPECT_LT(Cmp("1.0dev-x", "1.0-x"), 0);   // "dev" sorts before everything
  EXPECT_LT(Cmp("french toast", "1.0"), 0);
}

TEST(Pypi, InvalidVersionsAreErrorsNamingTheOffset) {
  EXPECT_EQ(ErrorOf(""), "pypi version \"\": empty version at offset 0");
  EXPECT_EQ(ErrorOf("   "), "pypi version \"   \": empty version at offset 0");
  EXPECT_EQ(ErrorOf("1.0\x01x"), "pypi version \"1.0\x01x\": control character at offset 3");
  EXPECT_EQ(ErrorOf("1.0\xc3\xa9"), "pypi version \"1.0\xc3\xa9\": non-ASCII byte at offset 3");
  EXPECT_EQ(ErrorOf("1.0\t"), "accepted");  // surrounding whitespace is stripped
}

TEST(Pypi, EncodingAppendsToExistingOutput) {
  std::string out = "prefix";
  ASSERT_TRUE(PypiScheme().Encode("1.0", out));
  std::string alone;
  ASSERT_TRUE(PypiScheme().Encode("1.0", alone));
  EXPECT_EQ(out, "prefix" + alone);
}

}  // namespace
}  // namespace vigil::version
