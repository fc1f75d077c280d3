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

namespace vigil::inventory::other {

// Whether the last component of `path` is exactly `file_name` ("path/to/go.mod", not "go.mod.bak").
[[nodiscard]] bool FileNameIs(const std::filesystem::path& path, std::string_view file_name);

// The 1-based line on which byte `offset` of `content` lies.
[[nodiscard]] std::size_t LineOf(std::string_view content, std::size_t offset);

// kInvalidArgument "<path>:<line>: <reason>".
[[nodiscard]] Error AtLine(const std::filesystem::path& path, std::size_t line, std::string_view reason);

// kInvalidArgument "<path>: <json_path>: <reason>", e.g. json_path "$.packages[3].version".
[[nodiscard]] Error AtJsonPath(const std::filesystem::path& path, std::string_view json_path, std::string_view reason);

// A member step of a JSON path: `.key` for plain keys, else `["key"]` escaped as a JSON string.
[[nodiscard]] std::string JsonMember(std::string_view key);

// Parses `content` as one JSON document with `parser` (the element lives as long as the parser's next
// parse). Invalid JSON is kInvalidArgument naming the file and the line of the fault.
[[nodiscard]] Result<simdjson::dom::element> ParseJson(simdjson::dom::parser& parser, const std::filesystem::path& path,
                                                       std::string_view content);

// The string at `element`, or kInvalidArgument naming `json_path` when it is another type.
[[nodiscard]] Result<std::string_view> JsonString(simdjson::dom::element element, const std::filesystem::path& path,
                                                  std::string_view json_path);

}  // namespace vigil::inventory::other
