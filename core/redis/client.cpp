#include <fmt/format.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <deque>
#include <exception>
#include <set>

#include "core/redis/connection.hpp"
#include "core/redis/notifier.hpp"
#include "core/redis/protocol.hpp"
#include "core/redis/redis.hpp"
#include "core/redis/url.hpp"

namespace classroom::core::redis {
namespace {

namespace asio = boost::asio;

// Commands sent together whose replies one caller waits for. Shared between
// the caller and the session: a caller that gives up (cancelled) leaves it
// behind, and its replies are still matched, then dropped.
struct Pending {
  explicit Pending(std::size_t expected) : expected(expected) { replies.reserve(expected); }

  void complete() {
    done = true;
    notifier.notify_all();
  }
  void fail(std::exception_ptr failure) {
    error = std::move(failure);
    complete();
  }

  std::size_t expected;
  std::vector<Reply> replies;
  std::exception_ptr error;
  bool done = false;
  Notifier notifier;
};

// One connection and the commands waiting for replies on it, in the order
// they were written: Redis answers in that order, so the next reply always
// belongs to the oldest command.
class Session {
 public:
  explicit Session(std::shared_ptr<Connection> connection) : connection_(std::move(connection)) {}

  bool usable() const noexcept { return !failed_ && connection_->is_open(); }

  // Closes the connection as soon as no command waits on it (a client
  // closed for a drain keeps no idle connection open).
  void close_when_idle() { close_when_idle_ = true; }

  void submit(std::string_view encoded, std::shared_ptr<Pending> pending) {
    if (!usable()) {
      fail(connection_->close_reason());
      throw unavailable(connection_->close_reason());
    }
    connection_->send(encoded);
    pending_.push_back(std::move(pending));
  }

  // Once a reply is late or lost, the replies that follow cannot be matched
  // to commands any more: the connection goes, with every command on it.
  void fail(std::string_view reason) {
    if (failed_) {
      return;
    }
    failed_ = true;
    connection_->close(reason);
    auto error = std::make_exception_ptr(unavailable(connection_->close_reason()));
    auto pending = std::move(pending_);
    pending_.clear();
    for (auto& command : pending) {
      command->fail(error);
    }
  }

  static asio::awaitable<void> read_loop(std::shared_ptr<Session> self) {
    try {
      for (;;) {
        self->deliver(co_await self->connection_->read_reply());
      }
    } catch (const Error&) {
      self->fail(self->connection_->close_reason());
    }
  }

 private:
  void deliver(Reply reply) {
    if (pending_.empty()) {
      fail("a reply came for no command");
      return;
    }
    Pending& oldest = *pending_.front();
    oldest.replies.push_back(std::move(reply));
    if (oldest.replies.size() == oldest.expected) {
      auto finished = std::move(pending_.front());
      pending_.pop_front();
      finished->complete();
      if (close_when_idle_ && pending_.empty()) {
        fail("client closed");
      }
    }
  }

  std::shared_ptr<Connection> connection_;
  std::deque<std::shared_ptr<Pending>> pending_;
  bool failed_ = false;
  bool close_when_idle_ = false;
};

// A connection being opened. Commands that arrive meanwhile wait for it and
// share its outcome, rather than each opening a connection of its own.
struct ConnectAttempt {
  bool done = false;
  std::exception_ptr error;
  std::shared_ptr<Connection> connection;
  std::shared_ptr<Session> session;
};

// Built outside the co_await expression: GCC 12 rejects a braced list
// inside one ("array used as initializer").
std::vector<std::string> ping_command() { return {"PING"}; }

// Redis answers NOSCRIPT to EVALSHA for a script it does not have.
bool is_noscript(const Reply& reply) {
  return reply.is_error() && reply.str().starts_with("NOSCRIPT");
}

void append_eval(std::string& out, const Command& command) {
  append_command(out, {"EVAL", command.script()->source()}, command.args());
}

}  // namespace

struct Client::Impl {
  Impl(asio::io_context& ioc, Settings settings_in)
      : executor(ioc.get_executor()),
        settings(std::move(settings_in)),
        endpoint(parse_url(settings.url)) {}

  asio::awaitable<std::shared_ptr<Session>> ready_session();
  asio::awaitable<void> connect(std::shared_ptr<ConnectAttempt> attempt);
  asio::awaitable<std::vector<Reply>> execute(std::string encoded, std::size_t count,
                                              std::chrono::milliseconds timeout);
  void close();
  void append(std::string& out, const Command& command);

