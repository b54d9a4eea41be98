#include "core/http/idempotency.hpp"

#include <boost/json.hpp>
#include <optional>
#include <string>

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
// Server errors and 429s tell the client to try again (later): kept, they
// would answer that retry with themselves for a day.
bool retry_later(int status) { return status >= 500 || status == 429; }

// A stream's key: its answer is not kept.
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

// The claim of one request's key and the transaction it lives in, from the
// handler's first begin() until the answer is stored. Lives in the frame of
// Idempotency::run; the request points at it meanwhile.
class KeyedWrite {
 public:
  KeyedWrite(pg::Pool& db, std::chrono::hours ttl, Request& request, std::string user_id,
             std::string key, std::string hash)
      : db_(db),
        ttl_(ttl),
        request_(request),
        user_id_(std::move(user_id)),
        key_(std::move(key)),
        hash_(std::move(hash)) {
    request_.keyed_write = this;
  }
  KeyedWrite(const KeyedWrite&) = delete;
  KeyedWrite& operator=(const KeyedWrite&) = delete;
  // Uncommitted, the transaction rolls back with it: claim and writes alike.
  ~KeyedWrite() { request_.keyed_write = nullptr; }

  asio::awaitable<pg::Transaction> begin(pg::Pool& db);
  // Whether the key already had an answer or another request: nothing of
  // this request may then be stored.
  bool taken() const { return taken_; }
  // Stores `response` with the key and commits; or, when the key was
  // claimed by another request meanwhile, that request's answer.
  asio::awaitable<Response> finish(Response response);

 private:
  // Opens the transaction and claims the key in it; nullopt when claimed,
  // else the key's first answer (422 when it was used with another request).
  asio::awaitable<std::optional<Response>> claim();

  pg::Pool& db_;
  std::chrono::hours ttl_;
  Request& request_;
  std::string user_id_;
  std::string key_;
  std::string hash_;
  std::optional<pg::Transaction> tx_;
  bool taken_ = false;
};

namespace {

// Thrown by a handler's begin() when the key already has an answer: the
// handler stops there, and Idempotency::run answers this instead. Not an
// Error, so that no handler mistakes it for a failure of its own.
struct Answered {
  Response response;
};

}  // namespace

asio::awaitable<std::optional<Response>> KeyedWrite::claim() {
  tx_ = co_await db_.begin();
  auto hours = static_cast<int>(ttl_.count());
  // Waits while another request holds the key uncommitted.
  auto claimed = co_await tx_->query(kClaim, user_id_, key_, hash_, hours);
  if (!claimed.empty()) {
    co_return std::nullopt;
  }
  taken_ = true;
  // Committed, and locked by the claim above: it cannot vanish meanwhile.
  auto first = co_await tx_->query(kSelect, user_id_, key_);
  if (first.get<std::string>(0, 0) != hash_) {
    throw invalid_field("Idempotency-Key", "was used with another request; use a new key");
  }
  if (first.is_null(0, 1)) {
    // Left by a version that committed claims apart from their write: whether
    // that request acted is unknown, and acting twice is what keys prevent.
    throw Error(ErrorCode::kFailedPrecondition,
                "a request with this Idempotency-Key was interrupted; use a new key");
  }
  co_return replay(first.get<int>(0, 1), first.text(0, 2), first.get<std::string>(0, 3));
}

asio::awaitable<pg::Transaction> KeyedWrite::begin(pg::Pool& db) {
  if (&db != &db_) {
    throw Error(ErrorCode::kInternal, "a keyed request writes to another database than its key's");
  }
  if (!tx_) {
    auto first = co_await claim();
    if (first) {
      throw Answered{std::move(*first)};
    }
  }
  co_return co_await tx_->begin();
}

asio::awaitable<Response> KeyedWrite::finish(Response response) {
  bool streamed = response.hand_over_to != nullptr;
  // An answer that asks to retry later keeps nothing, so that the retry acts.
  if (retry_later(response.status) || (streamed && !tx_)) {
    co_return response;
  }
  if (!tx_) {
    auto first = co_await claim();
    if (first) {
      co_return std::move(*first);
    }
  }
  if (streamed) {
    co_await tx_->query(kRelease, user_id_, key_);
  } else {
    co_await tx_->query(kStore, user_id_, key_, response.status, headers_json(response),
                        response.body);
  }
  co_await tx_->commit();
  co_return response;
}

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
  KeyedWrite write(db_, ttl_, request, identity.user_id, std::move(key), std::move(hash));
  Response response;
  try {
    response = co_await handler(request);
  } catch (Answered& first) {
    response = std::move(first.response);
  } catch (const Error& e) {
    if (retry_later(status_of(e.code())) || write.taken()) {
      throw;
    }
    response = problem_response(e, request.request_id);
  }
  if (write.taken()) {
    co_return response;
  }
  co_return co_await write.finish(std::move(response));
}

asio::awaitable<pg::Transaction> begin(pg::Pool& db, Request& request) {
  if (request.keyed_write != nullptr) {
    return request.keyed_write->begin(db);
  }
  return db.begin();
}

asio::awaitable<std::int64_t> Idempotency::purge() {
  auto r = co_await db_.query(kPurge, static_cast<int>(ttl_.count()));
  co_return r.affected();
}

}  // namespace classroom::core::http
