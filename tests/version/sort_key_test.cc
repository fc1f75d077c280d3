#include "version/sort_key.h"

#include <gtest/gtest.h>

namespace vigil::version {
namespace {

std::string Key(std::string_view digits) {
  std::string out;
  AppendNumber(out, digits);
  return out;
}

TEST(SortKey, NumbersOrderByValueNotText) {
  EXPECT_LT(Key("9"), Key("10"));
  EXPECT_LT(Key("99"), Key("100"));
  EXPECT_EQ(Key("007"), Key("7"));
  EXPECT_EQ(Key(""), Key("0"));
  EXPECT_LT(Key("0"), Key("1"));
}

TEST(SortKey, VeryLongNumbersSortAfterShortOnes) {
  const std::string long_number(300, '9');
  EXPECT_LT(Key(std::string(254, '9')), Key(long_number));
  EXPECT_LT(Key(long_number), Key("1" + std::string(300, '0')));
}

TEST(SortKey, IntegerOverloadMatchesDigits) {
  std::string a;
  AppendNumber(a, std::uint64_t{18446744073709551615ULL});
  EXPECT_EQ(a, Key("18446744073709551615"));
}

}  // namespace
}  // namespace vigil::version
