// The error every scheme returns for a version it rejects: names the scheme, the version (cut short
// when very long), the byte offset and the reason. Plain functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"

namespace vigil::version {

// Long enough for any real version; an attacker-sized input must not make an attacker-sized message.
inline constexpr std::size_t kMaxQuotedVersion = 80;

[[nodiscard]] inline std::unexpected<Error> InvalidVersion(std::string_view scheme, std::string_view text,
                                                           std::size_t offset, std::string_view reason) {
  std::string message(scheme);
  message += " version \"";
  message += text.substr(0, kMaxQuotedVersion);
  if (text.size() > kMaxQuotedVersion) message += "...";
  message += "\": ";
  message += reason;
  message += " at offset ";
  message += std::to_string(offset);
  return Fail(ErrorCode::kInvalidArgument, std::move(message));
}

}  // namespace vigil::version
