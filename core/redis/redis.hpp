#pragma once

#include <array>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace classroom::core::redis {

struct Settings {
  std::string url = "redis://127.0.0.1:6379";  // redis://[[user]:password@]host[:port][/db]
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds command_timeout{3000};
};

// A parsed reply, owning plain C++ values (no hiredis type). Reading a value
// of another type than the reply has is a bug and throws Error(kInternal).
class Reply {
 public:
  enum class Type { kNil, kString, kStatus, kInteger, kArray, kError };

  Reply() = default;  // nil
  static Reply make_nil() { return Reply(); }
  static Reply make_string(std::string value) { return Reply(Type::kString, std::move(value)); }
  static Reply make_status(std::string value) { return Reply(Type::kStatus, std::move(value)); }
  static Reply make_error(std::string message) { return Reply(Type::kError, std::move(message)); }
  static Reply make_integer(std::int64_t value);
  static Reply make_array(std::vector<Reply> elements);

  Type type() const noexcept { return type_; }
  bool is_nil() const noexcept { return type_ == Type::kNil; }
  bool is_error() const noexcept { return type_ == Type::kError; }

  const std::string& str() const;  // kString, kStatus, kError
  std::int64_t integer() const;
  const std::vector<Reply>& elements() const;  // kArray

  // nullopt for nil, the text for a string or status (GET, HGET).
  std::optional<std::string> as_optional_string() const;
  // A flat array of field, value, field, value… (HGETALL, a stream entry's
  // fields, CONFIG GET): as_pairs() keeps the server's order.
  std::vector<std::pair<std::string, std::string>> as_pairs() const;
  std::unordered_map<std::string, std::string> as_map() const;

  friend bool operator==(const Reply&, const Reply&) = default;

 private:
  Reply(Type type, std::string text) : type_(type), text_(std::move(text)) {}
  void expect(Type type, std::string_view wanted) const;

  Type type_ = Type::kNil;
  std::string text_;
  std::int64_t integer_ = 0;
  std::vector<Reply> elements_;
};

std::string_view to_string(Reply::Type type) noexcept;

// Redis answered a command with an error (WRONGTYPE, NOSCRIPT, BUSYGROUP…).
// The connection is fine; retrying the same command gives the same answer.
class ReplyError : public std::runtime_error {
 public:
  explicit ReplyError(const std::string& message) : std::runtime_error(message) {}
  // The error's first word, which Redis uses as its code: "WRONGTYPE", "ERR".
  std::string_view prefix() const noexcept;
};

// Throws the error a kError reply stands for: a transient server state
// (LOADING, OOM, MISCONF, READONLY, BUSY, MASTERDOWN, TRYAGAIN, CLUSTERDOWN)
// is Error(kUnavailable) with Retry-After, like a lost connection, because a
// retry shortly will succeed; anything else is a ReplyError.
[[noreturn]] void throw_reply_error(const Reply& error);
// For pipelines whose every command must succeed: throws for the first error reply.
void throw_if_error(const std::vector<Reply>& replies);

namespace detail {

template <class>
inline constexpr bool kUnsupportedArgument = false;

// One argument of Client::operator(): text as it is, integers in decimal.
template <class T>
std::string to_argument(T&& value) {
  using Plain = std::remove_cvref_t<T>;
  if constexpr (std::is_same_v<Plain, std::string>) {
    return std::forward<T>(value);
  } else if constexpr (std::is_convertible_v<T, std::string_view>) {
    return std::string(std::string_view(value));
  } else if constexpr (std::is_same_v<Plain, bool> || std::is_same_v<Plain, char>) {
    // Neither has one obvious spelling ("1"? "true"? "97"?): say it explicitly.
    static_assert(kUnsupportedArgument<T>, "convert bool and char to text explicitly");
  } else if constexpr (std::is_integral_v<Plain>) {
    return std::to_string(value);
  } else {
    static_assert(kUnsupportedArgument<T>, "redis arguments are text or integers");
  }
}

}  // namespace detail

// A Lua script that clients run by its SHA1 (EVALSHA): Redis keeps every
// script it has run, so the text crosses the network only when Redis does not
// know it (the first call on a connection, after a restart or SCRIPT FLUSH).
// Make it once, from a string literal, as a constant at namespace scope (it
// keeps a view of the text and cannot throw), and call it through
// Client::eval() or a pipeline's Command; it must outlive those calls.
class Script {
 public:
  explicit Script(std::string_view source) noexcept;

  std::string_view source() const noexcept { return source_; }
  // Lowercase hex, as Redis names the script.
  std::string_view sha1() const noexcept { return {sha1_.data(), sha1_.size()}; }

 private:
  std::string_view source_;
  std::array<char, 40> sha1_{};
};

// One command of Client::pipeline(): plain arguments (`{"SADD", key, member}`)
// or a call of a Script with its keys and arguments.
class Command {
 public:
  Command(std::vector<std::string> args) : args_(std::move(args)) {}  // NOLINT: as plain as args
  Command(const Script& script, std::vector<std::string> keys, std::vector<std::string> args);

  // nullptr for a plain command.
  const Script* script() const noexcept { return script_; }
  // The whole command for a plain one; numkeys, keys, then arguments for a script.
  const std::vector<std::string>& args() const noexcept { return args_; }

