#include "core/events/consumer.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdint>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

#include "core/errors.hpp"
#include "core/log.hpp"
#include "core/metrics.hpp"

namespace classroom::core::events {

namespace asio = boost::asio;

namespace {

constexpr std::chrono::milliseconds kFirstBackoff{100};
constexpr std::chrono::milliseconds kMaxBackoff{5000};

using Fields = std::vector<std::pair<std::string, std::string>>;

// One stream entry as delivered to this consumer.
struct Entry {
  std::string stream_id;
  // nullopt: the entry was deleted from the stream (trimmed) after it was
  // first delivered, and only its id is left in the pending list.
  std::optional<Fields> fields;
  std::int64_t deliveries = 1;  // including this one
};

const std::string* find_field(const Fields& fields, std::string_view name) {
  for (const auto& [key, value] : fields) {
    if (key == name) {
      return &value;
    }
  }
  return nullptr;
}

// An entry of an XRANGE or XREADGROUP reply: [id, [field, value, …] or nil].
Entry entry_of(const redis::Reply& item) {
  const auto& parts = item.elements();
  Entry entry{.stream_id = parts.at(0).str()};
  if (parts.size() > 1 && !parts[1].is_nil()) {
    entry.fields = parts[1].as_pairs();
  }
  return entry;
}

// XREADGROUP answers nil when nothing came within BLOCK, else [[stream, [entry, …]], …].
std::vector<Entry> entries_of(const redis::Reply& reply) {
  std::vector<Entry> entries;
  if (reply.is_nil()) {
    return entries;
  }
  for (const auto& stream : reply.elements()) {
    for (const auto& item : stream.elements().at(1).elements()) {
      entries.push_back(entry_of(item));
    }
  }
  return entries;
}

std::string default_consumer_name() {
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0 || host[0] == '\0') {
    return "consumer-" + std::to_string(getpid());
  }
  return std::string(host.data()) + "-" + std::to_string(getpid());
}

// A misconfigured consumer is a startup error, and fatal there.
ConsumerSettings validated(ConsumerSettings settings) {
  Validation validation;
  validation.check([&] {
    if (settings.group.empty()) {
      throw invalid_field("group", "must name the consuming service");
    }
  });
  validation.check([&] {
    if (settings.batch < 1) {
      throw invalid_field("batch", "must be at least 1");
    }
  });
  validation.check([&] {
    if (settings.block <= std::chrono::milliseconds::zero()) {
      throw invalid_field("block", "must be positive (Redis reads BLOCK 0 as forever)");
    }
  });
  validation.check([&] {
    if (settings.max_deliveries < 1) {
      throw invalid_field("max_deliveries", "must be at least 1");
    }
  });
  validation.throw_if_invalid();
  if (settings.consumer.empty()) {
    settings.consumer = default_consumer_name();
  }
  return settings;
}

// Marks a batch as being handled for as long as the guard lives.
class Running {
 public:
  explicit Running(bool& flag) : flag_(flag) { flag_ = true; }
  ~Running() { flag_ = false; }
  Running(const Running&) = delete;
  Running& operator=(const Running&) = delete;

 private:
  bool& flag_;
};

}  // namespace

std::string dead_letter_stream(std::string_view stream, std::string_view group) {
  return std::string(stream) + ":dead:" + std::string(group);
}

// Everything the loop and consume_once use, shared with them so that the
// Consumer may be destroyed while the loop is still winding down. Touched
// only on the io_context's thread.
struct Consumer::State {
  State(asio::io_context& io_in, redis::Settings redis_settings, ConsumerSettings settings_in,
        Handler handler_in, Metrics& metrics)
      : io(io_in),
        settings(validated(std::move(settings_in))),
        handler(std::move(handler_in)),
        read_timeout(settings.block + redis_settings.command_timeout),
        redis(io_in, std::move(redis_settings)),
        dead_stream(dead_letter_stream(settings.stream, settings.group)),
        types(settings.types.begin(), settings.types.end()),
        handled(metrics.counter("events_handled_total", "Events a consumer group handled",
                                {{"group", settings.group}})),
        failures(metrics.counter("events_handler_failures_total",
                                 "Event deliveries whose handler failed",
                                 {{"group", settings.group}})),
        dead_lettered(metrics.counter("events_dead_lettered_total",
                                      "Events moved to the dead-letter stream",
                                      {{"group", settings.group}})),
        backoff_timer(io_in) {
    if (!handler) {
      throw Error(ErrorCode::kInvalidArgument, "events consumer: no handler");
    }
  }

