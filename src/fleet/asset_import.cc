// CMDB export parsing (CSV per RFC 4180, or JSON) and the import transaction.
#include "fleet/asset_import.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

#include "audit/audit.h"
#include "fleet/blast_radius.h"

namespace vigil::fleet {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 10> kFields = {"name",        "external_id",      "kind",         "team",
                                                      "customers",   "environment",      "internet_exposed",
                                                      "data_classes", "criticality",     "tags"};

bool IsListField(std::string_view field) { return field == "customers" || field == "data_classes" || field == "tags"; }

std::string Trim(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return {};
  const auto end = text.find_last_not_of(" \t\r");
  return std::string(text.substr(begin, end - begin + 1));
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find(';', start), text.size());
    if (auto item = Trim(text.substr(start, end - start)); !item.empty()) out.push_back(std::move(item));
    start = end + 1;
  }
  return out;
}

Result<bool> ParseBool(std::string_view text) {
  std::string lower;
  for (const char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "true" || lower == "yes" || lower == "1") return true;
  if (lower == "false" || lower == "no" || lower == "0") return false;
  return Fail(ErrorCode::kInvalidArgument, fmt::format("'{}' is not true, false, yes, no, 1 or 0", text));
}

// Sets `field` of `record` from a CSV cell or a JSON string; an empty value clears it.
Result<void> SetFromText(AssetRecord& record, std::string_view field, std::string_view text) {
  AssetMetadata& m = record.metadata;
  const std::string value = Trim(text);
  if (field == "name") {
    if (value.empty()) return Fail(ErrorCode::kInvalidArgument, "missing");
    record.name = value;
  } else if (field == "external_id") {
    m.external_id = value;
  } else if (field == "kind") {
    m.kind = value;
  } else if (field == "team") {
    m.team = value;
  } else if (field == "environment") {
    m.environment = value;
  } else if (field == "internet_exposed") {
    if (value.empty()) {
      m.internet_exposed = false;
    } else {
      auto flag = ParseBool(value);
      if (!flag) return std::unexpected(flag.error());
      m.internet_exposed = *flag;
    }
  } else if (field == "criticality") {
    if (!value.empty()) {
      if (value.size() != 1 || value[0] < '1' || value[0] > '4') {
        return Fail(ErrorCode::kInvalidArgument, fmt::format("'{}' is not 1, 2, 3 or 4", value));
      }
      m.criticality = value[0] - '0';
    }
  } else if (field == "customers") {
    m.customers = SplitList(value);
  } else if (field == "data_classes") {
    m.data_classes = SplitList(value);
  } else if (field == "tags") {
    m.tags = SplitList(value);
  }
  return {};
}

// Kind and environment are checked once the whole record is read; the error names the field.
Result<void> CheckRecord(AssetRecord& record) { return Normalize(record.metadata); }

struct CsvRow {
  std::size_t line;  // where the row starts, from 1
  std::vector<std::string> cells;
};

Result<std::vector<CsvRow>> SplitCsv(std::string_view text, std::string_view file) {
  std::vector<CsvRow> rows;
  std::size_t line = 1;
  std::size_t i = 0;
  while (i < text.size()) {
    CsvRow row{line, {}};
    std::string cell;
    bool row_done = false;
    while (!row_done) {
      cell.clear();
      if (i < text.size() && text[i] == '"') {
        const std::size_t opened = line;
        ++i;
        while (true) {
          if (i >= text.size()) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}:{}: unterminated quoted field", file, opened));
          if (text[i] == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              cell += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (text[i] == '\n') ++line;
          cell += text[i++];
        }
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          return Fail(ErrorCode::kInvalidArgument, fmt::format("{}:{}: text after a closing quote", file, line));
        }
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n') cell += text[i++];
      }
      row.cells.push_back(cell);
      if (i < text.size() && text[i] == '\r') ++i;
      if (i >= text.size() || text[i] == '\n') {
        row_done = true;
        ++line;
      }
      ++i;
    }
    const bool blank = row.cells.size() == 1 && Trim(row.cells[0]).empty();
    if (!blank) rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::vector<AssetRecord>> ParseCsv(std::string_view text, std::string_view file) {
  auto rows = SplitCsv(text, file);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: empty; expected a header row", file));
  std::vector<std::string> columns;
  const CsvRow& header = rows->front();
  for (const auto& cell : header.cells) {
    std::string column = Trim(cell);
    if (column.starts_with("\xEF\xBB\xBF")) column.erase(0, 3);  // a byte order mark from spreadsheet exports
    if (std::find(kFields.begin(), kFields.end(), column) == kFields.end()) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("{}:{}: unknown column '{}'; known: name, external_id, kind, team, "
                                                           "customers, environment, internet_exposed, data_classes, "
                                                           "criticality, tags", file, header.line, column));
    }
    if (std::find(columns.begin(), columns.end(), column) != columns.end()) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("{}:{}: column '{}' appears twice", file, header.line, column));
    }
    columns.push_back(std::move(column));
  }
  if (std::find(columns.begin(), columns.end(), "name") == columns.end()) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{}:{}: no 'name' column", file, header.line));
  }
  std::vector<AssetRecord> records;
  for (std::size_t r = 1; r < rows->size(); ++r) {
    const CsvRow& row = (*rows)[r];
    if (row.cells.size() != columns.size()) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("{}:{}: {} fields, the header has {}", file, row.line,
                                                           row.cells.size(), columns.size()));
    }
    AssetRecord record;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (auto set = SetFromText(record, columns[c], row.cells[c]); !set) {
        return Fail(ErrorCode::kInvalidArgument, fmt::format("{}:{}: {}: {}", file, row.line, columns[c], set.error().message));
      }
    }
    if (auto checked = CheckRecord(record); !checked) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("{}:{}: {}", file, row.line, checked.error().message));
    }
    records.push_back(std::move(record));
  }
  return records;
}

