#include "knowledge/epss.h"

#include <array>
#include <charconv>
#include <system_error>
#include <utility>

namespace vigil::knowledge {
namespace {

constexpr std::string_view kHeader = "cve,epss,percentile";
constexpr std::string_view kCommentPrefix = "#model_version:";
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::size_t kColumns = 3;
constexpr std::size_t kMaxQuoted = 64;
// A typical row ("CVE-2021-44228,0.94358,0.99995\n") is ~31 bytes; reserving avoids regrowth.
constexpr std::size_t kTypicalRowBytes = 31;

std::string Quote(std::string_view text) {
  std::string quoted = "\"";
  quoted += text.substr(0, kMaxQuoted);
  quoted += text.size() > kMaxQuoted ? "…\"" : "\"";
  return quoted;
}

// Splits the text into lines without copying, dropping a trailing '\r'.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : rest_(text) {}

  bool Next(std::string_view& line) {
    if (rest_.empty()) return false;
    const std::size_t end = rest_.find('\n');
    line = rest_.substr(0, end);
    rest_ = end == std::string_view::npos ? std::string_view() : rest_.substr(end + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    ++number_;
    return true;
  }
  std::size_t number() const { return number_; }

 private:
  std::string_view rest_;
  std::size_t number_ = 0;
};

// "#model_version:v2025.03.14,score_date:2025-08-25T00:00:00+0000"; unknown keys are ignored.
void ReadComment(std::string_view line, EpssData& data) {
  line.remove_prefix(1);
  while (!line.empty()) {
    const std::size_t comma = line.find(',');
    const std::string_view pair = line.substr(0, comma);
    line = comma == std::string_view::npos ? std::string_view() : line.substr(comma + 1);
    const std::size_t colon = pair.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view key = pair.substr(0, colon);
    const std::string_view value = pair.substr(colon + 1);
    if (key == "model_version") data.model_version.assign(value);
    if (key == "score_date") data.score_date.assign(value);
  }
}

Error RowError(std::size_t line, std::size_t column, std::string_view field, std::string reason) {
  return Error{ErrorCode::kInvalidArgument, "line " + std::to_string(line) + ", column " +
                                                std::to_string(column) + " (" + std::string(field) +
                                                "): " + std::move(reason)};
}

Result<double> ReadScore(std::string_view text, std::size_t line, std::size_t column,
                         std::string_view field) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  // from_chars accepts "nan"/"inf"; the range test rejects them since NaN compares false.
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
      !(value >= 0.0 && value <= 1.0)) {
    return std::unexpected(RowError(line, column, field, Quote(text) + " is not a score in [0, 1]"));
  }
  return value;
}

Result<EpssScore> ReadRow(std::string_view row, std::size_t line) {
  std::array<std::string_view, kColumns> fields;
  std::array<std::size_t, kColumns> columns{};
  std::size_t count = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = row.find(',', start);
    if (count == kColumns) {
      return std::unexpected(RowError(line, start + 1, "row", "more than 3 columns (cve,epss,percentile)"));
    }
    fields[count] =
        row.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    columns[count] = start + 1;
    ++count;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (count != kColumns) {
    return std::unexpected(
        RowError(line, row.size() + 1, "row",
                 "expected 3 columns (cve,epss,percentile), got " + std::to_string(count)));
  }
  if (!IsCveId(fields[0]))
    return std::unexpected(RowError(line, columns[0], "cve", Quote(fields[0]) + " is not a CVE id"));
  auto epss = ReadScore(fields[1], line, columns[1], "epss");
  if (!epss) return std::unexpected(std::move(epss.error()));
  auto percentile = ReadScore(fields[2], line, columns[2], "percentile");
  if (!percentile) return std::unexpected(std::move(percentile.error()));
  return EpssScore{std::string(fields[0]), *epss, *percentile};
}

}  // namespace

bool LooksLikeEpss(std::string_view csv) {
  if (csv.starts_with(kUtf8Bom)) csv.remove_prefix(kUtf8Bom.size());
  return csv.starts_with(kCommentPrefix) || csv.starts_with(kHeader);
}

Result<EpssData> ParseEpss(std::string_view csv) {
  if (csv.starts_with(kUtf8Bom)) csv.remove_prefix(kUtf8Bom.size());
  EpssData data;
  LineReader lines(csv);
  std::string_view line;
  if (!lines.Next(line)) return Fail(ErrorCode::kInvalidArgument, "EPSS CSV: empty");
  if (line.starts_with('#')) {
    ReadComment(line, data);
    if (!lines.Next(line))
      return Fail(ErrorCode::kInvalidArgument, "EPSS CSV: line 2: missing header \"cve,epss,percentile\"");
  }
  if (line != kHeader) {
    return Fail(ErrorCode::kInvalidArgument, "EPSS CSV: line " + std::to_string(lines.number()) +
                                                 ": expected header \"" + std::string(kHeader) + "\", got " +
                                                 Quote(line));
  }
  data.scores.reserve(csv.size() / kTypicalRowBytes);
  while (lines.Next(line)) {
    if (line.empty()) continue;
    auto score = ReadRow(line, lines.number());
    if (score) {
      data.scores.push_back(std::move(*score));
      continue;
    }
    ++data.skipped;
    if (data.errors.size() < kMaxFeedErrors) data.errors.push_back(std::move(score.error()));
  }
  return data;
}

}  // namespace vigil::knowledge