 private:
  const Script* script_ = nullptr;
  std::vector<std::string> args_;
};

// A connection to Redis that belongs to one io_context and is used only from
// its thread (no locks). Commands from any number of coroutines share the
// connection: each is written as soon as it is called (behind any write in
// progress) and replies are matched in the order the commands were written
// (automatic pipelining), so concurrent callers do not wait for each other's
// round trips. Destroy a Client only when none of its calls is in flight.
//
// When Redis cannot be reached, the connection is lost or a reply does not
// come within the timeout, every command waiting on the connection throws
// Error(kUnavailable) with Retry-After 1 s, and the next command connects
// again. The first command connects, so constructing a Client does no I/O.
//
// A blocking command (BLPOP, XREADGROUP … BLOCK) holds up every command
// behind it on the connection: give it a dedicated Client, and a timeout
// longer than its block time.
//
// GCC 12 rejects a braced list inside a co_await expression ("array used as
// initializer"): write `co_await redis("GET", key)`, or build the argument
// vector (or the awaitable) in a statement of its own before co_await.
class Client {
 public:
  // Throws Error(kInvalidArgument) when settings.url cannot be used.
  Client(boost::asio::io_context& ioc, Settings settings);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Sends one command and waits up to settings.command_timeout for its reply.
  // An error reply throws ReplyError.
  boost::asio::awaitable<Reply> command(std::vector<std::string> args);
  boost::asio::awaitable<Reply> command(std::vector<std::string> args,
                                        std::chrono::milliseconds timeout);

  // client("HSET", key, "name", name, "count", 3)
  template <class... Args>
  boost::asio::awaitable<Reply> operator()(Args&&... args) {
    std::vector<std::string> argv;
    argv.reserve(sizeof...(Args));
    (argv.push_back(detail::to_argument(std::forward<Args>(args))), ...);
    return command(std::move(argv));
  }

  // Runs `script` with EVALSHA, and with EVAL when Redis answers NOSCRIPT.
  // An error reply (of the script or of Redis) throws ReplyError.
  boost::asio::awaitable<Reply> eval(const Script& script, std::vector<std::string> keys,
                                     std::vector<std::string> args);

  // Sends the commands together; replies come back in order, error replies
  // as kError replies rather than thrown, so one failing command does not
  // hide the others' results.
  boost::asio::awaitable<std::vector<Reply>> pipeline(
      std::vector<std::vector<std::string>> commands);
  boost::asio::awaitable<std::vector<Reply>> pipeline(
      std::vector<std::vector<std::string>> commands, std::chrono::milliseconds timeout);
  // The same with script calls among the commands. The first call of a script
  // on a connection sends its text (EVAL), later ones its SHA1. Script calls
  // that Redis answers NOSCRIPT (it forgot the script: SCRIPT FLUSH) are sent
  // again with EVAL, in their order, after the rest of the pipeline has run.
  boost::asio::awaitable<std::vector<Reply>> pipeline(std::vector<Command> commands);
  boost::asio::awaitable<std::vector<Reply>> pipeline(std::vector<Command> commands,
                                                      std::chrono::milliseconds timeout);

  // For /readyz: does Redis answer PING within the command timeout? Never throws.
  boost::asio::awaitable<bool> ping();

  // Drops the connection: commands in flight throw Error(kUnavailable) and
  // the io_context is left without work from this client (graceful drain).
  // A later command (a request or task finishing during the drain) connects
  // again, and that connection is closed as soon as no command waits on it,
  // so that it never holds the drain up.
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Pub/sub on a connection of its own, belonging to one io_context like
// Client. After a lost connection it reconnects with backoff (100 ms doubling
// up to 2 s) and subscribes again to every channel. Pub/sub does not queue:
// what is published while the subscriber is disconnected is not received;
// on_subscribed() tells when to read again what may have been missed.
class Subscriber {
 public:
  struct Message {
    std::string channel;
    std::string payload;
  };

  // Throws Error(kInvalidArgument) when settings.url cannot be used.
  Subscriber(boost::asio::io_context& ioc, Settings settings);
  ~Subscriber();
  Subscriber(const Subscriber&) = delete;
  Subscriber& operator=(const Subscriber&) = delete;

  // Adds channels and returns once Redis has confirmed them all, so what is
  // published afterwards is received. If Redis does not confirm within the
  // command timeout it throws Error(kUnavailable); the channels stay wanted
  // and are subscribed as soon as the connection is back.
  boost::asio::awaitable<void> subscribe(std::vector<std::string> channels);

  // Calls `callback` on the subscriber's thread each time Redis has confirmed
  // every wanted channel on a new connection: the first one, and again after
  // every reconnection. Whatever is published from then on is received, so a
  // caller that must not miss a message reads the state it missed from Redis
  // there. The callback must not throw.
  void on_subscribed(std::function<void()> callback);

  // Waits for the next message. Messages are buffered in arrival order
  // while nobody waits. After close() it throws system_error(operation_aborted).
  boost::asio::awaitable<Message> next();
  // The same, giving up with nullopt after `timeout`.
  boost::asio::awaitable<std::optional<Message>> next(std::chrono::milliseconds timeout);

  // Unsubscribes from everything and closes the connection for good; waiting
  // calls end (see next()). Safe to call more than once.
  void close();

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace classroom::core::redis
