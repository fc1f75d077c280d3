// /etc/os-release (os-release(5)): the shell-like KEY=value file that names a Linux distribution
// and its release. The OS package extractors read it through their FileSystem to pick the OSV
// ecosystem of the packages they find. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "inventory/extractor.h"
#include "inventory/package.h"

namespace vigil::inventory {

// Parses os-release content: `KEY=value` lines, values unquoted or in single or double quotes
// (backslash escapes inside double quotes), `#` comments. ID defaults to "linux" as the
// specification says. nullopt when no line is a valid assignment.
[[nodiscard]] std::optional<OsRelease> ParseOsRelease(std::string_view content);

// The os-release of the tree behind `fs`: /etc/os-release, else /usr/lib/os-release. nullopt
// when neither can be read or parsed.
[[nodiscard]] std::optional<OsRelease> ReadOsRelease(const FileSystem& fs);

}  // namespace vigil::inventory
