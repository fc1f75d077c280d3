// Package names as advisories and inventories must both be keyed: ecosystems whose registries treat
// names case- or separator-insensitively get one canonical spelling (PyPI: PEP 503; NuGet and
// Packagist: lower case), so "Jinja2" in a lockfile finds "jinja2" in an advisory. Pure functions.
#pragma once

#include <string>
#include <string_view>

namespace vigil::knowledge {

// Writes the canonical form of `name` in `ecosystem` (release suffix allowed) to `out`.
void CanonicalPackageName(std::string_view ecosystem, std::string_view name, std::string& out);

}  // namespace vigil::knowledge
