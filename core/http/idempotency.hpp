#pragma once

#include <chrono>

#include "core/http/router.hpp"

namespace classroom::core::pg {
class Pool;
}

namespace classroom::core::http {

// `Idempotency-Key` on creating POSTs (API.md): the same key with the same
// request within the TTL answers the first response again, without acting
// twice; the same key with another request is 422; a retry while the first
// is still running is 409. Keys are per caller. Only answers below 500 are
// kept, so a retry after a 503 acts.
//
// Keys live in the service's `idempotency_keys` table, created by core's own
// migrations (core/migrations/0002_idempotency_keys.sql), claimed before the
// handler runs: two concurrent requests with one key never both act. If the
// process dies while a request runs, its claim stays without an answer and a
// retry is told 409 until the key expires: whether the first one acted is
// unknown, and acting twice is what the key exists to prevent.
class Idempotency {
 public:
  explicit Idempotency(pg::Pool& db, std::chrono::hours ttl = std::chrono::hours(24))
      : db_(db), ttl_(ttl) {}

  // `handler` wrapped: without the header it runs as it is.
  Handler wrap(Handler handler);
  // Deletes expired keys; returns how many.
  boost::asio::awaitable<std::int64_t> purge();

 private:
  boost::asio::awaitable<Response> run(Request& request, const Handler& handler);

  pg::Pool& db_;
  std::chrono::hours ttl_;
};

}  // namespace classroom::core::http