  static asio::awaitable<void> loop(std::shared_ptr<State> self);
  void stop();

  asio::awaitable<int> round();
  asio::awaitable<void> read_and_handle();
  asio::awaitable<void> create_group(std::string_view start);
  asio::awaitable<void> reclaim();
  asio::awaitable<void> handle_own_pending();
  asio::awaitable<void> handle_new();
  asio::awaitable<void> handle(std::vector<Entry> entries);
  asio::awaitable<std::optional<std::string>> deliver(const Event& event);
  asio::awaitable<void> dead_letter_pending(std::string stream_id, std::int64_t deliveries);
  asio::awaitable<void> dead_letter(const Entry& entry, std::string_view error);
  asio::awaitable<void> acknowledge(std::vector<std::string> stream_ids);
  bool wanted(std::string_view type) const { return types.empty() || types.contains(type); }

  asio::io_context& io;
  const ConsumerSettings settings;
  const Handler handler;
  // The blocking read waits up to `block` for entries, then for its reply.
  const std::chrono::milliseconds read_timeout;
  // Dedicated: the blocking read holds up every command behind it.
  redis::Client redis;
  const std::string dead_stream;
  const std::set<std::string, std::less<>> types;
  Counter& handled;
  Counter& failures;
  Counter& dead_lettered;
  asio::steady_timer backoff_timer;

  bool started = false;
  bool stopped = false;
  bool handling = false;  // a batch is being handled: stop() lets it finish and be acknowledged
  bool group_ready = false;
  // What the current round did, for consume_once's answer and the loop's backoff.
  int round_reached = 0;
  int round_successes = 0;
  int round_failures = 0;
};

void Consumer::State::stop() {
  stopped = true;
  backoff_timer.cancel();
  if (!handling) {
    // Ends a blocking read (or a connection attempt) now.
    redis.close();
  }
}

asio::awaitable<void> Consumer::State::loop(std::shared_ptr<State> self) {
  State& state = *self;
  auto backoff = kFirstBackoff;
  while (!state.stopped) {
    bool round_failed = false;
    try {
      co_await state.round();
    } catch (const Error& e) {
      round_failed = true;
      if (!state.stopped) {
        auto level = e.code() == ErrorCode::kUnavailable ? log::Level::kWarn : log::Level::kError;
        log::write(level, "events consumer round failed; will retry",
                   {{"group", state.settings.group},
                    {"error", e.what()},
                    {"retry_in_ms", static_cast<std::int64_t>(backoff.count())}});
      }
    } catch (const std::exception& e) {
      round_failed = true;
      if (!state.stopped) {
        log::error("events consumer round failed; will retry",
                   {{"group", state.settings.group},
                    {"error", e.what()},
                    {"retry_in_ms", static_cast<std::int64_t>(backoff.count())}});
      }
    }
    if (state.stopped) {
      break;
    }
    // When every handler call of a round failed, a dependency of the handler
    // is probably down: retrying at once would only use up the entries'
    // deliveries and send them to the dead letters.
    bool handler_down = state.round_failures > 0 && state.round_successes == 0;
    if (!round_failed && !handler_down) {
      backoff = kFirstBackoff;
      continue;
    }
    state.backoff_timer.expires_after(backoff);
    co_await state.backoff_timer.async_wait(asio::as_tuple(asio::use_awaitable));
    backoff = std::min(backoff * 2, kMaxBackoff);
  }
  state.redis.close();
}

asio::awaitable<int> Consumer::State::round() {
  round_reached = 0;
  round_successes = 0;
  round_failures = 0;
  if (stopped) {
    co_return 0;
  }
  bool group_lost = false;
  try {
    co_await read_and_handle();
  } catch (const redis::ReplyError& e) {
    if (e.prefix() != "NOGROUP") {
      throw;
    }
    group_lost = true;
  }
  if (group_lost) {
    // The stream or the group went away (deleted, or Redis lost its data).
    // Start again from the stream's beginning even when new groups start at
    // "$": reading an entry twice is safe (handlers are idempotent),
    // skipping one is not.
    log::warn("events consumer group is missing; creating it again",
              {{"stream", settings.stream}, {"group", settings.group}});
    group_ready = false;
    co_await create_group("0");
    co_await read_and_handle();
  }
  if (stopped) {
    redis.close();
  }
  co_return round_reached;
}

asio::awaitable<void> Consumer::State::read_and_handle() {
  if (!group_ready) {
    co_await create_group(settings.start_from);
  }
  co_await reclaim();
  co_await handle_own_pending();
  if (!stopped) {
    co_await handle_new();
  }
}

