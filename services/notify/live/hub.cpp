#include "services/notify/live/hub.hpp"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/system/system_error.hpp>
#include <variant>

#include "core/errors.hpp"
#include "core/log.hpp"
#include "core/metrics.hpp"
#include "services/notify/live/message.hpp"
#include "services/notify/stores/inbox_store.hpp"

namespace classroom::notify::live {
namespace {

namespace asio = boost::asio;

core::Counter& connections_counter(core::Metrics& metrics, std::string_view what,
                                   std::string_view transport) {
  // Two counters rather than a gauge (core has none): open = opened - closed.
  std::string name = "notify_live_connections_" + std::string(what) + "_total";
  return metrics.counter(name, "Live notification connections " + std::string(what),
                         {{"transport", std::string(transport)}});
}

}  // namespace

Hub::Hub(asio::io_context& io, const core::redis::Settings& settings, core::redis::Client& redis,
         core::Metrics& metrics, std::size_t backlog_limit)
    : io_(io),
      subscriber_(io, settings),
      redis_(redis),
      metrics_(metrics),
      backlog_limit_(std::max<std::size_t>(backlog_limit, 1)) {}

Hub::~Hub() { stop(); }

void Hub::start() {
  // Pub/sub lost whatever was published while the subscriber was away: every
  // connection reads it again from the inbox.
  subscriber_.on_subscribed([this] { resume_everyone(); });
  asio::co_spawn(io_, run(this), asio::detached);
}

void Hub::stop() { subscriber_.close(); }

void Hub::after_backlog_read(std::function<asio::awaitable<void>()> hook) {
  after_backlog_read_ = std::move(hook);
}

asio::awaitable<void> Hub::run(Hub* self) {
  try {
    const std::vector<std::string> channels{inbox_store::kLiveChannel};
    co_await self->subscriber_.subscribe(channels);
  } catch (const core::Error& e) {
    // The subscriber keeps the channel and subscribes once Redis is back.
    core::log::warn("live notifications wait for redis", {{"error", e.what()}});
  } catch (const boost::system::system_error&) {
    co_return;  // stopped
  }
  for (;;) {
    std::string payload;
    try {
      core::redis::Subscriber::Message message = co_await self->subscriber_.next();
      payload = std::move(message.payload);
    } catch (const boost::system::system_error&) {
      co_return;  // stopped: the Hub may be gone, touch nothing
    }
    self->dispatch(payload);
  }
}

Hub::Registration Hub::attach(Connection& connection) {
  connection.serial_ = ++next_serial_;
  by_user_[connection.user_id()].push_back(&connection);
  ++connections_;
  connections_counter(metrics_, "opened", connection.transport()).add();
  return Registration(*this, connection);
}

Hub::Registration::~Registration() { hub_.detach(connection_); }

void Hub::detach(Connection& connection) {
  auto it = by_user_.find(connection.user_id());
  if (it == by_user_.end()) {
    return;
  }
  std::erase(it->second, &connection);
  if (it->second.empty()) {
    by_user_.erase(it);
  }
  --connections_;
  connections_counter(metrics_, "closed", connection.transport()).add();
}

Connection* Hub::find(const std::string& user_id, std::uint64_t serial) const {
  auto it = by_user_.find(user_id);
  if (it == by_user_.end()) {
    return nullptr;
  }
  for (Connection* connection : it->second) {
    if (connection->serial_ == serial) {
      return connection;
    }
  }
  return nullptr;
}

void Hub::resume_everyone() {
  for (const auto& [user_id, connections] : by_user_) {
    for (const Connection* connection : connections) {
      asio::co_spawn(io_, resume_by_serial(user_id, connection->serial_), asio::detached);
    }
  }
}

asio::awaitable<void> Hub::resume(Connection& connection) {
  return resume_by_serial(connection.user_id(), connection.serial_);
}

// The connection may end at every co_await: it is looked up again after each.
asio::awaitable<void> Hub::resume_by_serial(std::string user_id, std::uint64_t serial) {
  Connection* connection = find(user_id, serial);
  if (connection == nullptr) {
    co_return;
  }
  if (connection->resuming_) {
    // Redis came back while the backlog was read: read it once more.
    connection->resume_again_ = true;
    co_return;
  }
  connection->resuming_ = true;
  std::vector<inbox_store::StoredItem> backlog;
  std::int64_t unread = 0;
  do {
    connection->resume_again_ = false;
    const std::int64_t from = connection->last_seq_;
    const int limit = static_cast<int>(backlog_limit_) + 1;
    try {
      backlog = co_await inbox_store::after(redis_, user_id, from, limit);
      unread = co_await inbox_store::unread_count(redis_, user_id);
    } catch (const std::exception& e) {
      // The client reconnects and resumes from what it got.
      core::log::warn("live backlog unavailable", {{"error", e.what()}});
      connection = find(user_id, serial);
      if (connection != nullptr) {
        connection->resuming_ = false;
        connection->held_.clear();
        connection->close();
      }
      co_return;
    }
    if (after_backlog_read_) {
      co_await after_backlog_read_();
    }
    connection = find(user_id, serial);
    if (connection == nullptr) {
      co_return;
    }
  } while (connection->resume_again_);
  connection->resuming_ = false;

  const bool complete = backlog.size() <= backlog_limit_;
  backlog.resize(std::min(backlog.size(), backlog_limit_));
  bool count_sent = false;
  for (const auto& item : backlog) {
    if (item.seq > connection->last_seq_) {
      connection->send_item(item.id, item.json, unread);  // an item carries the count
      connection->last_seq_ = item.seq;
      count_sent = true;
    }
  }
  if (!complete) {
    connection->held_.clear();
    connection->close();
    co_return;
  }
  // Before what was held: each held item carries a count newer than this one
  // (a read while resuming made it read again).
  if (!count_sent) {
    connection->send_unread(unread);
  }
  send_held(*connection);
}

void Hub::send_held(Connection& connection) {
  std::vector<Connection::Held> held = std::move(connection.held_);
  connection.held_.clear();
  for (const auto& item : held) {
    if (item.seq > connection.last_seq_) {
      connection.send_item(item.item_id, item.item_json, item.unread);
      connection.last_seq_ = item.seq;
    }
  }
}

void Hub::dispatch(std::string_view payload) {
  auto message = parse_live_message(payload);
  if (!message) {
    core::log::warn("live message not understood", {{"payload", payload.substr(0, 200)}});
  } else if (const auto* item = std::get_if<ItemMessage>(&*message)) {
    deliver(*item);
  } else if (const auto* unread = std::get_if<UnreadMessage>(&*message)) {
    for (Connection* connection : connections_of(unread->user_id)) {
      if (connection->resuming_) {
        // The count it read may be older than this one: it reads again.
        connection->resume_again_ = true;
      } else {
        connection->send_unread(unread->count);
      }
    }
  } else {
    for (Connection* connection : connections_of(std::get<CloseMessage>(*message).user_id)) {
      connection->close();
    }
  }
}

std::vector<Connection*> Hub::connections_of(const std::string& user_id) const {
  // A copy: a connection told to close may leave the registry meanwhile.
  auto it = by_user_.find(user_id);
  return it == by_user_.end() ? std::vector<Connection*>{} : it->second;
}

void Hub::deliver(const ItemMessage& item) {
  for (const Addressee& to : item.to) {
    for (Connection* connection : connections_of(to.user_id)) {
      deliver(*connection, item, to);
    }
  }
}

void Hub::deliver(Connection& connection, const ItemMessage& item, const Addressee& to) {
  if (connection.resuming_) {
    if (connection.held_.size() >= backlog_limit_) {
      connection.close();  // it cannot catch up: it reconnects and resumes
      return;
    }
    connection.held_.push_back(Connection::Held{to.seq, to.unread, item.item_id, item.item_json});
    return;
  }
  if (to.seq > connection.last_seq_) {
    connection.send_item(item.item_id, item.item_json, to.unread);
    connection.last_seq_ = to.seq;
  }
}

}  // namespace classroom::notify::live
