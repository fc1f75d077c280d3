// What every extractor needs to say where a file goes wrong: "FILE:LINE: reason" or
// "FILE: JSON.PATH: reason", the line of an offset, and where a JSON document first breaks (simdjson
// says what is wrong but not where). Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vigil::inventory {

// Whether the last component of `path` is exactly `file_name`.
[[nodiscard]] bool FileNameIs(const std::filesystem::path& path, std::string_view file_name);

// The 1-based line of byte `offset` in `content` (the last line when past the end).
[[nodiscard]] std::size_t LineOf(std::string_view content, std::size_t offset);

// kInvalidArgument "<path>:<line>: <reason>".
[[nodiscard]] Error AtLine(const std::filesystem::path& path, std::size_t line, std::string_view reason);

// kInvalidArgument "<path>: <json_path>: <reason>", e.g. json_path "$.packages[3].version".
[[nodiscard]] Error AtJsonPath(const std::filesystem::path& path, std::string_view json_path, std::string_view reason);

// A member step of a JSON path, `["key"]`, the key escaped as a JSON string.
[[nodiscard]] std::string QuotedJsonKey(std::string_view key);

struct JsonFault {
  std::size_t offset;  // the byte where parsing failed
  std::string reason;  // what the parser expected there
};

// Where `content` stops being JSON, or nullopt when it is valid JSON.
[[nodiscard]] std::optional<JsonFault> FindJsonFault(std::string_view content);

}  // namespace vigil::inventory
