#pragma once

#include "core/errors.hpp"
#include "core/http/response.hpp"

namespace classroom::core::http {

// The one table from error code to HTTP status and problem type.
int status_of(ErrorCode code);

// An RFC 9457 problem response for `error`: `application/problem+json` with
// type, title, status, detail, `errors` for field errors, and the request id;
// `Retry-After` and any extra headers the error carries. The detail of
// kInternal and kUnavailable is generic (their text is for the log only); a
// 503 always carries Retry-After.
Response problem_response(const Error& error, std::string_view request_id);

}  // namespace classroom::core::http
