// Building blocks for byte-wise sortable version encodings ("sort keys"): numbers of any length
// encoded so that memcmp orders them numerically. Used by the individual schemes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vigil::version {

// Appends `digits` (ASCII 0-9, possibly empty, possibly with leading zeros; empty means 0) so that
// byte-wise comparison of two appended numbers orders them by numeric value, whatever their size.
void AppendNumber(std::string& out, std::string_view digits);
void AppendNumber(std::string& out, std::uint64_t value);

// Restores `out` to `size` and returns the error; for Encode implementations that fail midway.
inline void Truncate(std::string& out, std::size_t size) { out.resize(size); }

}  // namespace vigil::version
