// Shared by the schemes whose versions are plain lists of non-negative integers compared
// element-wise, a longer list winning over its prefix (CRAN, Hackage): validation and a sort-key
// encoding. Stateless functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vigil::version {

enum class LeadingZeros { kAllowed, kRejected };

struct IntegerListRules {
  std::string_view scheme;         // for error messages
  std::string_view separators;     // any of these separates two components
  std::size_t min_components = 1;
  std::string_view max_value;      // largest component the native tool represents, in digits
  LeadingZeros leading_zeros = LeadingZeros::kAllowed;
};

// Appends a sort key of `text` to `out`; on error leaves `out` unchanged.
[[nodiscard]] Result<void> EncodeIntegerList(std::string_view text, const IntegerListRules& rules, std::string& out);

}  // namespace vigil::version
