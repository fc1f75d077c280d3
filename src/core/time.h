// Calendar timestamps as they appear in feeds: RFC 3339 date-times ("2021-04-14T20:04:52.123Z",
// "…+02:00") and ISO 8601 calendar dates ("2025-08-25"). Pure functions on caller-owned text;
// thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vigil {

// Seconds since 1970-01-01T00:00:00Z (negative before), fractional seconds dropped, offset
// applied. Errors: `"2021-13-01" is not an RFC 3339 timestamp: month out of range at offset 5`.
// Accepts 'T'/'t' as separator, 'Z'/'z' or ±hh:mm as offset, and a leap second (:60).
[[nodiscard]] Result<std::int64_t> ParseRfc3339(std::string_view text);

// Days since 1970-01-01 of a "YYYY-MM-DD" date, validated (month length, leap years).
[[nodiscard]] Result<std::int64_t> ParseIsoDate(std::string_view text);

// "YYYY-MM-DDTHH:MM:SSZ" for seconds since the epoch (years 0000..9999).
[[nodiscard]] std::string FormatRfc3339(std::int64_t seconds);

}  // namespace vigil
