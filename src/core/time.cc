#include "core/time.h"

#include <array>
#include <cstddef>
#include <utility>

namespace vigil {
namespace {

constexpr std::int64_t kSecondsPerDay = 86'400;
constexpr std::int64_t kSecondsPerHour = 3'600;
constexpr std::int64_t kSecondsPerMinute = 60;
constexpr int kMaxMonth = 12;
constexpr int kMaxHour = 23;
constexpr int kMaxMinute = 59;
constexpr int kMaxSecond = 60;  // 60 only for a leap second
// Long enough to show a real timestamp, short enough that hostile input can't bloat a message.
constexpr std::size_t kMaxQuoted = 64;

std::string Quote(std::string_view text) {
  std::string quoted = "\"";
  quoted += text.substr(0, kMaxQuoted);
  quoted += text.size() > kMaxQuoted ? "…\"" : "\"";
  return quoted;
}

// Appends `value` zero-padded to `width` digits (value is never negative here).
void AppendPadded(std::string& out, std::int64_t value, std::size_t width) {
  const std::string digits = std::to_string(value);
  if (digits.size() < width) out.append(width - digits.size(), '0');
  out += digits;
}

bool IsLeapYear(std::int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(std::int64_t year, int month) {
  constexpr std::array<int, kMaxMonth> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

// Howard Hinnant's days_from_civil: proleptic Gregorian, exact for all years used here.
std::int64_t DaysFromCivil(std::int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const std::int64_t yoe = year - era * 400;
  const std::int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// Cursor over the text that reads fixed-width digit fields and remembers where it failed.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool Digits(std::size_t width, int& out) {
    int value = 0;
    for (std::size_t i = 0; i < width; ++i) {
      if (pos_ >= text_.size() || text_[pos_] < '0' || text_[pos_] > '9') return false;
      value = value * 10 + (text_[pos_] - '0');
      ++pos_;
    }
    out = value;
    return true;
  }
  bool Literal(char c) {
    if (pos_ >= text_.size() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  bool AtEnd() const { return pos_ == text_.size(); }
  char Peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void Advance() { ++pos_; }
  std::size_t pos() const { return pos_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
};

struct ScanError {
  std::string_view reason;  // empty on success
  std::size_t offset = 0;
};

// Parses "YYYY-MM-DD"; range errors point at the start of the offending field.
ScanError ScanDate(Scanner& scan, Date& date) {
  if (!scan.Digits(4, date.year)) return {"expected a 4-digit year", scan.pos()};
  if (!scan.Literal('-')) return {"expected '-'", scan.pos()};
  const std::size_t month_at = scan.pos();
  if (!scan.Digits(2, date.month)) return {"expected a 2-digit month", scan.pos()};
  if (date.month < 1 || date.month > kMaxMonth) return {"month out of range", month_at};
  if (!scan.Literal('-')) return {"expected '-'", scan.pos()};
  const std::size_t day_at = scan.pos();
  if (!scan.Digits(2, date.day)) return {"expected a 2-digit day", scan.pos()};
  if (date.day < 1 || date.day > DaysInMonth(date.year, date.month)) {
    return {"day out of range", day_at};
  }
  return {};
}

std::unexpected<Error> Invalid(std::string_view text, std::string_view what, std::string_view reason,
                               std::size_t offset) {
  std::string message = Quote(text);
  message += " is not ";
  message += what;
  message += ": ";
  message += reason;
  message += " at offset ";
  message += std::to_string(offset);
  return Fail(ErrorCode::kInvalidArgument, std::move(message));
}

}  // namespace

Result<std::int64_t> ParseIsoDate(std::string_view text) {
  constexpr std::string_view kWhat = "an ISO 8601 date (YYYY-MM-DD)";
  Scanner scan(text);
  Date date;
  if (const ScanError error = ScanDate(scan, date); !error.reason.empty()) {
    return Invalid(text, kWhat, error.reason, error.offset);
  }
  if (!scan.AtEnd()) return Invalid(text, kWhat, "trailing characters", scan.pos());
  return DaysFromCivil(date.year, date.month, date.day);
}

Result<std::int64_t> ParseRfc3339(std::string_view text) {
  constexpr std::string_view kWhat = "an RFC 3339 timestamp";
  Scanner scan(text);
  Date date;
  if (const ScanError error = ScanDate(scan, date); !error.reason.empty()) {
    return Invalid(text, kWhat, error.reason, error.offset);
  }
  if (!scan.Literal('T') && !scan.Literal('t')) return Invalid(text, kWhat, "expected 'T'", scan.pos());
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!scan.Digits(2, hour) || hour > kMaxHour) return Invalid(text, kWhat, "bad hour", scan.pos());
  if (!scan.Literal(':')) return Invalid(text, kWhat, "expected ':'", scan.pos());
  if (!scan.Digits(2, minute) || minute > kMaxMinute) {
    return Invalid(text, kWhat, "bad minute", scan.pos());
  }
  if (!scan.Literal(':')) return Invalid(text, kWhat, "expected ':'", scan.pos());
  if (!scan.Digits(2, second) || second > kMaxSecond) {
    return Invalid(text, kWhat, "bad second", scan.pos());
  }
  if (scan.Literal('.')) {
    int digit = 0;
    if (!scan.Digits(1, digit)) return Invalid(text, kWhat, "expected fraction digits", scan.pos());
    while (scan.Digits(1, digit)) {
    }
  }
  std::int64_t offset_seconds = 0;
  if (!scan.Literal('Z') && !scan.Literal('z')) {
    const char sign = scan.Peek();
    if (sign != '+' && sign != '-') return Invalid(text, kWhat, "expected 'Z' or an offset", scan.pos());
    scan.Advance();
    int offset_hour = 0;
    int offset_minute = 0;
    if (!scan.Digits(2, offset_hour) || offset_hour > kMaxHour) {
      return Invalid(text, kWhat, "bad offset hour", scan.pos());
    }
    if (!scan.Literal(':')) return Invalid(text, kWhat, "expected ':'", scan.pos());
    if (!scan.Digits(2, offset_minute) || offset_minute > kMaxMinute) {
      return Invalid(text, kWhat, "bad offset minute", scan.pos());
    }
    offset_seconds = offset_hour * kSecondsPerHour + offset_minute * kSecondsPerMinute;
    if (sign == '-') offset_seconds = -offset_seconds;
  }
  if (!scan.AtEnd()) return Invalid(text, kWhat, "trailing characters", scan.pos());
  return DaysFromCivil(date.year, date.month, date.day) * kSecondsPerDay + hour * kSecondsPerHour +
         minute * kSecondsPerMinute + second - offset_seconds;
}

std::string FormatRfc3339(std::int64_t seconds) {
  std::int64_t days = seconds / kSecondsPerDay;
  std::int64_t rest = seconds % kSecondsPerDay;
  if (rest < 0) {
    rest += kSecondsPerDay;
    --days;
  }
  // civil_from_days, the inverse of DaysFromCivil.
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  std::string out;
  AppendPadded(out, year, 4);
  out += '-';
  AppendPadded(out, month, 2);
  out += '-';
  AppendPadded(out, day, 2);
  out += 'T';
  AppendPadded(out, rest / kSecondsPerHour, 2);
  out += ':';
  AppendPadded(out, rest % kSecondsPerHour / kSecondsPerMinute, 2);
  out += ':';
  AppendPadded(out, rest % kSecondsPerMinute, 2);
  out += 'Z';
  return out;
}

}  // namespace vigil
