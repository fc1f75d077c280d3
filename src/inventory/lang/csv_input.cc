#include "inventory/lang/csv_input.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "version/registry.h"

namespace vigil::inventory {

namespace {

// The columns a row must have; more are ignored.
constexpr std::size_t kMinFields = 4;

struct Record {
  std::vector<std::string> fields;
  std::size_t line = 0;  // where the record starts
};

// A reader with the behaviour of Go's encoding/csv (comma ',', no comments, strict quotes,
// FieldsPerRecord fixed by the first record): the format osv-scanner's CSV input is defined by.
class CsvReader {
 public:
  CsvReader(const std::filesystem::path& path, std::string_view content) : path_(path), content_(content) {}

  // The next record; an empty optional at the end of the input.
  Result<std::optional<Record>> Next() {
    std::string_view line;
    do {
      if (!ReadLine(line)) return std::optional<Record>();
    } while (line.empty() || line == "\n");  // blank lines are skipped

    Record record;
    record.line = line_;
    std::size_t column = 1;
    while (true) {
      if (line.empty() || line.front() != '"') {
        const std::size_t comma = line.find(',');
        std::string_view field = line.substr(0, comma);
        if (comma == std::string_view::npos && field.ends_with('\n')) field.remove_suffix(1);
        if (const std::size_t quote = field.find('"'); quote != std::string_view::npos) {
          return SyntaxError(record.line, column + quote, "bare \" in non-quoted field");
        }
        record.fields.emplace_back(field);
        if (comma == std::string_view::npos) break;
        line.remove_prefix(comma + 1);
        column += comma + 1;
        continue;
      }
      line.remove_prefix(1);
      ++column;
      std::string field;
      bool end_of_record = false;
      while (true) {
        const std::size_t quote = line.find('"');
        if (quote != std::string_view::npos) {
          field.append(line.substr(0, quote));
          line.remove_prefix(quote + 1);
          column += quote + 1;
          if (line.starts_with('"')) {  // "" is an escaped quote
            field.push_back('"');
            line.remove_prefix(1);
            ++column;
          } else if (line.starts_with(',')) {
            line.remove_prefix(1);
            ++column;
            break;
          } else if (line.empty() || line == "\n") {
            end_of_record = true;
            break;
          } else {
            return SyntaxError(record.line, column - 1, "extraneous or missing \" in quoted field");
          }
        } else if (!line.empty()) {
          // A quoted field may span lines.
          field.append(line);
          column += line.size();
          if (!ReadLine(line)) line = {};
          if (!line.empty()) column = 1;
        } else {
          return SyntaxError(record.line, column,
                             "extraneous or missing \" in quoted field (unterminated at end of file)");
        }
      }
      record.fields.push_back(std::move(field));
      if (end_of_record) break;
    }

    if (fields_per_record_ == 0) {
      fields_per_record_ = record.fields.size();
    } else if (record.fields.size() != fields_per_record_) {
      return Fail(ErrorCode::kInvalidArgument,
                  Where(record.line) + "wrong number of fields (" + std::to_string(record.fields.size()) +
                      ", but the first record has " + std::to_string(fields_per_record_) + ")");
    }
    return std::optional<Record>(std::move(record));
  }

  std::string Where(std::size_t line) const { return path_.string() + ":" + std::to_string(line) + ": "; }

 private:
  // The next physical line with its "\n" (a final line may lack it; "\r\n" reads as "\n").
  bool ReadLine(std::string_view& line) {
    if (content_.empty()) return false;
    const std::size_t newline = content_.find('\n');
    if (newline == std::string_view::npos) {
      line = content_;
      content_ = {};
      if (line.ends_with('\r')) line.remove_suffix(1);
    } else {
      line = content_.substr(0, newline + 1);
      content_.remove_prefix(newline + 1);
      if (line.ends_with("\r\n")) {
        // Drop the '\r' but keep the '\n': a view cannot be rewritten in place.
        pending_.assign(line.substr(0, line.size() - 2));
        pending_.push_back('\n');
        line = pending_;
      }
    }
    ++line_;
    return true;
  }

  std::unexpected<vigil::Error> SyntaxError(std::size_t record_line, std::size_t column,
                                            std::string_view reason) const {
    std::string message = Where(line_) + "column " + std::to_string(column) + ": " + std::string(reason);
    if (record_line != line_) message += " (in the record that starts on line " + std::to_string(record_line) + ")";
    return Fail(ErrorCode::kInvalidArgument, std::move(message));
  }

  const std::filesystem::path& path_;
  std::string_view content_;
  std::string pending_;
  std::size_t line_ = 0;
  std::size_t fields_per_record_ = 0;
};

class CsvExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "csv"; }

  // Any file may hold such rows, so the format is only ever chosen explicitly.
  bool ClaimsPath(const std::filesystem::path& path) const override {
    static_cast<void>(path);
    return false;
  }

  Result<std::vector<Package>> Extract(const std::filesystem::path& path, std::string_view content,
                                       const FileSystem& fs) const override {
    static_cast<void>(fs);
    CsvReader reader(path, content);
    std::vector<Package> packages;
    for (std::size_t row = 1;; ++row) {
      auto record = reader.Next();
      if (!record) return std::unexpected(std::move(record.error()));
      if (!record->has_value()) break;
      const Record& r = **record;
      const std::string where = reader.Where(r.line) + "row " + std::to_string(row) + ": ";
      if (r.fields.size() < kMinFields) {
        return Fail(ErrorCode::kInvalidArgument, where + "not enough fields (expected at least four)");
      }
      Package p;
      p.ecosystem = r.fields[0];
      std::string compare_as = r.fields[1].empty() ? r.fields[0] : r.fields[1];
      p.name = r.fields[2];
      p.version = r.fields[3];
      if (p.ecosystem.empty()) {
        if (p.version.empty()) return Fail(ErrorCode::kInvalidArgument, where + "field 4 is empty (must be a commit)");
        p.commit = std::move(p.version);
        p.version.clear();
      }
      if (p.name.empty()) {
        return Fail(ErrorCode::kInvalidArgument, where + "field 3 is empty (must be the name of a package)");
      }
      if (compare_as != version::BaseEcosystem(p.ecosystem)) p.compare_as = std::move(compare_as);
      p.location = path.string();
      packages.push_back(std::move(p));
    }
    std::stable_sort(packages.begin(), packages.end(), [](const Package& a, const Package& b) {
      return a.name != b.name ? a.name < b.name : a.version < b.version;
    });
    return packages;
  }
};

}  // namespace

std::unique_ptr<const Extractor> MakeCsvExtractor() {
  return std::make_unique<CsvExtractor>();
}

}  // namespace vigil::inventory
