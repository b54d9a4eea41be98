#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/redis/redis.hpp"

namespace classroom::core {
class Counter;
class Metrics;
}  // namespace classroom::core

namespace classroom::notify::live {

struct ItemMessage;
struct Addressee;

// One live connection (an event stream or a WebSocket) as the Hub sees it:
// where its messages go, and the seq of the last item it was sent. Sends
// never wait (core's queues drop a client too slow to keep up).
class Connection {
 public:
  Connection(std::string user_id, std::int64_t last_seq)
      : user_id_(std::move(user_id)), last_seq_(last_seq) {}
  virtual ~Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  const std::string& user_id() const { return user_id_; }
  std::int64_t last_seq() const { return last_seq_; }

  virtual void send_item(std::string_view item_id, std::string_view item_json,
                         std::int64_t unread) = 0;
  virtual void send_unread(std::int64_t count) = 0;
  // Ends the connection once what is queued is written.
  virtual void close() = 0;
  // "sse" or "websocket", for metrics.
  virtual std::string_view transport() const = 0;

 private:
  friend class Hub;

  // A live item that came while the connection read its backlog.
  struct Held {
    std::int64_t seq;
    std::int64_t unread;
    std::string item_id;
    std::string item_json;
  };

  std::string user_id_;
  std::int64_t last_seq_;
  std::uint64_t serial_ = 0;  // set by the Hub: tells a reused address from its connection
  bool resuming_ = false;
  bool resume_again_ = false;
  std::vector<Held> held_;
};

// The live side of notify on one worker thread: subscribes to notify:live
// (its own Subscriber), keeps each user's connections on this thread and
// hands them what is published for that user, in seq order, never twice.
//
// Resuming (a new connection, or all of them after Redis came back): the
// connection is registered first and holds what arrives live, then reads its
// backlog (the items after its last seq) and the unread count, sends them,
// then what it held that is newer than what it sent. Nothing falls in between,
// and nothing is sent twice. A read meanwhile (a new unread count) makes it
// read again, so that the count it sends is never older than one it sent.
class Hub {
 public:
  // `backlog_limit` items at most are sent at once when resuming, so that a
  // backlog never fills a connection's send queue (ServerSettings::
  // max_queued_messages); a longer backlog ends the connection after them and
  // the client's reconnection (Last-Event-ID) gets the rest.
  Hub(boost::asio::io_context& io, const core::redis::Settings& settings,
      core::redis::Client& redis, core::Metrics& metrics, std::size_t backlog_limit);
  ~Hub();
  Hub(const Hub&) = delete;
  Hub& operator=(const Hub&) = delete;

  // Subscribes and dispatches until stop(); a Redis that is down now is
  // subscribed to once it is back.
  void start();
  void stop();

  // Registers `connection` for as long as the Registration lives.
  class Registration {
   public:
    Registration(Hub& hub, Connection& connection) : hub_(hub), connection_(connection) {}
    ~Registration();
    Registration(const Registration&) = delete;
    Registration& operator=(const Registration&) = delete;

   private:
    Hub& hub_;
    Connection& connection_;
  };
  Registration attach(Connection& connection);

  // Sends a registered connection what it missed since its last seq (see above).
  boost::asio::awaitable<void> resume(Connection& connection);

  std::size_t connections() const { return connections_; }

  // For tests: awaited after each read of a backlog, before any of it is
  // sent, so that messages can arrive while a connection resumes.
  void after_backlog_read(std::function<boost::asio::awaitable<void>()> hook);

 private:
  static boost::asio::awaitable<void> run(Hub* self);
  boost::asio::awaitable<void> resume_by_serial(std::string user_id, std::uint64_t serial);
  void resume_everyone();
  Connection* find(const std::string& user_id, std::uint64_t serial) const;
  std::vector<Connection*> connections_of(const std::string& user_id) const;
  void detach(Connection& connection);
  void dispatch(std::string_view payload);
  void deliver(const ItemMessage& item);
  void deliver(Connection& connection, const ItemMessage& item, const Addressee& to);
  void send_held(Connection& connection);

  boost::asio::io_context& io_;
  core::redis::Subscriber subscriber_;
  core::redis::Client& redis_;
  core::Metrics& metrics_;
  std::size_t backlog_limit_;
  std::unordered_map<std::string, std::vector<Connection*>> by_user_;
  std::size_t connections_ = 0;
  std::uint64_t next_serial_ = 0;
  std::function<boost::asio::awaitable<void>()> after_backlog_read_;
};

}  // namespace classroom::notify::live