asio::awaitable<void> Consumer::State::create_group(std::string_view start) {
  try {
    co_await redis("XGROUP", "CREATE", settings.stream, settings.group, start, "MKSTREAM");
  } catch (const redis::ReplyError& e) {
    if (e.prefix() != "BUSYGROUP") {
      throw;
    }
  }
  group_ready = true;
}

// Takes over what other consumers left pending for longer than reclaim_after:
// they crashed, or hang. JUSTID leaves the delivery count alone; reading the
// entries as this consumer's own pending ones then counts the delivery.
asio::awaitable<void> Consumer::State::reclaim() {
  std::string cursor = "0-0";
  std::size_t claimed = 0;
  do {
    redis::Reply reply =
        co_await redis("XAUTOCLAIM", settings.stream, settings.group, settings.consumer,
                       static_cast<std::int64_t>(settings.reclaim_after.count()), cursor, "COUNT",
                       settings.batch, "JUSTID");
    const auto& parts = reply.elements();  // next cursor, claimed ids, deleted ids
    cursor = parts.at(0).str();
    claimed += parts.at(1).elements().size();
  } while (cursor != "0-0" && claimed < static_cast<std::size_t>(settings.batch));
  if (claimed > 0) {
    log::info("events consumer reclaimed entries left pending",
              {{"group", settings.group},
               {"consumer", settings.consumer},
               {"entries", static_cast<std::uint64_t>(claimed)}});
  }
}

// Entries delivered to this consumer and not acknowledged: failed handlers,
// entries just reclaimed, or an earlier run of this consumer that crashed.
asio::awaitable<void> Consumer::State::handle_own_pending() {
  // [id, consumer, idle ms, deliveries so far] for each, oldest first.
  redis::Reply pending = co_await redis("XPENDING", settings.stream, settings.group, "-", "+",
                                        settings.batch, settings.consumer);
  std::unordered_map<std::string, std::int64_t> deliveries;
  for (const auto& item : pending.elements()) {
    const auto& parts = item.elements();
    std::string stream_id = parts.at(0).str();
    std::int64_t count = parts.at(3).integer();
    if (count >= settings.max_deliveries) {
      // Delivered often enough without success (its consumers crashed, say).
      co_await dead_letter_pending(std::move(stream_id), count);
    } else {
      deliveries.emplace(std::move(stream_id), count);
    }
  }
  if (deliveries.empty() || stopped) {
    co_return;
  }
  // The same oldest entries as XPENDING listed, less those just moved away.
  redis::Reply reply = co_await redis("XREADGROUP", "GROUP", settings.group, settings.consumer,
                                      "COUNT", deliveries.size(), "STREAMS", settings.stream, "0");
  std::vector<Entry> entries = entries_of(reply);
  for (Entry& entry : entries) {
    auto found = deliveries.find(entry.stream_id);
    std::int64_t before = found == deliveries.end() ? 0 : found->second;
    entry.deliveries = before + 1;
  }
  co_await handle(std::move(entries));
}

asio::awaitable<void> Consumer::State::handle_new() {
  std::vector<std::string> args{"XREADGROUP",
                                "GROUP",
                                settings.group,
                                settings.consumer,
                                "COUNT",
                                std::to_string(settings.batch),
                                "BLOCK",
                                std::to_string(settings.block.count()),
                                "STREAMS",
                                settings.stream,
                                ">"};
  redis::Reply reply = co_await redis.command(std::move(args), read_timeout);
  std::vector<Entry> entries = entries_of(reply);
  co_await handle(std::move(entries));
}

asio::awaitable<void> Consumer::State::handle(std::vector<Entry> entries) {
  // From the first handler to the acknowledgement: stop() must not close the
  // connection while a handled entry's XACK waits to be sent.
  Running running(handling);
  std::vector<std::string> done;  // acknowledged together once the batch is through
  for (const Entry& entry : entries) {
    if (stopped) {
      break;  // the rest stays pending, for whoever reads next
    }
    if (!entry.fields) {
      done.push_back(entry.stream_id);  // trimmed away: nothing left to handle
      continue;
    }
    const std::string* id = find_field(*entry.fields, "id");
    const std::string* type = find_field(*entry.fields, "type");
    const std::string* envelope = find_field(*entry.fields, "event");
    if (type == nullptr || envelope == nullptr) {
      // Not written by the outbox relay: no retry will make it an event.
      co_await dead_letter(entry, "not an event: the entry has no type or no event field");
      continue;
    }
    if (!wanted(*type)) {
      done.push_back(entry.stream_id);
      continue;
    }
    Event event{.stream_id = entry.stream_id,
                .id = id != nullptr ? *id : std::string(),
                .type = *type,
                .envelope = *envelope};
    ++round_reached;
    std::optional<std::string> failure = co_await deliver(event);
    if (!failure) {
      handled.add();
      ++round_successes;
      done.push_back(entry.stream_id);
      continue;
    }
    failures.add();
    ++round_failures;
    log::warn("event handler failed", {{"group", settings.group},
                                       {"id", event.id},
                                       {"type", event.type},
                                       {"entry", entry.stream_id},
                                       {"deliveries", entry.deliveries},
                                       {"error", *failure}});
    if (entry.deliveries >= settings.max_deliveries) {
      co_await dead_letter(entry, *failure);
    }
  }
  co_await acknowledge(std::move(done));
}