  asio::any_io_executor executor;
  Settings settings;
  Endpoint endpoint;
  std::shared_ptr<Session> session;
  std::shared_ptr<ConnectAttempt> attempt;
  Notifier attempt_finished;
  bool closed = false;  // close() was called: connections do not outlive their commands
  // The SHA1s of the scripts sent with their text on the current connection.
  std::set<std::string, std::less<>> sent_scripts;
};

asio::awaitable<std::shared_ptr<Session>> Client::Impl::ready_session() {
  if (session && session->usable()) {
    co_return session;
  }
  auto current = attempt;
  if (current) {
    while (!current->done) {
      co_await attempt_finished.wait();
    }
  } else {
    current = std::make_shared<ConnectAttempt>();
    attempt = current;
    co_await connect(current);
  }
  if (current->error) {
    std::rethrow_exception(current->error);
  }
  co_return current->session;
}

asio::awaitable<void> Client::Impl::connect(std::shared_ptr<ConnectAttempt> current) {
  // Commands waiting for this attempt must hear how it ended, even when it
  // ends by this coroutine being cancelled.
  struct Finish {
    Impl& impl;
    ConnectAttempt& attempt;
    ~Finish() {
      if (!attempt.done) {
        attempt.done = true;
        attempt.error = std::make_exception_ptr(unavailable("connection attempt abandoned"));
      }
      if (impl.attempt.get() == &attempt) {
        impl.attempt.reset();
      }
      impl.attempt_finished.notify_all();
    }
  } finish{*this, *current};

  current->connection = std::make_shared<Connection>(executor);
  try {
    co_await current->connection->connect(endpoint, settings.connect_timeout);
    session = std::make_shared<Session>(current->connection);
    sent_scripts.clear();
    if (closed) {
      session->close_when_idle();
    }
    asio::co_spawn(executor, Session::read_loop(session), asio::detached);
    current->session = session;
  } catch (const Error&) {
    current->error = std::current_exception();
  }
  current->done = true;
}

asio::awaitable<std::vector<Reply>> Client::Impl::execute(std::string encoded, std::size_t count,
                                                          std::chrono::milliseconds timeout) {
  auto current = co_await ready_session();
  auto pending = std::make_shared<Pending>(count);
  current->submit(encoded, pending);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pending->done) {
    bool woken = co_await pending->notifier.wait_until(deadline);
    if (!woken && !pending->done) {
      // Fails every command on the session, this one included.
      current->fail(fmt::format("no reply within {} ms", timeout.count()));
    }
  }
  if (pending->error) {
    std::rethrow_exception(pending->error);
  }
  co_return std::move(pending->replies);
}

// A script goes with its text the first time on a connection, so that a new
// connection (after a Redis restart, say) costs no NOSCRIPT round trip and
// keeps its pipelines in order; EVAL makes Redis keep the script for EVALSHA.
void Client::Impl::append(std::string& out, const Command& command) {
  const Script* script = command.script();
  if (script == nullptr) {
    append_command(out, command.args());
  } else if (!sent_scripts.contains(script->sha1())) {
    sent_scripts.emplace(script->sha1());
    append_eval(out, command);
  } else {
    append_command(out, {"EVALSHA", script->sha1()}, command.args());
  }
}

void Client::Impl::close() {
  closed = true;
  if (session) {
    session->fail("client closed");
    session.reset();
  }
  if (attempt && attempt->connection) {
    attempt->connection->close("client closed");
  }
}

Client::Client(asio::io_context& ioc, Settings settings)
    : impl_(std::make_unique<Impl>(ioc, std::move(settings))) {}

Client::~Client() { impl_->close(); }

asio::awaitable<Reply> Client::command(std::vector<std::string> args) {
  return command(std::move(args), impl_->settings.command_timeout);
}

asio::awaitable<Reply> Client::command(std::vector<std::string> args,
                                       std::chrono::milliseconds timeout) {
  std::string encoded;
  append_command(encoded, args);
  auto replies = co_await impl_->execute(std::move(encoded), 1, timeout);
  if (replies.front().is_error()) {
    throw_reply_error(replies.front());
  }
  co_return std::move(replies.front());
}

asio::awaitable<std::vector<Reply>> Client::pipeline(
    std::vector<std::vector<std::string>> commands) {
  return pipeline(std::move(commands), impl_->settings.command_timeout);
}

asio::awaitable<std::vector<Reply>> Client::pipeline(std::vector<std::vector<std::string>> commands,
                                                     std::chrono::milliseconds timeout) {
  if (commands.empty()) {
    co_return std::vector<Reply>{};
  }
  std::string encoded;
  for (const auto& args : commands) {
    append_command(encoded, args);
  }
  co_return co_await impl_->execute(std::move(encoded), commands.size(), timeout);
}

asio::awaitable<Reply> Client::eval(const Script& script, std::vector<std::string> keys,
                                    std::vector<std::string> args) {
  std::vector<Command> call;
  call.emplace_back(script, std::move(keys), std::move(args));
  auto replies = co_await pipeline(std::move(call));
  if (replies.front().is_error()) {
    throw_reply_error(replies.front());
  }
  co_return std::move(replies.front());
}

asio::awaitable<std::vector<Reply>> Client::pipeline(std::vector<Command> commands) {
  return pipeline(std::move(commands), impl_->settings.command_timeout);
}

asio::awaitable<std::vector<Reply>> Client::pipeline(std::vector<Command> commands,
                                                     std::chrono::milliseconds timeout) {
  if (commands.empty()) {
    co_return std::vector<Reply>{};
  }
  std::string encoded;
  for (const auto& command : commands) {
    impl_->append(encoded, command);
  }
  auto replies = co_await impl_->execute(std::move(encoded), commands.size(), timeout);
  std::string again;
  std::vector<std::size_t> forgotten;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    if (commands[i].script() != nullptr && is_noscript(replies[i])) {
      append_eval(again, commands[i]);
      forgotten.push_back(i);
    }
  }
  if (!forgotten.empty()) {
    auto retried = co_await impl_->execute(std::move(again), forgotten.size(), timeout);
    for (std::size_t k = 0; k < forgotten.size(); ++k) {
      replies[forgotten[k]] = std::move(retried[k]);
    }
  }
  co_return replies;
}

asio::awaitable<bool> Client::ping() {
  // /readyz wants a yes or no: any failure, whatever its kind, is a no.
  bool pong = false;
  try {
    Reply reply = co_await command(ping_command());
    pong = reply.type() == Reply::Type::kStatus && reply.str() == std::string_view("PONG");
  } catch (const std::exception&) {
    pong = false;
  }
  co_return pong;
}

void Client::close() { impl_->close(); }

}  // namespace classroom::core::redis
