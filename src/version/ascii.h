// ASCII character classes for version parsers. Version grammars are defined over ASCII, and the
// <cctype> functions depend on the C locale and are undefined for negative chars, so every scheme
// uses these instead. Pure functions; thread-safe.
#pragma once

namespace vigil::version {

constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool IsAlnum(char c) { return IsDigit(c) || IsLetter(c); }
constexpr char ToLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace vigil::version
