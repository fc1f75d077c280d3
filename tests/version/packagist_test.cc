#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "version/schemes.h"

namespace vigil::version {
namespace {

int Cmp(std::string_view a, std::string_view b) {
  const auto r = PackagistScheme().Compare(a, b);
  EXPECT_TRUE(r) << a << " vs " << b << ": " << r.error().message;
  return r.value_or(99);
}

std::string ErrorOf(std::string_view v) {
  std::string out = "keep";
  const auto r = PackagistScheme().Encode(v, out);
  EXPECT_FALSE(r) << v << " should be invalid";
  EXPECT_EQ(out, "keep") << "failed Encode must restore its output";
  return r ? std::string() : r.error().message;
}

TEST(Packagist, SpecialFormsFollowVersionCompareOrder) {
  const char* ordered[] = {"1.0-foo", "1.0-dev", "1.0alpha1", "1.0b1", "1.0RC1", "1.0", "1.0pl1"};
  for (std::size_t i = 0; i + 1 < std::size(ordered); ++i) {
    EXPECT_EQ(Cmp(ordered[i], ordered[i + 1]), -1) << ordered[i] << " < " << ordered[i + 1];
    EXPECT_EQ(Cmp(ordered[i + 1], ordered[i]), 1);
  }
}

TEST(Packagist, SynonymsAndPrefixesAreEqual) {
  EXPECT_EQ(Cmp("1.0a1", "1.0alpha1"), 0);
  EXPECT_EQ(Cmp("1.0-b2", "1.0-beta2"), 0);
  EXPECT_EQ(Cmp("1.0-p1", "1.0-patch1"), 0);  // matched by prefix, like version_compare
  EXPECT_EQ(Cmp("1.0-foo", "1.0-xyz"), 0);    // unknown words are all alike
  EXPECT_EQ(Cmp("1.0-develop", "1.0-dev"), 0);
}

TEST(Packagist, StabilityWordsIgnoreCaseAsComposerDoes) {
  EXPECT_EQ(Cmp("1.0-BETA1", "1.0-beta1"), 0);
  EXPECT_EQ(Cmp("1.0-Alpha", "1.0-dev"), 1);
  EXPECT_EQ(Cmp("1.0-DEV", "1.0"), -1);
}

TEST(Packagist, SeparatorsAndTransitionsSplitTokens) {
  EXPECT_EQ(Cmp("1.0.0rc2", "1.0.0.rc2"), 0);
  EXPECT_EQ(Cmp("1.0_0", "1.0.0"), 0);
  EXPECT_EQ(Cmp("1..0", "1.0"), 0);
  EXPECT_EQ(Cmp("4.3-2RC1", "4.3-2RC2"), -1);
}

// PHP keeps an odd character right after a digit as an unknown word; elsewhere it separates.
TEST(Packagist, OddCharacterAfterDigitIsAnUnknownWord) {
  EXPECT_EQ(Cmp("1.0/0", "1.0.0"), -1);
  EXPECT_EQ(Cmp("1.0!beta", "1.0-foo"), 0);
  EXPECT_EQ(Cmp("1.0a/1", "1.0a.1"), 0);
  EXPECT_EQ(Cmp("1.0#1", "1.0.1"), 1);
}

TEST(Packagist, MorePartsIsGreaterWithoutPadding) {
  EXPECT_EQ(Cmp("1.0.0", "1.0"), 1);
  EXPECT_EQ(Cmp("1.0.0.0", "1.0.0"), 1);
  EXPECT_EQ(Cmp("1.10", "1.9.9"), 1);
}

TEST(Packagist, LeadingVAndBuildMetadataAreDropped) {
  EXPECT_EQ(Cmp("v1.2.3", "1.2.3"), 0);
  EXPECT_EQ(Cmp("V1.2.3", "1.2.3"), 0);
  EXPECT_EQ(Cmp("1.2.3+build.5", "1.2.3"), 0);
}

TEST(Packagist, BranchesSortAsComposerNormalisesThem) {
  EXPECT_EQ(Cmp("dev-main", "0.0.1"), -1);
  EXPECT_EQ(Cmp("1.2.x-dev", "1.2.99"), 1);  // 1.2.9999999.9999999-dev
  EXPECT_EQ(Cmp("1.2.x-dev", "1.3.0"), -1);
  EXPECT_EQ(Cmp("1.x-dev", "1.2.X-dev"), 1);
  EXPECT_EQ(Cmp("1.2.*.dev", "1.2.x-dev"), 0);
}

TEST(Packagist, HashEqualsAnyNumberAndTheEnd) {
  EXPECT_EQ(Cmp("1.2.3.#", "1.2.3"), 0);
  EXPECT_EQ(Cmp("1.2.3.#", "1.2.3.7"), 0);
  EXPECT_EQ(Cmp("1.2.3.#.1", "1.2.3"), 1);
  EXPECT_EQ(Cmp("1.2.3.#.beta", "1.2.3"), -1);
}

TEST(Packagist, HugeNumbersCompareExactly) {
  EXPECT_EQ(Cmp("99999999999999999999991", "99999999999999999999999"), -1);
  EXPECT_EQ(Cmp("1." + std::string(300, '9'), "1." + std::string(299, '9')), 1);
}

TEST(Packagist, InvalidVersionsNameTheOffsetAndReason) {
  EXPECT_EQ(ErrorOf("1.0."), "packagist version \"1.0.\": version ends with a separator at offset 3");
  EXPECT_EQ(ErrorOf("-1.0"), "packagist version \"-1.0\": version starts with a separator at offset 0");
  EXPECT_EQ(ErrorOf("1.0 beta"),
            "packagist version \"1.0 beta\": unexpected control, space or non-ASCII character at offset 3");
  EXPECT_EQ(ErrorOf("1.0+"), "packagist version \"1.0+\": empty build metadata at offset 4");
  EXPECT_NE(ErrorOf("").find("empty version"), std::string::npos);
}

}  // namespace
}  // namespace vigil::version
