#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "version/schemes.h"

namespace vigil::version {
namespace {

int Cmp(std::string_view a, std::string_view b) {
  const auto r = CranScheme().Compare(a, b);
  EXPECT_TRUE(r.has_value()) << a << " vs " << b << ": " << (r ? "" : r.error().message);
  return r.value_or(0);
}

std::string ErrorOf(std::string_view text) {
  std::string out = "kept";
  const auto r = CranScheme().Encode(text, out);
  if (!r) {
    EXPECT_EQ(out, "kept");
  }
  return r ? std::string("accepted") : r.error().message;
}

TEST(Cran, NameIsCran) { EXPECT_EQ(CranScheme().name(), "cran"); }

TEST(Cran, ComponentsCompareAsNumbersAndLongerWins) {
  EXPECT_LT(Cmp("0.1.4", "0.1.18"), 0);
  EXPECT_LT(Cmp("0.9", "0.75"), 0);
  EXPECT_LT(Cmp("1.0", "1.0.0"), 0);
  EXPECT_LT(Cmp("1.0-0", "1.0-1"), 0);
  EXPECT_GT(Cmp("0.3.2.0", "0.3.2"), 0);
  EXPECT_EQ(Cmp("0.01.0", "0.1-0"), 0);  // '.' and '-' are the same separator; leading zeros drop
}

TEST(Cran, InvalidVersionsAreErrors) {
  EXPECT_EQ(ErrorOf("1"), "cran version \"1\": needs at least 2 components at offset 1");
  EXPECT_EQ(ErrorOf(""), "cran version \"\": empty version at offset 0");
  EXPECT_EQ(ErrorOf("1..2"), "cran version \"1..2\": expected a digit, found '.' at offset 2");
  EXPECT_EQ(ErrorOf("1.2."), "cran version \"1.2.\": empty component at offset 4");
  EXPECT_EQ(ErrorOf("1.2a"), "cran version \"1.2a\": unexpected character 'a' at offset 3");
  EXPECT_EQ(ErrorOf("1.2147483648"), "cran version \"1.2147483648\": component larger than 2147483647 at offset 2");
  EXPECT_EQ(ErrorOf("1.2147483647"), "accepted");
}

}  // namespace
}  // namespace vigil::version
