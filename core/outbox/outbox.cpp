#include "core/outbox/outbox.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/metrics.hpp"
#include "core/pg/pg.hpp"
#include "core/redis/redis.hpp"

namespace classroom::core::outbox {

namespace asio = boost::asio;

namespace {

constexpr pg::Query kInsertEvent{
    "outbox_insert",
    "INSERT INTO outbox (id, type, actor_id, course_id, data) "
    "VALUES ($1::uuid, $2, $3::uuid, $4::uuid, $5::jsonb) RETURNING occurred_at"};

// Only one relay of a database works at a time: the lock is held until the
// batch's transaction ends. The key is arbitrary but fixed ("outbox" in ASCII).
constexpr pg::Query kTryLock{"outbox_try_lock", "SELECT pg_try_advisory_xact_lock(79117098)"};

constexpr pg::Query kSelectUnsent{
    "outbox_select_unsent",
    "SELECT seq, id::text, type, "
    "to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
    "actor_id::text, course_id::text, data::text "
    "FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT $1"};

// Marks exactly the rows of the batch. `seq <= last` would also mark a row
// whose transaction took a lower seq but committed after the batch's SELECT
// (seq is taken at INSERT, not at commit): that event would never be sent.
constexpr pg::Query kMarkSent{"outbox_mark_sent",
                              "UPDATE outbox SET sent_at = now() WHERE seq = ANY($1::bigint[])"};

constexpr pg::Query kDeleteOld{
    "outbox_delete_old", "DELETE FROM outbox WHERE sent_at < now() - make_interval(hours => $1)"};

// KEYS[1] stream, KEYS[2] dedup key; ARGV: ttl seconds, max length, id, type, envelope.
// Both keys share the stream's hash slot ({...} tag), so this also runs on a Redis Cluster.
// The id is recorded after the XADD: scripts do not roll back, and a failed
// XADD must leave the event unrecorded so that the retry appends it.
const redis::Script kAppendOnce{R"lua(
if redis.call('EXISTS', KEYS[2]) == 1 then
  return false
end
local entry = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*',
                         'id', ARGV[3], 'type', ARGV[4], 'event', ARGV[5])
redis.call('SET', KEYS[2], '1', 'EX', ARGV[1])
return entry
)lua"};

}  // namespace

asio::awaitable<std::string> enqueue(pg::Transaction& tx, const Event& event) {
  std::string id = new_uuid();
  co_await tx.query(kInsertEvent, id, event.type, event.actor_id, event.course_id, event.data_json);
  co_return id;
}

Relay::Relay(asio::io_context& io, pg::Pool& db, redis::Client& redis, RelaySettings settings,
             Metrics& metrics)
    : db_(db),
      redis_(redis),
      settings_(std::move(settings)),
      metrics_(metrics),
      // While Redis or PostgreSQL is down the rows stay unsent and are retried.
      relaying_(io,
                {.name = "outbox relay",
                 .interval = settings_.idle_poll,
                 .max_backoff = std::chrono::seconds(5)},
                [this]() -> asio::awaitable<void> { co_await relay_once(); }),
      cleanup_(io, {.name = "outbox cleanup", .interval = std::chrono::hours(1)},
               [this] { return delete_old(); }) {}

void Relay::start() {
  relaying_.start();
  cleanup_.start();
}

void Relay::stop() {
  relaying_.stop();
  cleanup_.stop();
}

asio::awaitable<void> Relay::stopped() {
  co_await relaying_.stopped();
  co_await cleanup_.stopped();
}

void Relay::nudge() { relaying_.wake(); }

asio::awaitable<void> Relay::delete_old() {
  co_await db_.query(kDeleteOld, static_cast<std::int64_t>(settings_.retention.count()));
}

asio::awaitable<int> Relay::relay_once() {
  int appended = 0;
  for (;;) {
    auto tx = co_await db_.begin();
    auto locked = co_await tx.query(kTryLock);
    if (!locked.get<bool>(0, 0)) {
      co_await tx.rollback();
      co_return appended;  // another instance is relaying
    }
    auto rows = co_await tx.query(kSelectUnsent, settings_.batch);
    if (rows.empty()) {
      co_await tx.commit();
      co_return appended;
    }
    std::vector<redis::Command> commands;
    commands.reserve(static_cast<std::size_t>(rows.rows()));
    std::string stream_tag = "{" + settings_.stream + "}";
    std::string batch_seqs;  // an array literal for kMarkSent: {1,2,3}
    for (int r = 0; r < rows.rows(); ++r) {
      batch_seqs += (r == 0 ? "{" : ",") + std::string(rows.text(r, 0));
      std::string id = rows.get<std::string>(r, 1);
      boost::json::object envelope{
          {"id", id},
          {"type", rows.get<std::string>(r, 2)},
          {"occurredAt", rows.get<std::string>(r, 3)},
          {"actorId", rows.is_null(r, 4) ? boost::json::value(nullptr)
                                         : boost::json::value(rows.get<std::string>(r, 4))},
          {"data", boost::json::parse(rows.text(r, 6))},
      };
      if (!rows.is_null(r, 5)) {
        envelope["courseId"] = rows.get<std::string>(r, 5);
      }
      std::vector<std::string> keys = {
          settings_.stream, fmt::format("{}:outbox:{}:{}", settings_.service, stream_tag, id)};
      std::vector<std::string> args = {
          std::to_string(std::chrono::seconds(settings_.dedup_ttl).count()),
          std::to_string(settings_.max_stream_length), id, rows.get<std::string>(r, 2),
          boost::json::serialize(envelope)};
      commands.emplace_back(kAppendOnce, std::move(keys), std::move(args));
    }
    auto replies = co_await redis_.pipeline(std::move(commands));
    redis::throw_if_error(replies);
    for (const auto& reply : replies) {
      appended += reply.is_nil() ? 0 : 1;
    }
    co_await tx.query(kMarkSent, batch_seqs + "}");
    co_await tx.commit();
    metrics_
        .counter("outbox_relayed_total", "Outbox events appended to the stream",
                 {{"service", settings_.service}})
        .add(static_cast<std::uint64_t>(rows.rows()));
    if (rows.rows() < settings_.batch) {
      co_return appended;
    }
  }
}

}  // namespace classroom::core::outbox
