#include "core/http/idempotency.hpp"

#include <boost/json.hpp>
#include <exception>

#include "core/errors.hpp"
#include "core/http/problem.hpp"
#include "core/ids.hpp"
#include "core/pg/pg.hpp"

namespace classroom::core::http {

namespace asio = boost::asio;

namespace {

// A claim that expired is taken over as if new.
constexpr pg::Query kClaim{
    "idempotency_claim",
    "INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES ($1::uuid, $2, $3) "
    "ON CONFLICT (user_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, "
    "status = NULL, headers = NULL, body = NULL, created_at = now() "
    "WHERE idempotency_keys.created_at < now() - make_interval(hours => $4) "
    "RETURNING true"};
constexpr pg::Query kSelect{
    "idempotency_select",
    "SELECT request_hash, status, headers::text, body FROM idempotency_keys "
    "WHERE user_id = $1::uuid AND key = $2"};
constexpr pg::Query kStore{
    "idempotency_store",
    "UPDATE idempotency_keys SET status = $3, headers = $4::jsonb, body = $5 "
    "WHERE user_id = $1::uuid AND key = $2"};
constexpr pg::Query kRelease{"idempotency_release",
                             "DELETE FROM idempotency_keys WHERE user_id = $1::uuid AND key = $2"};
constexpr pg::Query kPurge{
    "idempotency_purge",
    "DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)"};

void check_key(std::string_view key) {
  bool printable = !key.empty() && key.size() <= 255;
  for (char c : key) {
    printable = printable && c > 0x20 && c < 0x7f;
  }
  if (!printable) {
    throw Error(ErrorCode::kMalformed, "Idempotency-Key must be 1 to 255 visible ASCII characters",
                {FieldError{"Idempotency-Key", "must be 1 to 255 visible ASCII characters"}});
  }
}

std::string headers_json(const Response& response) {
  boost::json::array headers;
  for (const auto& [name, value] : response.headers) {
    if (name != "X-Request-Id") {
      headers.push_back(boost::json::array{boost::json::string(name), boost::json::string(value)});
    }
  }
  return boost::json::serialize(headers);
}

Response replay(int status, std::string_view headers, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  auto parsed = boost::json::parse(headers);
  for (const auto& pair : parsed.as_array()) {
    const auto& h = pair.as_array();
    response.set_header(std::string(h[0].as_string()), std::string(h[1].as_string()));
  }
  response.set_header("Idempotent-Replayed", "true");
  return response;
}

}  // namespace

Handler Idempotency::wrap(Handler handler) {
  return [this, handler = std::move(handler)](Request& request) -> asio::awaitable<Response> {
    if (!request.header("idempotency-key")) {
      return handler(request);
    }
    return run(request, handler);
  };
}

asio::awaitable<Response> Idempotency::run(Request& request, const Handler& handler) {
  std::string key(*request.header("idempotency-key"));
  check_key(key);
  auto identity = request.require_identity();
  std::string hash = sha256_hex(std::string(method_name(request.method)) + ' ' + request.target +
                                '\n' + request.body);
  auto hours = static_cast<int>(ttl_.count());
  auto claimed = co_await db_.query(kClaim, identity.user_id, key, hash, hours);
  if (claimed.empty()) {
    auto first = co_await db_.query(kSelect, identity.user_id, key);
    if (first.empty()) {
      // Released between the two statements: the first request failed and may be retried.
      throw Error(ErrorCode::kFailedPrecondition,
                  "a request with this Idempotency-Key just failed; retry");
    }
    if (first.get<std::string>(0, 0) != hash) {
      throw invalid_field("Idempotency-Key", "was used with another request; use a new key");
    }
    if (first.is_null(0, 1)) {
      throw Error(ErrorCode::kFailedPrecondition,
                  "a request with this Idempotency-Key is in progress, or was interrupted");
    }
    co_return replay(first.get<int>(0, 1), first.text(0, 2), first.get<std::string>(0, 3));
  }
  Response response;
  std::exception_ptr failure;
  try {
    response = co_await handler(request);
  } catch (const Error& e) {
    if (status_of(e.code()) < 500) {
      response = problem_response(e, request.request_id);
    } else {
      failure = std::current_exception();
    }
  } catch (...) {
    failure = std::current_exception();
  }
  // Server errors are not kept: the claim is released so that a retry acts.
  // Nor are streams, whose body is not known here.
  bool streamed = response.hand_over_to != nullptr;
  if (failure || response.status >= 500 || streamed) {
    co_await db_.query(kRelease, identity.user_id, key);
    if (failure) {
      std::rethrow_exception(failure);
    }
    co_return response;
  }
  co_await db_.query(kStore, identity.user_id, key, response.status, headers_json(response),
                     response.body);
  co_return response;
}

asio::awaitable<std::int64_t> Idempotency::purge() {
  auto r = co_await db_.query(kPurge, static_cast<int>(ttl_.count()));
  co_return r.affected();
}

}  // namespace classroom::core::http
