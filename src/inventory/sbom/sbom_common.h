// Helpers shared by the SBOM extractors (CycloneDX JSON/XML, SPDX JSON/tag-value): turning a
// package URL into a Package, file-name claims and positioned error messages. Stateless free
// functions; thread-safe.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "inventory/file_errors.h"
#include "inventory/package.h"

namespace vigil::inventory::sbom {

// Components nest (CycloneDX `components` inside a component); deeper nesting than this is refused
// so that hostile input cannot exhaust the stack.
inline constexpr int kMaxNesting = 64;

// The package a purl names, with ecosystem, name and version as OSV names them (purl/osv.h), the
// purl as written, its `arch` qualifier and `location` = `path`. `fallback_version` (the SBOM's own
// version field) is used when the purl has none. nullopt when the purl does not parse or its type
// has no OSV ecosystem: such a package could never be matched, and an SBOM names many (pkg:generic
// files, pkg:github actions) that are not packages vigil tracks.
[[nodiscard]] std::optional<Package> PackageFromPurl(std::string_view purl, std::string_view fallback_version,
                                                     const std::filesystem::path& path);

// The file name of `path`, lowercased (ASCII), for name claims.
[[nodiscard]] std::string LowerFileName(const std::filesystem::path& path);

// Whether `content` holds `"key"` followed (after whitespace and a colon) by the string `"value"`.
[[nodiscard]] bool HasJsonMember(std::string_view content, std::string_view key, std::string_view value);

// The first character of `content` that is not whitespace or a UTF-8 byte order mark, or '\0'.
[[nodiscard]] char FirstSignificantChar(std::string_view content);

// The shared positioned-error helpers (file_errors.h), also reachable as sbom::….
using inventory::AtJsonPath;
using inventory::AtLine;
using inventory::LineOf;

// Parses `content` as one JSON document with `parser`; the element lives until the parser's next
// parse. Invalid JSON is kInvalidArgument naming the file.
[[nodiscard]] Result<simdjson::dom::element> ParseJson(simdjson::dom::parser& parser, const std::filesystem::path& path,
                                                       std::string_view content);

}  // namespace vigil::inventory::sbom
