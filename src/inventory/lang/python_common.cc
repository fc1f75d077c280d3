#include "inventory/lang/python_common.h"

#include <algorithm>
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

std::string JsonKey(std::string_view key) { return QuotedJsonKey(key); }

Error JsonSyntaxError(const std::filesystem::path& path, std::string_view content, std::string_view parser_message) {
  const auto fault = FindJsonFault(content);
  const std::size_t line = fault ? LineOf(content, fault->offset) : 1;
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
