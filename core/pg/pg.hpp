#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

// libpq's handles, named without including libpq-fe.h: only the .cpp files of
// core/pg see libpq, so users of this header need neither its include path
// nor its macros.
struct pg_conn;
struct pg_result;

namespace classroom::core::pg {

// A named statement. The name is its prepared-statement name (prepared once
// per connection on first use) and its label in logs and errors, so it must
// be unique per SQL text: two queries sharing a name are reported as a bug.
// Queries are meant to be constants (`inline constexpr Query kFindUser{...}`).
struct Query {
  const char* name;
  const char* sql;
};

// One bound parameter in text format; nullopt is SQL NULL.
using Param = std::optional<std::string>;

// to_param turns a C++ value into a bound parameter. Found by argument
// dependent lookup too, so a type of another namespace can add its own.
inline Param to_param(std::string value) { return value; }
inline Param to_param(std::string_view value) { return std::string(value); }
inline Param to_param(const char* value) {
  if (value == nullptr) {
    return std::nullopt;
  }
  return std::string(value);
}
inline Param to_param(bool value) { return value ? "true" : "false"; }
inline Param to_param(std::nullopt_t) { return std::nullopt; }
// Shortest text that reads back as the same double; inf and nan included.
Param to_param(double value);

// Character types are left out on purpose: whether 'a' should bind as "a"
// or as "97" is a guess, so neither compiles.
template <class T>
concept BindableInteger = std::integral<T> && !std::same_as<T, bool> && !std::same_as<T, char> &&
                          !std::same_as<T, wchar_t> && !std::same_as<T, char8_t> &&
                          !std::same_as<T, char16_t> && !std::same_as<T, char32_t>;

template <BindableInteger T>
Param to_param(T value) {
  return std::to_string(value);
}

// A pointer other than a C string would otherwise convert to bool.
template <class T>
concept NotChar = !std::same_as<std::remove_cv_t<T>, char>;
template <NotChar T>
Param to_param(T*) = delete;

template <class T>
Param to_param(const std::optional<T>& value) {
  if (!value) {
    return std::nullopt;
  }
  return to_param(*value);
}

template <class... Args>
std::vector<Param> params(Args&&... args) {
  std::vector<Param> out;
  out.reserve(sizeof...(Args));
  (out.push_back(to_param(std::forward<Args>(args))), ...);
  return out;
}

// The rows of one statement. Owns its PGresult; move-only. Values are read in
// text format; a value that does not parse as the requested type, a NULL read
// into a non-optional, or a missing column is a bug in the query or its
// caller and throws core::Error(kInternal).
class Result {
 public:
  Result() noexcept = default;
  explicit Result(pg_result* result) noexcept : result_(result) {}
  Result(Result&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}
  Result& operator=(Result&& other) noexcept;
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  ~Result();

  int rows() const;
  int columns() const;
  bool empty() const { return rows() == 0; }
  // Rows inserted, updated, deleted, ... (0 when the command reports none).
  std::int64_t affected() const;
  // The command tag, e.g. "INSERT 0 1" or "COMMIT".
  std::string_view command_status() const;
  bool is_null(int row, int col) const;
  std::string_view text(int row, int col) const;
  int column(std::string_view name) const;
  // The same, looking at column `hint` first: a caller reading the columns in
  // their SELECT order finds each at once.
  int column(std::string_view name, int hint) const;

  // T: std::string, std::int64_t, int, bool, double, or std::optional of one
  // of those (NULL reads as nullopt).
  template <class T>
  T get(int row, int col) const;
  template <class T>
  T get(int row, std::string_view col) const {
    return get<T>(row, column(col));
  }

 private:
  std::string_view non_null_text(int row, int col) const;
  std::string get_string(int row, int col) const;
  std::int64_t get_int64(int row, int col) const;
  int get_int(int row, int col) const;
  bool get_bool(int row, int col) const;
  double get_double(int row, int col) const;

  pg_result* result_ = nullptr;
};

namespace detail {
template <class T>
inline constexpr bool kIsOptional = false;
template <class T>
inline constexpr bool kIsOptional<std::optional<T>> = true;
}  // namespace detail

template <class T>
T Result::get(int row, int col) const {
  if constexpr (detail::kIsOptional<T>) {
    if (is_null(row, col)) {
      return std::nullopt;
    }
    return get<typename T::value_type>(row, col);
  } else if constexpr (std::same_as<T, std::string>) {
    return get_string(row, col);
  } else if constexpr (std::same_as<T, std::int64_t>) {
    return get_int64(row, col);
  } else if constexpr (std::same_as<T, int>) {
    return get_int(row, col);
  } else if constexpr (std::same_as<T, bool>) {
    return get_bool(row, col);
  } else if constexpr (std::same_as<T, double>) {
    return get_double(row, col);
  } else {
    static_assert(sizeof(T) == 0,
                  "Result::get<T>: T must be std::string, std::int64_t, int, bool, double "
                  "or std::optional of one of them");
  }
}

// One statement of a pipeline.
struct Statement {
  const Query* query;
  std::vector<Param> params;
};

template <class... Args>
Statement bind(const Query& q, Args&&... args) {
  return Statement{&q, params(std::forward<Args>(args)...)};
}

// A statement the server refused, with its SQLSTATE. what() holds the query
// name and the server's primary message; the detail (which may quote row
// values, so it is kept out of what() and therefore out of logs) is separate.
class SqlError : public std::runtime_error {
 public:
  SqlError(std::string message, std::string sqlstate, std::string constraint = {},
           std::string detail = {});

