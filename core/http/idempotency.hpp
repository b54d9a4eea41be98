#pragma once

#include <chrono>

#include "core/http/router.hpp"

namespace classroom::core::pg {
class Pool;
class Transaction;
}  // namespace classroom::core::pg

namespace classroom::core::http {

// `Idempotency-Key` on creating POSTs (API.md): the same key with the same
// request within the TTL answers the first response again, without acting
// twice; the same key with another request is 422. Keys are per caller.
//
// A key and the write it guards are one fact. The key is claimed in a
// transaction, the handler's writes run inside that transaction (begin()
// below gives the handler a savepoint of it), the answer is stored in it,
// and it commits once: a crash anywhere before that commit (of the process,
// of PostgreSQL) undoes claim and write together, so a retry acts; after it
// both exist, and a retry gets the first answer.
//
// The key is claimed at the handler's first begin(), not before the handler
// runs, so that what a handler does first (validate, ask another service)
// holds no connection; from then on the request holds one until it is
// answered. A concurrent request with the same key waits at its own claim
// until the first commits, then answers what the first answered (or acts, if
// the first rolled back). An answer below 500 is kept: a 4xx undoes the
// handler's writes and stores the problem. A 429, a 5xx or an exception
// rolls everything back and keeps nothing, so a retry acts. A stream's writes
// commit but its key is not kept: its body is not known here.
//
// Keys live in the service's `idempotency_keys` table, created by core's own
// migrations (core/migrations/0002_idempotency_keys.sql). An expired key is
// taken over as if new.
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

// The transaction for a handler's writes: a new one of `db`, or, when the
// request runs under an Idempotency-Key, one inside the transaction that
// records the key, which commits after the handler has answered. Work that
// must wait for the change to be visible (waking the outbox relay) goes to
// the transaction's after_commit().
boost::asio::awaitable<pg::Transaction> begin(pg::Pool& db, Request& request);

}  // namespace classroom::core::http
