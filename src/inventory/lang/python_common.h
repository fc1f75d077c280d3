// Helpers shared by the Python extractors (requirements.txt, Pipfile.lock, poetry.lock, pdm.lock,
// uv.lock, installed distributions): PyPI package construction, PEP 503 names, positioned errors and
// the `[[package]]` tables of the TOML lockfiles. Stateless free functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#ifndef TOML_EXCEPTIONS
#define TOML_EXCEPTIONS 1
#endif
#include <toml++/toml.h>

#include "core/result.h"
#include "inventory/file_errors.h"
#include "inventory/package.h"

namespace vigil::inventory::python {

inline constexpr std::string_view kEcosystem = "PyPI";

// A PyPI package read from `path`; everything else left at its default.
[[nodiscard]] Package MakePackage(std::string name, std::string version, const std::filesystem::path& path);

// The shared positioned-error helpers (file_errors.h), also reachable as python::….
using inventory::AtJsonPath;
using inventory::AtLine;
using inventory::FileNameIs;
using inventory::LineOf;

// The PEP 503 normalised form of a project name: lower case, each run of "-", "_", "." as one "-".
[[nodiscard]] std::string NormalizeName(std::string_view name);

// `["key"]` with the key escaped as a JSON string, to extend a JSON path.
[[nodiscard]] std::string JsonKey(std::string_view key);

// The error for `content` that simdjson refused: kInvalidArgument "<path>:<line>: not valid JSON: …",
// with the line of the first fault.
[[nodiscard]] Error JsonSyntaxError(const std::filesystem::path& path, std::string_view content,
                                    std::string_view parser_message);

// Parses a TOML document; invalid TOML is kInvalidArgument naming the file and the line.
[[nodiscard]] Result<toml::table> ParseToml(const std::filesystem::path& path, std::string_view content);

// The tables of the top-level `package` array (none when the key is absent), or kInvalidArgument
// when it is not an array of tables.
[[nodiscard]] Result<std::vector<const toml::table*>> PackageTables(const toml::table& root,
                                                                    const std::filesystem::path& path);

// Parses a TOML lockfile and reads each `[[package]]` table with `read(table, path)`, which returns
// Result<T>; the first table that fails stops the reading with its error.
template <class Read>
auto ReadPackageTables(const std::filesystem::path& path, std::string_view content, Read read)
    -> Result<std::vector<typename std::invoke_result_t<Read, const toml::table&, const std::filesystem::path&>::value_type>> {
  using T = typename std::invoke_result_t<Read, const toml::table&, const std::filesystem::path&>::value_type;
  const auto root = ParseToml(path, content);
  if (!root) return std::unexpected(root.error());
  const auto tables = PackageTables(*root, path);
  if (!tables) return std::unexpected(tables.error());
  std::vector<T> out;
  out.reserve(tables->size());
  for (const toml::table* table : *tables) {
    auto item = read(*table, path);
    if (!item) return std::unexpected(item.error());
    out.push_back(std::move(*item));
  }
  return out;
}

enum class Presence : std::uint8_t { kRequired, kOptional };

// The string value of `key` in a `[[package]]` table: "" when absent and optional, kInvalidArgument
// ("<path>:<line>: package.<key>: …") when absent and required or not a string.
[[nodiscard]] Result<std::string> StringField(const toml::table& table, std::string_view key, Presence presence,
                                              const std::filesystem::path& path);

// The line a TOML node starts on (0 when unknown).
[[nodiscard]] std::size_t LineOf(const toml::node& node);

}  // namespace vigil::inventory::python
