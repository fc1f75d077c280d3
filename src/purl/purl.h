// Package URLs (https://github.com/package-url/purl-spec): parsing into components, the canonical
// string form, and the type-specific normalisation of the types vigil reads. Plain values and pure
// functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vigil::purl {

struct Qualifier {
  std::string key;    // lowercase ASCII: [a-z0-9._-], starting with a letter
  std::string value;  // percent-decoded, never empty
  friend bool operator==(const Qualifier&, const Qualifier&) = default;
};

// The components of a purl, percent-decoded and normalised for their type.
struct PackageUrl {
  std::string type;        // lowercase: "npm", "maven", "deb"
  std::string namespace_;  // segments joined by '/': "@angular", "org.apache.commons", "github.com/gorilla"
  std::string name;
  std::string version;                // empty when the purl has none
  std::vector<Qualifier> qualifiers;  // sorted by key, keys unique
  std::string subpath;                // segments joined by '/', without '.', '..' or empty ones

  // The value of qualifier `key` (lowercase), if present.
  [[nodiscard]] std::optional<std::string_view> FindQualifier(std::string_view key) const;

  friend bool operator==(const PackageUrl&, const PackageUrl&) = default;
};

// Parses a purl string. Invalid input (no "pkg:" scheme, a bad type or qualifier key, no name, a
// bad percent escape, a type's required component missing) is kInvalidArgument naming the reason.
[[nodiscard]] Result<PackageUrl> Parse(std::string_view text);

// The canonical string form: lowercase type, type-specific case folding, percent-encoding of
// everything but ASCII letters, digits, ".-_~" and ':' (and '/' inside qualifier values), qualifiers
// sorted by key and those with empty values left out.
[[nodiscard]] std::string ToString(const PackageUrl& purl);

}  // namespace vigil::purl
