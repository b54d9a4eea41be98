#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/errors.hpp"
#include "core/pg/pg.hpp"

// Internal to core/pg: one libpq connection driven by Asio. Still free of
// libpq-fe.h, like the public header.
namespace classroom::core::pg::detail {

using Clock = std::chrono::steady_clock;
using Deadline = Clock::time_point;

// core::Error(kUnavailable, "database unavailable: <reason>") with Retry-After.
Error unavailable(std::string_view reason);

// How the statements of a pipeline are grouped into transactions.
enum class PipelineMode {
  kStatementEach,   // outside a transaction: a sync after each statement
  kOneTransaction,  // inside a transaction: one sync, the first failure skips the rest
};

enum class TransactionState { kIdle, kActive, kFailed, kUnknown };

// A connection with its own prepared-statement cache. Every wait on the
// network ends by the deadline the caller passes; a connection whose
// protocol state is uncertain (timeout, lost connection, cancellation) is
// marked broken and must be discarded.
class Connection {
 public:
  static boost::asio::awaitable<std::unique_ptr<Connection>> open(boost::asio::io_context& ioc,
                                                                  const std::string& url,
                                                                  Deadline deadline);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // For an idle connection about to be reused: false when the server has
  // closed it (restart, idle timeout) or it is otherwise not fit for use.
  // Never blocks: it only reads what has already arrived.
  bool usable();
  bool broken() const noexcept;
  void mark_broken() noexcept { broken_ = true; }
  TransactionState transaction_state() const noexcept;

  // What one statement of a pipeline came to: its rows, or the server's
  // refusal (also for a statement skipped after an earlier failure of its
  // transaction, which carries that failure).
  struct Outcome {
    Result result;
    std::optional<SqlError> error;
  };

  // Called at each sync with the outcomes settled so far, in order.
  using Settled = std::function<void(std::vector<Outcome>&)>;

  // The statements in one round trip, each statement's outcome in order. A
  // lost connection or a timeout throws kUnavailable for those not settled
  // yet. With kStatementEach the deadline is the time allowed for each
  // statement: it starts again at each sync.
  boost::asio::awaitable<std::vector<Outcome>> run_each(std::span<const Statement> statements,
                                                        PipelineMode mode, Deadline deadline,
                                                        Settled settled = {});
  // The same, throwing the first statement's failure as SqlError.
  boost::asio::awaitable<std::vector<Result>> run(std::span<const Statement> statements,
                                                  PipelineMode mode, Deadline deadline);
  boost::asio::awaitable<Result> run(const Query& query, std::vector<Param> params,
                                     Deadline deadline);
  // Simple query protocol; returns the last statement's result. `label`
  // names the script in errors.
  boost::asio::awaitable<Result> script(std::string_view sql, std::string_view label,
                                        Deadline deadline);

 private:
  enum class Wait { kRead, kWrite, kReadOrWrite };
  struct ResultDeleter {
    void operator()(pg_result* result) const noexcept;
  };
  using ResultPtr = std::unique_ptr<pg_result, ResultDeleter>;
  // Heterogeneous lookup by the query's `const char*` name, without a copy.
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const noexcept {
      return std::hash<std::string_view>{}(name);
    }
  };

  Connection(boost::asio::io_context& ioc, pg_conn* conn);

  void watch_socket();
  bool ready_now(Wait what) const;
  boost::asio::awaitable<void> wait(Wait what, Deadline deadline);
  boost::asio::awaitable<void> flush(Deadline deadline);
  boost::asio::awaitable<ResultPtr> next_result(Deadline deadline);
  void check_usable() const;
  void check_query_names(std::span<const Statement> statements) const;
  [[noreturn]] void fail(std::string_view doing);
  // A statement failed: a lost connection throws kUnavailable at once (and
  // marks this connection broken); otherwise the server's refusal.
  SqlError failure(pg_result* result, std::string_view label);

  pg_conn* conn_;
  boost::asio::posix::stream_descriptor socket_;
  boost::asio::steady_timer timer_;
  // Statement name -> SQL prepared under that name on this connection.
  std::unordered_map<std::string, std::string, NameHash, std::equal_to<>> prepared_;
  bool broken_ = false;
};

}  // namespace classroom::core::pg::detail
