#include <fmt/format.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>
#include <deque>
#include <set>

#include "core/redis/connection.hpp"
#include "core/redis/notifier.hpp"
#include "core/redis/protocol.hpp"
#include "core/redis/redis.hpp"
#include "core/redis/url.hpp"

namespace classroom::core::redis {
namespace {

namespace asio = boost::asio;

constexpr std::chrono::milliseconds kFirstBackoff{100};
constexpr std::chrono::milliseconds kMaxBackoff{2000};

boost::system::system_error closed_error() {
  return boost::system::system_error(asio::error::operation_aborted, "redis subscriber closed");
}

}  // namespace

// Shared with the background loop that owns the connection, so that the
// loop can finish safely after the Subscriber is gone.
struct Subscriber::State {
  State(asio::io_context& ioc, Settings settings_in)
      : executor(ioc.get_executor()),
        settings(std::move(settings_in)),
        endpoint(parse_url(settings.url)),
        backoff(executor) {}

  // Connects, subscribes to every wanted channel and reads, again and again
  // until closed.
  static asio::awaitable<void> run(std::shared_ptr<State> self);
  // One connection's life; it ends by throwing Error when the connection does.
  asio::awaitable<void> serve();
  void handle(const Reply& reply);
  void send_subscribe(std::vector<std::string> channels);
  bool confirmed_all(const std::vector<std::string>& channels) const;
  // The oldest message, or nullopt at `deadline`.
  asio::awaitable<std::optional<Message>> next_message(
      std::chrono::steady_clock::time_point deadline);

  asio::any_io_executor executor;
  Settings settings;
  Endpoint endpoint;

  std::set<std::string, std::less<>> wanted;
  std::set<std::string, std::less<>> confirmed;  // on the current connection
  std::size_t refusals = 0;                      // error replies, in subscribe mode
  std::string last_refusal;
  Notifier subscriptions_changed;
  std::function<void()> on_subscribed;

  std::deque<Message> messages;
  Notifier message_arrived;

