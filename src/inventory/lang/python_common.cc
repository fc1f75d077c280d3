#include "inventory/lang/python_common.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <utility>

namespace vigil::inventory::python {

Package MakePackage(std::string name, std::string version, const std::filesystem::path& path) {
  Package package;
  package.name = std::move(name);
  package.version = std::move(version);
  package.ecosystem = std::string(kEcosystem);
  package.location = path.string();
  return package;
}

bool FileNameIs(const std::filesystem::path& path, std::string_view file_name) {
  return path.has_filename() && path.filename().native() == file_name;
}

std::string NormalizeName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool in_separator_run = false;
  for (const char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      if (!in_separator_run) out += '-';
      in_separator_run = true;
      continue;
    }
    in_separator_run = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

Error AtLine(const std::filesystem::path& path, std::size_t line, std::string_view reason) {
  return Error{ErrorCode::kInvalidArgument, path.string() + ":" + std::to_string(line) + ": " + std::string(reason)};
}

Error AtJsonPath(const std::filesystem::path& path, std::string_view json_path, std::string_view reason) {
  return Error{ErrorCode::kInvalidArgument, path.string() + ": " + std::string(json_path) + ": " + std::string(reason)};
}

std::string JsonKey(std::string_view key) {
  std::string out = "[\"";
  for (const char c : key) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  out += "\"]";
  return out;
}

namespace {

// Finds where a JSON document goes wrong without building it (simdjson says only what is wrong).
struct FirstFault final : nlohmann::json_sax<nlohmann::json> {
  std::size_t byte = 0;
  std::string message;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
    byte = position;
    message = e.what();
    return false;
  }
};

}  // namespace

Error JsonSyntaxError(const std::filesystem::path& path, std::string_view content, std::string_view parser_message) {
  FirstFault fault;
  bool accepted = false;
  try {
    accepted = nlohmann::json::sax_parse(content, &fault);
  } catch (const std::exception&) {
    accepted = false;
  }
  std::size_t line = 1;
  if (!accepted && fault.byte > 0) {
    const std::size_t end = std::min(fault.byte - 1, content.size());
    line +=
        static_cast<std::size_t>(std::count(content.begin(), content.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
  }
  return AtLine(path, line, "not valid JSON: " + std::string(parser_message));
}

Result<toml::table> ParseToml(const std::filesystem::path& path, std::string_view content) {
  try {
    return toml::parse(content, path.string());
  } catch (const toml::parse_error& e) {
    return std::unexpected(AtLine(path, e.source().begin.line, "not valid TOML: " + std::string(e.description())));
  } catch (const std::exception& e) {
    return std::unexpected(AtLine(path, 0, std::string("not valid TOML: ") + e.what()));
  }
}

std::size_t LineOf(const toml::node& node) {
  return node.source().begin.line;
}

Result<std::vector<const toml::table*>> PackageTables(const toml::table& root, const std::filesystem::path& path) {
  std::vector<const toml::table*> tables;
  const toml::node* node = root.get("package");
  if (node == nullptr) return tables;
  const toml::array* array = node->as_array();
  if (array == nullptr) return std::unexpected(AtLine(path, LineOf(*node), "package: expected an array of tables"));
  tables.reserve(array->size());
  for (const toml::node& element : *array) {
    const toml::table* table = element.as_table();
    if (table == nullptr) return std::unexpected(AtLine(path, LineOf(element), "package: expected a table"));
    tables.push_back(table);
  }
  return tables;
}

Result<std::string> StringField(const toml::table& table, std::string_view key, Presence presence,
                                const std::filesystem::path& path) {
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    if (presence == Presence::kOptional) return std::string();
    return std::unexpected(AtLine(path, LineOf(table), "package." + std::string(key) + ": missing"));
  }
  const auto* text = node->as_string();
  if (text == nullptr) {
    return std::unexpected(AtLine(path, LineOf(*node), "package." + std::string(key) + ": expected a string"));
  }
  return text->get();
}

}  // namespace vigil::inventory::python
