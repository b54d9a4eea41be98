#include "core/http/problem.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

namespace classroom::core::http {
namespace {

struct ProblemKind {
  ErrorCode code;
  int status;
  std::string_view slug;  // the problem type is `/problems/<slug>`, described in docs/problems.md
  std::string_view title;
};

constexpr ProblemKind kKinds[] = {
    {ErrorCode::kMalformed, 400, "malformed-request", "Malformed request"},
    {ErrorCode::kInvalidArgument, 422, "invalid-fields", "Invalid fields"},
    {ErrorCode::kUnauthenticated, 401, "unauthenticated", "Not signed in"},
    {ErrorCode::kPermissionDenied, 403, "forbidden", "Not allowed"},
    {ErrorCode::kNotFound, 404, "not-found", "Not found"},
    {ErrorCode::kMethodNotAllowed, 405, "method-not-allowed", "Method not allowed"},
    {ErrorCode::kAlreadyExists, 409, "conflict", "Already exists"},
    {ErrorCode::kFailedPrecondition, 409, "invalid-state", "Not possible in the current state"},
    {ErrorCode::kPreconditionFailed, 412, "precondition-failed", "The resource has changed"},
    {ErrorCode::kGone, 410, "gone", "No longer valid"},
    {ErrorCode::kPayloadTooLarge, 413, "payload-too-large", "Request body too large"},
    {ErrorCode::kUnsupportedMediaType, 415, "unsupported-media-type", "Send JSON"},
    {ErrorCode::kResourceExhausted, 429, "too-many-requests", "Too many requests"},
    {ErrorCode::kUnavailable, 503, "unavailable", "Service unavailable"},
    {ErrorCode::kInternal, 500, "internal", "Internal error"},
};

// A 503 without a Retry-After of its own asks the client to wait this long.
constexpr std::chrono::seconds kUnavailableRetryAfter{1};

const ProblemKind& kind_of(ErrorCode code) {
  for (const auto& kind : kKinds) {
    if (kind.code == code) {
      return kind;
    }
  }
  return kKinds[std::size(kKinds) - 1];
}

}  // namespace

int status_of(ErrorCode code) { return kind_of(code).status; }

Response problem_response(const Error& error, std::string_view request_id) {
  const ProblemKind& kind = kind_of(error.code());
  boost::json::object body;
  body["type"] = "/problems/" + std::string(kind.slug);
  body["title"] = kind.title;
  body["status"] = kind.status;
  // The text of an internal error or of a failed dependency may reveal
  // internals (a query, a socket path, an address): the log has it (the
  // server logs it with the request id), the client does not.
  std::optional<std::chrono::seconds> retry_after = error.retry_after();
  if (error.code() == ErrorCode::kInternal) {
    body["detail"] = "an unexpected error occurred; it was logged";
  } else if (error.code() == ErrorCode::kUnavailable) {
    retry_after = retry_after.value_or(kUnavailableRetryAfter);
    body["detail"] = fmt::format("a service this request needs is unavailable; retry after {} s",
                                 retry_after->count());
  } else {
    body["detail"] = error.what();
  }
  if (!error.fields().empty()) {
    boost::json::array fields;
    for (const auto& f : error.fields()) {
      fields.push_back(boost::json::object{{"field", f.field}, {"message", f.message}});
    }
    body["errors"] = std::move(fields);
  }
  if (!request_id.empty()) {
    body["requestId"] = request_id;
  }
  Response response =
      Response::text(kind.status, boost::json::serialize(body), "application/problem+json");
  if (retry_after) {
    response.set_header("Retry-After", std::to_string(retry_after->count()));
  }
  for (const auto& [name, value] : error.headers()) {
    response.set_header(name, value);
  }
  return response;
}

}  // namespace classroom::core::http
