#include "core/redis/connection.hpp"

#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <stdexcept>

namespace classroom::core::redis {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

constexpr auto kUseAwaitable = asio::as_tuple(asio::use_awaitable);

// The kernel's keepalive, tightened so that a peer that vanished without a
// FIN (a dropped NAT entry, a dead host) is noticed within about a minute:
// a subscriber otherwise waits on such a connection forever.
constexpr int kKeepaliveIdleSeconds = 30;
constexpr int kKeepaliveIntervalSeconds = 10;
constexpr int kKeepaliveProbes = 3;

void set_tcp_option(tcp::socket& socket, int option, int value) {
  // Options are an optimisation: a socket that refuses one still works.
  ::setsockopt(socket.native_handle(), IPPROTO_TCP, option, &value, sizeof value);
}

void tune(tcp::socket& socket) {
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  socket.set_option(asio::socket_base::keep_alive(true), ignored);
  set_tcp_option(socket, TCP_KEEPIDLE, kKeepaliveIdleSeconds);
  set_tcp_option(socket, TCP_KEEPINTVL, kKeepaliveIntervalSeconds);
  set_tcp_option(socket, TCP_KEEPCNT, kKeepaliveProbes);
}

std::string describe_read_error(const boost::system::error_code& ec) {
  if (ec == asio::error::eof) {
    return "connection closed by the server";
  }
  return "connection lost: " + ec.message();
}

// Built outside the co_await expression: GCC 12 rejects a braced list
// inside one ("array used as initializer").
std::vector<std::string> auth_command(const Endpoint& endpoint) {
  std::vector<std::string> auth{"AUTH"};
  if (!endpoint.username.empty()) {
    auth.push_back(endpoint.username);
  }
  auth.push_back(endpoint.password.value_or(""));
  return auth;
}

std::vector<std::string> select_command(const Endpoint& endpoint) {
  return {"SELECT", std::to_string(endpoint.db)};
}

}  // namespace

Error unavailable(std::string_view reason) {
  return Error(ErrorCode::kUnavailable, fmt::format("redis unavailable: {}", reason))
      .with_retry_after(std::chrono::seconds(1));
}

Connection::Connection(asio::any_io_executor executor)
    : socket_(executor), connect_deadline_(executor) {}

asio::awaitable<void> Connection::connect(const Endpoint& endpoint,
                                          std::chrono::milliseconds timeout) {
  // The deadline closes the socket, which ends whichever step is running;
  // a weak pointer so that a pending deadline does not keep us alive. It
  // checks `connecting_` because it may have expired, its handler already
  // queued, just as the last step succeeded: cancel() cannot stop it then.
  connecting_ = true;
  connect_deadline_.expires_after(timeout);
  connect_deadline_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    auto self = weak.lock();
    if (!ec && self && self->connecting_) {
      self->connect_timed_out_ = true;
      self->close("connect timed out");
    }
  });
  try {
    co_await open_socket(endpoint);
    co_await handshake(endpoint);
  } catch (const Error& error) {
    connecting_ = false;
    connect_deadline_.cancel();
    close(error.what());
    if (connect_timed_out_) {
      throw unavailable(fmt::format("connecting to {} timed out after {} ms", endpoint.address(),
                                    timeout.count()));
    }
    throw;
  }
  connecting_ = false;
  connect_deadline_.cancel();
}

asio::awaitable<void> Connection::open_socket(const Endpoint& endpoint) {
  tcp::resolver resolver(socket_.get_executor());
  auto [resolve_error, addresses] =
      co_await resolver.async_resolve(endpoint.host, std::to_string(endpoint.port), kUseAwaitable);
  if (resolve_error) {
    throw unavailable(fmt::format("cannot resolve {}: {}", endpoint.host, resolve_error.message()));
  }
  if (!open_) {
    throw unavailable(close_reason_);
  }
  auto [connect_error, connected] = co_await asio::async_connect(socket_, addresses, kUseAwaitable);
  if (connect_error) {
    throw unavailable(fmt::format("cannot connect to {}: {}", endpoint.address(),
                                  open_ ? connect_error.message() : close_reason_));
  }
  tune(socket_);
}

asio::awaitable<void> Connection::handshake(const Endpoint& endpoint) {
  if (endpoint.password) {
    Reply reply = co_await call(auth_command(endpoint));
    if (reply.is_error()) {
      // Redis' message names neither the password nor the user: safe to show.
      throw unavailable(fmt::format("authentication failed: {}", reply.str()));
    }
  }
  if (endpoint.db != 0) {
    Reply reply = co_await call(select_command(endpoint));
    if (reply.is_error()) {
      throw unavailable(fmt::format("cannot select database {}: {}", endpoint.db, reply.str()));
    }
  }
}

asio::awaitable<Reply> Connection::call(std::vector<std::string> args) {
  std::string encoded;
  append_command(encoded, args);
  send(encoded);
  co_return co_await read_reply();
}

void Connection::send(std::string_view encoded) {
  if (!open_) {
    throw unavailable(close_reason_);
  }
  queued_.append(encoded);
  if (!write_in_progress_) {
    write_in_progress_ = true;
    // The write starts once the handlers ready now have run, so that the
    // commands of concurrent requests issued meanwhile go out in the same
    // write (and Redis reads them in one go) instead of one write each.
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
      asio::co_spawn(self->socket_.get_executor(), write_loop(self), asio::detached);
    });
  }
}

asio::awaitable<void> Connection::write_loop(std::shared_ptr<Connection> self) {
  while (self->open_ && !self->queued_.empty()) {
    self->writing_.clear();
    std::swap(self->writing_, self->queued_);
    auto [ec, written] =
        co_await asio::async_write(self->socket_, asio::buffer(self->writing_), kUseAwaitable);
    if (ec) {
      // The reader sees the closed socket and reports the reason.
      self->close("connection lost: " + ec.message());
    }
  }
  self->write_in_progress_ = false;
}

asio::awaitable<Reply> Connection::read_reply() {
  for (;;) {
    try {
      if (auto reply = parser_.next()) {
        co_return std::move(*reply);
      }
    } catch (const std::runtime_error& error) {
      close(fmt::format("protocol error: {}", error.what()));
      throw unavailable(close_reason_);
    }
    if (!open_) {
      throw unavailable(close_reason_);
    }
    auto [ec, size] = co_await socket_.async_read_some(asio::buffer(read_buffer_), kUseAwaitable);
    if (ec) {
      close(describe_read_error(ec));
      throw unavailable(close_reason_);
    }
    parser_.feed(std::string_view(read_buffer_.data(), size));
  }
}

void Connection::close(std::string_view reason) {
  if (!open_) {
    return;
  }
  open_ = false;
  close_reason_ = reason;
  boost::system::error_code ignored;
  socket_.close(ignored);
}

}  // namespace classroom::core::redis