// Runs the handler; returns why it failed, or nullopt when it succeeded.
asio::awaitable<std::optional<std::string>> Consumer::State::deliver(const Event& event) {
  std::optional<std::string> failure;
  try {
    co_await handler(event);
  } catch (const std::exception& e) {
    failure = e.what();
  }
  co_return failure;
}

asio::awaitable<void> Consumer::State::dead_letter_pending(std::string stream_id,
                                                           std::int64_t deliveries) {
  redis::Reply range = co_await redis("XRANGE", settings.stream, stream_id, stream_id);
  Entry entry{.stream_id = std::move(stream_id), .deliveries = deliveries};
  if (!range.elements().empty()) {
    entry.fields = entry_of(range.elements().front()).fields;
  }
  std::string error = "delivered " + std::to_string(deliveries) + " times without acknowledgement";
  co_await dead_letter(entry, error);
}

// Keeps the entry where an operator can look at it and replay it, then
// acknowledges it. Appended first: a crash in between leaves a duplicate in
// the dead letters rather than a loss.
asio::awaitable<void> Consumer::State::dead_letter(const Entry& entry, std::string_view error) {
  const std::string* id = nullptr;
  const std::string* type = nullptr;
  if (entry.fields) {
    id = find_field(*entry.fields, "id");
    type = find_field(*entry.fields, "type");
    std::vector<std::string> args{
        "XADD", dead_stream, "MAXLEN", "~", std::to_string(settings.dead_letter_max_length), "*"};
    for (const auto& [key, value] : *entry.fields) {
      args.push_back(key);
      args.push_back(value);
    }
    args.insert(args.end(), {"entry_id", entry.stream_id, "group", settings.group, "deliveries",
                             std::to_string(entry.deliveries), "error", std::string(error)});
    co_await redis.command(std::move(args));
    dead_lettered.add();
  }
  std::vector<std::string> ack{"XACK", settings.stream, settings.group, entry.stream_id};
  co_await redis.command(std::move(ack));
  log::warn(entry.fields ? "event moved to the dead-letter stream"
                         : "pending entry no longer in the stream; acknowledged",
            {{"stream", dead_stream},
             {"entry", entry.stream_id},
             {"id", id != nullptr ? std::string_view(*id) : std::string_view()},
             {"type", type != nullptr ? std::string_view(*type) : std::string_view()},
             {"deliveries", entry.deliveries},
             {"error", error}});
}

asio::awaitable<void> Consumer::State::acknowledge(std::vector<std::string> stream_ids) {
  if (stream_ids.empty()) {
    co_return;
  }
  std::vector<std::string> args{"XACK", settings.stream, settings.group};
  args.insert(args.end(), std::make_move_iterator(stream_ids.begin()),
              std::make_move_iterator(stream_ids.end()));
  co_await redis.command(std::move(args));
}

Consumer::Consumer(asio::io_context& io, redis::Settings redis, ConsumerSettings settings,
                   Handler handler, Metrics& metrics)
    : state_(std::make_shared<State>(io, std::move(redis), std::move(settings), std::move(handler),
                                     metrics)) {}

Consumer::~Consumer() { stop(); }

void Consumer::start() {
  if (state_->started) {
    return;
  }
  state_->started = true;
  asio::co_spawn(state_->io, State::loop(state_), asio::detached);
}

void Consumer::stop() {
  asio::dispatch(state_->io.get_executor(), [state = state_] { state->stop(); });
}

asio::awaitable<int> Consumer::consume_once() {
  // Held by this frame: the round may outlive the Consumer.
  std::shared_ptr<State> state = state_;
  co_return co_await state->round();
}

}  // namespace classroom::core::events