  std::shared_ptr<Connection> connection;
  bool ready = false;     // SUBSCRIBE for every wanted channel is sent on `connection`
  bool heard = false;     // `connection` has delivered a reply
  bool reported = false;  // on_subscribed was called for `connection`
  bool running = false;
  bool closed = false;
  asio::steady_timer backoff;
};

asio::awaitable<void> Subscriber::State::run(std::shared_ptr<State> self) {
  auto delay = kFirstBackoff;
  while (!self->closed) {
    try {
      co_await self->serve();
    } catch (const Error&) {
      // Lost, or never made: try again after the backoff.
    }
    self->connection.reset();
    self->ready = false;
    self->confirmed.clear();
    if (self->closed) {
      break;
    }
    // A connection that worked for a while starts the backoff afresh; one
    // that fails straight away (Redis down, or refusing us) slows retries.
    if (self->heard) {
      delay = kFirstBackoff;
    }
    self->backoff.expires_after(delay);
    co_await self->backoff.async_wait(asio::as_tuple(asio::use_awaitable));
    delay = std::min(delay * 2, kMaxBackoff);
  }
  self->running = false;
}

asio::awaitable<void> Subscriber::State::serve() {
  auto current = std::make_shared<Connection>(executor);
  connection = current;
  heard = false;
  reported = false;
  co_await current->connect(endpoint, settings.connect_timeout);
  ready = true;
  send_subscribe(std::vector<std::string>(wanted.begin(), wanted.end()));
  for (;;) {
    Reply reply = co_await current->read_reply();
    heard = true;
    handle(reply);
  }
}

void Subscriber::State::handle(const Reply& reply) {
  if (reply.is_error()) {
    ++refusals;
    last_refusal = reply.str();
    subscriptions_changed.notify_all();
    return;
  }
  if (reply.type() != Reply::Type::kArray || reply.elements().size() < 3) {
    return;
  }
  const auto& parts = reply.elements();
  const std::string& kind = parts[0].str();
  if (kind == "message") {
    messages.push_back(Message{parts[1].str(), parts[2].str()});
    message_arrived.notify_all();
  } else if (kind == "subscribe") {
    confirmed.insert(parts[1].str());
    subscriptions_changed.notify_all();
    if (!reported &&
        std::includes(confirmed.begin(), confirmed.end(), wanted.begin(), wanted.end())) {
      reported = true;
      if (on_subscribed) {
        on_subscribed();
      }
    }
  }
}

void Subscriber::State::send_subscribe(std::vector<std::string> channels) {
  if (channels.empty() || !ready || !connection->is_open()) {
    // Not connected: run() subscribes to every wanted channel on connecting.
    return;
  }
  channels.insert(channels.begin(), "SUBSCRIBE");
  std::string encoded;
  append_command(encoded, channels);
  connection->send(encoded);
}

bool Subscriber::State::confirmed_all(const std::vector<std::string>& channels) const {
  return std::all_of(channels.begin(), channels.end(),
                     [this](const std::string& channel) { return confirmed.contains(channel); });
}

Subscriber::Subscriber(asio::io_context& ioc, Settings settings)
    : state_(std::make_shared<State>(ioc, std::move(settings))) {}

Subscriber::~Subscriber() { close(); }

asio::awaitable<void> Subscriber::subscribe(std::vector<std::string> channels) {
  auto state = state_;
  if (state->closed) {
    throw closed_error();
  }
  std::vector<std::string> added;
  for (const auto& channel : channels) {
    if (state->wanted.insert(channel).second) {
      added.push_back(channel);
    }
  }
  if (!state->running) {
    state->running = true;
    asio::co_spawn(state->executor, State::run(state), asio::detached);
  } else {
    state->send_subscribe(std::move(added));
  }

  const auto deadline = std::chrono::steady_clock::now() + state->settings.command_timeout;
  const auto refusals_before = state->refusals;
  bool timed_out = false;
  for (;;) {
    if (state->closed) {
      throw closed_error();
    }
    if (state->confirmed_all(channels)) {
      co_return;
    }
    if (state->refusals != refusals_before) {
      // Redis refused the SUBSCRIBE (an ACL, say): asking again will not help.
      for (const auto& channel : channels) {
        if (!state->confirmed.contains(channel)) {
          state->wanted.erase(channel);
        }
      }
      throw ReplyError(state->last_refusal);
    }
    if (timed_out) {
      throw unavailable(fmt::format("subscription not confirmed within {} ms",
                                    state->settings.command_timeout.count()));
    }
    timed_out = !co_await state->subscriptions_changed.wait_until(deadline);
  }
}

void Subscriber::on_subscribed(std::function<void()> callback) {
  state_->on_subscribed = std::move(callback);
}

asio::awaitable<std::optional<Subscriber::Message>> Subscriber::State::next_message(
    std::chrono::steady_clock::time_point deadline) {
  bool timed_out = false;
  for (;;) {
    if (closed) {
      throw closed_error();
    }
    if (!messages.empty()) {
      Message message = std::move(messages.front());
      messages.pop_front();
      co_return message;
    }
    if (timed_out) {
      co_return std::nullopt;
    }
    timed_out = !co_await message_arrived.wait_until(deadline);
  }
}

asio::awaitable<Subscriber::Message> Subscriber::next() {
  auto state = state_;
  auto message = co_await state->next_message(std::chrono::steady_clock::time_point::max());
  co_return std::move(*message);
}

asio::awaitable<std::optional<Subscriber::Message>> Subscriber::next(
    std::chrono::milliseconds timeout) {
  auto state = state_;
  co_return co_await state->next_message(std::chrono::steady_clock::now() + timeout);
}

void Subscriber::close() {
  State& state = *state_;
  if (state.closed) {
    return;
  }
  state.closed = true;
  if (state.connection) {
    state.connection->close("subscriber closed");
  }
  state.backoff.cancel();
  state.messages.clear();
  state.message_arrived.notify_all();
  state.subscriptions_changed.notify_all();
}

}  // namespace classroom::core::redis
