// Helpers shared by the extractors of lang/other_extractors.cc (go.mod, Cargo.lock, Gemfile.lock,
// composer.lock, mix.lock, pubspec.lock, conan.lock, packages.lock.json, renv.lock): file-name
// claims, positioned error messages and JSON parsing. Stateless free functions; thread-safe.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"
#include "inventory/file_errors.h"

namespace vigil::inventory::other {

// The shared positioned-error helpers (file_errors.h), also reachable as other::….
using inventory::AtJsonPath;
using inventory::AtLine;
using inventory::FileNameIs;
using inventory::LineOf;

// A member step of a JSON path: `.key` for plain keys, else `["key"]` escaped as a JSON string.
[[nodiscard]] std::string JsonMember(std::string_view key);

// Parses `content` as one JSON object with `parser` (the object lives as long as the parser's next
// parse). Invalid JSON is kInvalidArgument naming the file and the line of the fault; another
// top-level value names `$`.
[[nodiscard]] Result<simdjson::dom::object> ParseJsonObject(simdjson::dom::parser& parser, const std::filesystem::path& path,
                                                            std::string_view content);

// The string at `element`, or kInvalidArgument naming `json_path` when it is another type.
[[nodiscard]] Result<std::string_view> JsonString(simdjson::dom::element element, const std::filesystem::path& path,
                                                  std::string_view json_path);

}  // namespace vigil::inventory::other
