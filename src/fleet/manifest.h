// Manifests: the package set of an asset as matching sees it — the distinct (ecosystem, match name,
// version) triples — and its content address, so that every asset running the same set shares one
// stored manifest. Pure functions; thread-compatible.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace vigil::fleet {

// The triple the matcher keys on (match/matcher.cc): Alpine packages by their origin when known,
// every name in its ecosystem's canonical spelling. Empty version or ecosystem: not matchable, and
// the caller leaves the package out.
[[nodiscard]] store::ManifestPackage MatchKey(std::string_view ecosystem, std::string_view name,
                                              std::string_view source_name, std::string_view version);

// Sorts and removes duplicates: the manifest's canonical order.
void SortDistinct(std::vector<store::ManifestPackage>& packages);

// SHA-256 (hex) of the canonical encoding of the sorted, distinct `packages`.
[[nodiscard]] std::string ManifestDigest(std::span<const store::ManifestPackage> packages);

}  // namespace vigil::fleet