  const std::string& sqlstate() const noexcept { return sqlstate_; }
  const std::string& constraint() const noexcept { return constraint_; }
  const std::string& detail() const noexcept { return detail_; }
  bool is_unique_violation() const noexcept { return sqlstate_ == "23505"; }
  bool is_foreign_key_violation() const noexcept { return sqlstate_ == "23503"; }
  // Worth retrying the whole transaction: serialization failure or deadlock.
  bool is_serialization_failure() const noexcept {
    return sqlstate_ == "40001" || sqlstate_ == "40P01";
  }

 private:
  std::string sqlstate_;
  std::string constraint_;
  std::string detail_;
};

struct PoolSettings {
  std::string url;       // libpq URI or conninfo
  std::size_t size = 8;  // max connections of this pool (per io_context)
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds acquire_timeout{3000};
  std::chrono::milliseconds query_timeout{10000};
};

namespace detail {
class Connection;
class PoolCore;
struct OpenTransaction;
}  // namespace detail

class Transaction;

// Connections to one database for one io_context, used only from that
// io_context's thread. Connections are opened lazily up to `size`; callers
// beyond that queue in order and give up after acquire_timeout. A connection
// found dead (server restarted, connection lost) is replaced by a new one.
//
// Plain reads (query()/execute() of a SELECT that locks no rows) made in
// the same round of the io_context, up to 16, are sent together on one
// connection in one round trip; each is still its own implicit transaction
// with its own outcome and its own timeout. The server runs them one after
// the other, so a slow read delays those batched behind it. Writes take a
// connection each, as do pipeline() and begin().
//
// Failures to reach the database (cannot connect, connection lost, timeout)
// throw core::Error(kUnavailable) with a Retry-After; statements the server
// refuses throw SqlError.
//
// The Pool must outlive the coroutines that use it and its Transactions,
// and be destroyed before its io_context.
class Pool {
 public:
  Pool(boost::asio::io_context& ioc, PoolSettings settings);
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;
  ~Pool();

  template <class... Args>
  boost::asio::awaitable<Result> query(const Query& q, Args&&... args) {
    return execute(q, params(std::forward<Args>(args)...));
  }
  boost::asio::awaitable<Result> execute(const Query& q, std::vector<Param> params);

  // Several statements in one round trip (libpq pipeline mode); results in
  // order. Outside a Transaction each statement runs in its own implicit
  // transaction: when one fails, the others still take effect, and the
  // first failure is thrown as SqlError.
  boost::asio::awaitable<std::vector<Result>> pipeline(std::vector<Statement> statements);

  // BEGIN (or e.g. "BEGIN ISOLATION LEVEL SERIALIZABLE") on a connection
  // that the returned Transaction holds until commit, rollback or destruction.
  boost::asio::awaitable<Transaction> begin(std::string_view begin_sql = "BEGIN");

  // For /readyz: true if `SELECT 1` succeeds within the timeouts.
  boost::asio::awaitable<bool> ping();

  // SQL text without parameters (simple query protocol, may hold several
  // statements), e.g. migrations.
  boost::asio::awaitable<void> execute_script(std::string_view sql);

 private:
  std::shared_ptr<detail::PoolCore> core_;
};

// A transaction on one connection of a Pool. Move-only. Destroyed without
// commit or rollback, it is rolled back before the connection is reused
// (or the connection is discarded): a connection never returns to the pool
// in the middle of a transaction. After commit or rollback every further
// call throws core::Error(kInternal).
//
// begin() opens a transaction inside this one, a SAVEPOINT: its commit
// releases the savepoint (its changes become part of this transaction, and
// are kept only if this one commits), its rollback or its destruction without
// commit undoes its changes alone, also after one of its statements failed,
// and this transaction goes on. Only the innermost open transaction runs
// statements; a call on an outer one while an inner one is open throws
// kInternal. An inner transaction destroyed without commit is rolled back
// before the next statement of the outer one (a destructor cannot wait).
class Transaction {
 public:
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&& other) noexcept;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  template <class... Args>
  boost::asio::awaitable<Result> query(const Query& q, Args&&... args) {
    return execute(q, params(std::forward<Args>(args)...));
  }
  boost::asio::awaitable<Result> execute(const Query& q, std::vector<Param> params);
  // All statements run in this transaction; after the first failure the
  // rest are skipped and the transaction can only be rolled back.
  boost::asio::awaitable<std::vector<Result>> pipeline(std::vector<Statement> statements);
  boost::asio::awaitable<void> execute_script(std::string_view sql);
  // A transaction inside this one (see above).
  boost::asio::awaitable<Transaction> begin();
  // Throws SqlError when the server does not commit: a serialization
  // failure, or a transaction already aborted by an earlier error (25P02).
  boost::asio::awaitable<void> commit();
  boost::asio::awaitable<void> rollback();

  // `work` runs right after the outermost transaction commits, never if it
  // or this one is rolled back: for what must not happen before the change
  // is visible to others, such as waking the outbox relay. It must not throw.
  void after_commit(std::function<void()> work);

  // True until commit or rollback (of this one, or of one around it).
  bool active() const noexcept;

 private:
  friend class detail::PoolCore;
  Transaction(std::shared_ptr<detail::OpenTransaction> open, std::size_t level,
              std::uint64_t serial) noexcept;
  // The connection, once the savepoints left behind by inner transactions
  // destroyed without commit are rolled back; kInternal unless this is the
  // innermost open transaction.
  boost::asio::awaitable<detail::Connection*> ready();
  void release() noexcept;

  std::shared_ptr<detail::OpenTransaction> open_;
  std::size_t level_ = 0;     // 0: BEGIN ... COMMIT; n: the n-th savepoint inside it
  std::uint64_t serial_ = 0;  // tells this savepoint from a later one at its level
};

}  // namespace classroom::core::pg