Result<void> SetFromJson(AssetRecord& record, std::string_view field, const json& value) {
  if (value.is_null()) return SetFromText(record, field, "");
  if (IsListField(field)) {
    if (value.is_string()) return SetFromText(record, field, value.get<std::string>());
    if (!value.is_array()) return Fail(ErrorCode::kInvalidArgument, "expected an array of strings");
    std::vector<std::string> list;
    for (const auto& item : value) {
      if (!item.is_string()) return Fail(ErrorCode::kInvalidArgument, "expected an array of strings");
      list.push_back(item.get<std::string>());
    }
    auto& target = field == "customers" ? record.metadata.customers
                   : field == "tags"    ? record.metadata.tags
                                        : record.metadata.data_classes;
    target = std::move(list);
    return {};
  }
  if (field == "internet_exposed" && value.is_boolean()) {
    record.metadata.internet_exposed = value.get<bool>();
    return {};
  }
  if (field == "criticality" && value.is_number_integer()) return SetFromText(record, field, std::to_string(value.get<std::int64_t>()));
  if (!value.is_string()) {
    return Fail(ErrorCode::kInvalidArgument, field == "internet_exposed" ? "expected true or false"
                                             : field == "criticality"    ? "expected an integer 1 to 4"
                                                                         : "expected a string");
  }
  return SetFromText(record, field, value.get<std::string>());
}

Result<std::vector<AssetRecord>> ParseJson(std::string_view text, std::string_view file) {
  const json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: not valid JSON", file));
  if (!doc.is_array()) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: $: expected an array of objects", file));
  std::vector<AssetRecord> records;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const json& item = doc[i];
    if (!item.is_object()) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: $[{}]: expected an object", file, i));
    if (!item.contains("name")) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: $[{}].name: missing", file, i));
    AssetRecord record;
    for (const auto& [key, value] : item.items()) {
      if (std::find(kFields.begin(), kFields.end(), key) == kFields.end()) {
        return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: $[{}].{}: unknown field", file, i, key));
      }
      if (auto set = SetFromJson(record, key, value); !set) {
        return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: $[{}].{}: {}", file, i, key, set.error().message));
      }
    }
    if (auto checked = CheckRecord(record); !checked) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: $[{}].{}", file, i, checked.error().message));
    }
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace

Result<std::vector<AssetRecord>> ParseAssetExport(std::string_view text, std::string_view file) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '[') return ParseJson(text, file);
  return ParseCsv(text, file);
}

Result<ImportResult> ImportAssets(store::Store& store, const std::vector<AssetRecord>& records, std::int64_t now,
                                  std::string_view actor, BlastRadiusIndex* index) {
  ImportResult result;
  std::vector<store::AssetRow> changed;
  const std::string who(actor);
  auto written = store.Write([&](store::Transaction& tx) -> Result<void> {
    for (const auto& record : records) {
      auto existing = tx.GetAssetByName(record.name);
      if (!existing) return std::unexpected(existing.error());
      store::AssetRow asset;
      std::optional<std::string> before;
      if (*existing) {
        asset = std::move(**existing);
        before = AssetDigest(asset);
      } else {
        asset.name = record.name;
      }
      Apply(record.metadata, asset);
      const std::string after = AssetDigest(asset);
      if (before == after) {
        ++result.unchanged;
        continue;
      }
      auto id = tx.PutAsset(asset);
      if (!id) return std::unexpected(id.error());
      asset.id = *id;
      auto logged = audit::Append(tx, {who, "asset.upsert", "asset:" + asset.name, before, after}, now);
      if (!logged) return std::unexpected(logged.error());
      ++(before ? result.updated : result.created);
      changed.push_back(std::move(asset));
    }
    return {};
  });
  if (!written) return std::unexpected(written.error());
  if (index != nullptr) {
    for (const auto& asset : changed) index->PutAsset(asset);
  }
  return result;
}

}  // namespace vigil::fleet
