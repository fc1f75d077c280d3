// Maps OSV ecosystem names to their version scheme. Names may carry a release suffix after the
// first ':' ("Debian:12", "AlmaLinux:9", "Alpine:v3.19"); the suffix does not change the scheme.
// The returned schemes are immortal singletons; thread-safe.
#pragma once

#include <string_view>

#include "core/result.h"
#include "version/scheme.h"

namespace vigil::version {

// The scheme of an OSV ecosystem name, or kNotFound naming the ecosystem.
[[nodiscard]] Result<const Scheme*> SchemeForEcosystem(std::string_view ecosystem);

[[nodiscard]] const Scheme& GetScheme(SchemeId id);

// The ecosystem name without its release suffix: "Debian:12" -> "Debian".
[[nodiscard]] std::string_view BaseEcosystem(std::string_view ecosystem);

}  // namespace vigil::version
