#pragma once

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace classroom::core {

// The one error vocabulary of every service. Handlers and domain code throw
// `Error`; exactly one table (problem.cpp) turns a code into an HTTP status
// and a problem body. A code's meaning tells the caller whether to retry:
// only `kUnavailable` and `kResourceExhausted` are worth retrying as they are.
enum class ErrorCode {
  kMalformed,           // request cannot be read: bad JSON, wrong type, bad query parameter
  kInvalidArgument,     // well-formed but invalid fields
  kUnauthenticated,     // no valid session
  kPermissionDenied,    // authenticated, not allowed, and may know the resource exists
  kNotFound,            // absent or not visible to the caller
  kMethodNotAllowed,    // the path exists, the method does not
  kAlreadyExists,       // unique value taken
  kFailedPrecondition,  // the resource's state forbids it
  kPreconditionFailed,  // If-Match does not match
  kGone,                // existed once and never will again: a used or expired one-time link
  kPayloadTooLarge,
  kUnsupportedMediaType,
  kResourceExhausted,  // too many requests
  kUnavailable,        // a dependency is down
  kInternal,           // a bug
};

struct FieldError {
  std::string field;
  std::string message;
};

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, std::string detail, std::vector<FieldError> fields = {})
      : std::runtime_error(detail), code_(code), fields_(std::move(fields)) {}

  ErrorCode code() const noexcept { return code_; }
  const std::vector<FieldError>& fields() const noexcept { return fields_; }

  // Retry-After for kResourceExhausted and kUnavailable.
  std::optional<std::chrono::seconds> retry_after() const noexcept { return retry_after_; }
  Error&& with_retry_after(std::chrono::seconds after) && {
    retry_after_ = after;
    return std::move(*this);
  }
  // Extra response headers a problem must carry (for example `Allow` on 405).
  const std::vector<std::pair<std::string, std::string>>& headers() const noexcept {
    return headers_;
  }
  Error&& with_header(std::string name, std::string value) && {
    headers_.emplace_back(std::move(name), std::move(value));
    return std::move(*this);
  }

 private:
  ErrorCode code_;
  std::vector<FieldError> fields_;
  std::optional<std::chrono::seconds> retry_after_;
  std::vector<std::pair<std::string, std::string>> headers_;
};

// One invalid field: the common case of a 422.
inline Error invalid_field(std::string field, std::string message) {
  std::string detail = field + ": " + message;
  return Error(ErrorCode::kInvalidArgument, std::move(detail),
               {FieldError{std::move(field), std::move(message)}});
}

// Collects the field errors of several validations, so that one 422 names
// every invalid field rather than only the first.
class Validation {
 public:
  // Runs `check`; an invalid-field Error it throws is recorded, not propagated.
  // Returns what `check` returned, or a default value when it was invalid.
  template <class F>
  auto check(F&& check) -> decltype(check()) {
    using Result = decltype(check());
    try {
      return check();
    } catch (const Error& e) {
      if (e.code() != ErrorCode::kInvalidArgument) {
        throw;
      }
      fields_.insert(fields_.end(), e.fields().begin(), e.fields().end());
      if constexpr (!std::is_void_v<Result>) {
        return Result{};
      }
    }
  }
  void throw_if_invalid() {
    if (fields_.empty()) {
      return;
    }
    std::string detail;
    for (const auto& f : fields_) {
      detail += (detail.empty() ? "" : "; ") + f.field + ": " + f.message;
    }
    throw Error(ErrorCode::kInvalidArgument, std::move(detail), std::move(fields_));
  }

 private:
  std::vector<FieldError> fields_;
};

}  // namespace classroom::core
