#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "version/schemes.h"

namespace vigil::version {
namespace {

int Cmp(std::string_view a, std::string_view b) {
  const auto r = HackageScheme().Compare(a, b);
  EXPECT_TRUE(r.has_value()) << a << " vs " << b << ": " << (r ? "" : r.error().message);
  return r.value_or(0);
}

std::string ErrorOf(std::string_view text) {
  std::string out = "kept";
  const auto r = HackageScheme().Encode(text, out);
  if (!r) {
    EXPECT_EQ(out, "kept");
  }
  return r ? std::string("accepted") : r.error().message;
}

TEST(Hackage, NameIsHackage) { EXPECT_EQ(HackageScheme().name(), "hackage"); }

TEST(Hackage, IntegerListsCompareLexicographically) {
  EXPECT_LT(Cmp("1.0", "1.0.0"), 0);
  EXPECT_LT(Cmp("0", "0.0"), 0);
  EXPECT_LT(Cmp("1.2.9", "1.2.10"), 0);
  EXPECT_LT(Cmp("1.9.9.9", "2"), 0);
  EXPECT_EQ(Cmp("4.18.0.0", "4.18.0.0"), 0);
  EXPECT_LT(Cmp("999999998", "999999999"), 0);
}

TEST(Hackage, InvalidVersionsAreErrors) {
  EXPECT_EQ(ErrorOf("1.0-beta"), "hackage version \"1.0-beta\": unexpected character '-' at offset 3");
  EXPECT_EQ(ErrorOf("1.01"), "hackage version \"1.01\": leading zero at offset 2");
  EXPECT_EQ(ErrorOf("1000000000"), "hackage version \"1000000000\": component larger than 999999999 at offset 0");
  EXPECT_EQ(ErrorOf("1."), "hackage version \"1.\": empty component at offset 2");
  EXPECT_EQ(ErrorOf(".1"), "hackage version \".1\": expected a digit, found '.' at offset 0");
  EXPECT_EQ(ErrorOf(""), "hackage version \"\": empty version at offset 0");
  EXPECT_EQ(ErrorOf("v1"), "hackage version \"v1\": expected a digit, found 'v' at offset 0");
}

}  // namespace
}  // namespace vigil::version
