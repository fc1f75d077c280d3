#include "core/result.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

Result<int> ParsePositive(int value) {
  if (value <= 0) return Fail(ErrorCode::kInvalidArgument, "value " + std::to_string(value) + " is not positive");
  return value;
}

TEST(Result, CarriesValueOrError) {
  EXPECT_EQ(*ParsePositive(3), 3);
  const auto bad = ParsePositive(-1);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().message, "value -1 is not positive");
}

TEST(Result, WithContextPrefixesMessageAndKeepsCode) {
  const Error e = WithContext(ParsePositive(0).error(), "input.txt:3");
  EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(e.message, "input.txt:3: value 0 is not positive");
  EXPECT_EQ(ErrorCodeName(e.code), "invalid_argument");
}

}  // namespace
}  // namespace vigil
