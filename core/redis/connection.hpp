#pragma once

#include <array>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "core/errors.hpp"
#include "core/redis/protocol.hpp"
#include "core/redis/redis.hpp"
#include "core/redis/url.hpp"

namespace classroom::core::redis {

// "redis unavailable: <reason>", retry after a second: what every command
// throws when Redis cannot be reached.
Error unavailable(std::string_view reason);

// One TCP connection speaking the Redis protocol: ordered writes from any
// number of coroutines, and replies read by one coroutine at a time. What
// the replies mean (matched to commands, or pushed messages) is the owner's
// business. Always held by shared_ptr: its background writes keep it alive.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  explicit Connection(boost::asio::any_io_executor executor);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Resolves, connects, authenticates and selects the database, all within
  // `timeout`. Throws Error(kUnavailable) and leaves the connection closed.
  boost::asio::awaitable<void> connect(const Endpoint& endpoint, std::chrono::milliseconds timeout);

  // Queues encoded commands; they go out in order, batched while a write is
  // in progress. Throws Error(kUnavailable) once the connection is closed.
  void send(std::string_view encoded);

  // The next reply. On any failure it closes the connection and throws
  // Error(kUnavailable) with the reason.
  boost::asio::awaitable<Reply> read_reply();

  // Closes the socket, which ends the reads and writes in progress. The
  // first reason given is kept. Safe to call more than once.
  void close(std::string_view reason);
  bool is_open() const noexcept { return open_; }
  const std::string& close_reason() const noexcept { return close_reason_; }

 private:
  boost::asio::awaitable<void> open_socket(const Endpoint& endpoint);
  boost::asio::awaitable<void> handshake(const Endpoint& endpoint);
  boost::asio::awaitable<Reply> call(std::vector<std::string> args);
  static boost::asio::awaitable<void> write_loop(std::shared_ptr<Connection> self);

  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer connect_deadline_;
  bool connecting_ = false;
  bool connect_timed_out_ = false;
  ReplyParser parser_;
  std::array<char, std::size_t{16} * 1024> read_buffer_;
  std::string queued_;   // waiting for the current write to finish
  std::string writing_;  // being written
  bool write_in_progress_ = false;
  bool open_ = true;
  std::string close_reason_;
};

}  // namespace classroom::core::redis
