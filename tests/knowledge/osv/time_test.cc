#include "core/time.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

TEST(Rfc3339, ParsesUtcOffsetsAndFractions) {
  EXPECT_EQ(ParseRfc3339("1970-01-01T00:00:00Z").value(), 0);
  EXPECT_EQ(ParseRfc3339("2021-04-14T20:04:52Z").value(), 1618430692);
  EXPECT_EQ(ParseRfc3339("2021-04-14T20:04:52.123456Z").value(), 1618430692);
  EXPECT_EQ(ParseRfc3339("2021-04-14T22:04:52+02:00").value(), 1618430692);
  EXPECT_EQ(ParseRfc3339("2021-04-14t20:04:52z").value(), 1618430692);
  EXPECT_EQ(ParseRfc3339("2024-02-29T00:00:00Z").value(), 1709164800);
  EXPECT_TRUE(ParseRfc3339("0001-01-01T00:00:00Z").has_value());  // Go's zero time in OSV dumps
}

TEST(Rfc3339, RejectsInvalidTimestampsWithOffset) {
  auto month = ParseRfc3339("2021-13-01");
  ASSERT_FALSE(month);
  EXPECT_EQ(month.error().message,
            "\"2021-13-01\" is not an RFC 3339 timestamp: month out of range at offset 5");
  EXPECT_FALSE(ParseRfc3339("2021-02-29T00:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("2021-04-14"));
  EXPECT_FALSE(ParseRfc3339("2021-04-14T24:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("2021-04-14T20:04:52"));
  EXPECT_FALSE(ParseRfc3339("2021-04-14T20:04:52.Z"));
  EXPECT_FALSE(ParseRfc3339("2021-04-14T20:04:52+0000"));
  EXPECT_FALSE(ParseRfc3339("2021-04-14 20:04:52Z"));
  EXPECT_FALSE(ParseRfc3339("2021-04-14T20:04:52Zjunk"));
  EXPECT_FALSE(ParseRfc3339(""));
}

TEST(IsoDate, ParsesAndValidatesCalendarDates) {
  EXPECT_EQ(ParseIsoDate("1970-01-02").value(), 1);
  EXPECT_EQ(ParseIsoDate("2025-08-25").value(), 20325);
  EXPECT_FALSE(ParseIsoDate("2025-04-31"));
  EXPECT_FALSE(ParseIsoDate("2025-8-25"));
  EXPECT_FALSE(ParseIsoDate("2025-08-25T00:00:00Z"));
}

TEST(Rfc3339, FormatRoundTrips) {
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(1618430692), "2021-04-14T20:04:52Z");
  EXPECT_EQ(FormatRfc3339(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(ParseRfc3339(FormatRfc3339(1709164800)).value(), 1709164800);
}

}  // namespace
}  // namespace vigil
