// Errors as values: every fallible vigil function returns Result<T>.
// An Error carries one code from a small fixed set and a message that names the input, the
// position and the reason. Plain values; thread-compatible.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace vigil {

enum class ErrorCode {
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kPermissionDenied,
  kFailedPrecondition,
  kUnavailable,
  kDataLoss,
  kInternal,
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
};

template <class T>
using Result = std::expected<T, Error>;

// Shorthand for `return Fail(ErrorCode::kInvalidArgument, "...")` inside a Result function.
[[nodiscard]] inline std::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return std::unexpected<Error>(Error{code, std::move(message)});
}

// Prepends context ("file.json: ") to an error while keeping its code.
[[nodiscard]] inline Error WithContext(Error error, std::string_view context) {
  error.message = std::string(context) + ": " + error.message;
  return error;
}

[[nodiscard]] std::string_view ErrorCodeName(ErrorCode code);

}  // namespace vigil
