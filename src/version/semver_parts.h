// Shared SemVer 2.0 parsing for the schemes that use it (npm, crates.io, Hex, SwiftURL and Go
// modules): one pass over the text appends a sort key whose byte order is SemVer precedence; plus
// the error format shared with the NuGet and Packagist schemes. Stateless; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace vigil::version {

// The error of an invalid version, in the form shared by these schemes:
// `nuget version "1.a": unexpected character 'a' at offset 2`.
[[nodiscard]] std::unexpected<Error> InvalidVersion(std::string_view scheme_name, std::string_view text,
                                                    std::size_t offset, std::string_view reason);

// Appends the sort key of a SemVer version to `out` (restored on error). `scheme_name` prefixes
// error messages ("semver version \"1.x\": ...").
//
// Grammar: npm semver's strict grammar (an optional leading `v`, no leading zeros in numbers or
// numeric prerelease identifiers, non-empty dot-separated [0-9A-Za-z-] identifiers, at most 256
// characters), made more lenient only where the OSV reference fixture (osv-scanner's parser)
// demands it: one or more numeric components instead of exactly three (missing ones are 0, extra
// ones compare numerically after the patch number) and numbers of any size.
[[nodiscard]] Result<void> EncodeSemver(std::string_view text, std::string& out, std::string_view scheme_name);

}  // namespace vigil::version
