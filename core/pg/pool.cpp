#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>
#include <deque>
#include <exception>
#include <functional>
#include <string>
#include <utility>

#include "core/errors.hpp"
#include "core/log.hpp"
#include "core/pg/connection.hpp"
#include "core/pg/pg.hpp"

namespace classroom::core::pg {
namespace detail {

namespace asio = boost::asio;

// The state of a Pool, shared with the coroutines and Transactions that use
// it: a rollback left behind by a destroyed Transaction finishes on its own
// after everything else, so the state cannot be owned by the Pool alone.
// Only ever touched from the pool's io_context thread.
class PoolCore : public std::enable_shared_from_this<PoolCore> {
 public:
  PoolCore(asio::io_context& ioc, PoolSettings settings)
      : ioc_(ioc), settings_(std::move(settings)) {}

  Deadline query_deadline() const { return Clock::now() + settings_.query_timeout; }

  asio::awaitable<std::unique_ptr<Connection>> acquire();
  // Takes back a connection: to the next waiter or the idle list when it is
  // clean, through a rollback when a transaction is open, else discarded.
  void release(std::unique_ptr<Connection> connection);
  // The Pool is gone: drop idle connections and turn waiters away.
  void close();

  static asio::awaitable<Result> execute(std::shared_ptr<PoolCore> pool, Query query,
                                         std::vector<Param> params);
  static asio::awaitable<std::vector<Result>> pipeline(std::shared_ptr<PoolCore> pool,
                                                       std::vector<Statement> statements);
  static asio::awaitable<Transaction> begin(std::shared_ptr<PoolCore> pool, std::string begin_sql);
  static asio::awaitable<bool> ping(std::shared_ptr<PoolCore> pool);
  static asio::awaitable<void> execute_script(std::shared_ptr<PoolCore> pool, std::string sql);

 private:
  // A coroutine queued for a connection. It lives in that coroutine's frame;
  // release() hands it a connection, or the right to open one, and wakes it
  // by cancelling its timer.
  struct Waiter {
    Waiter(PoolCore& pool, Deadline deadline) : pool(pool), timer(pool.ioc_, deadline) {
      pool.waiters_.push_back(this);
    }
    Waiter(const Waiter&) = delete;
    Waiter& operator=(const Waiter&) = delete;
    // Whatever was handed over and not taken goes back, so that a frame
    // destroyed without resuming (io_context torn down) leaks no slot.
    ~Waiter() {
      std::erase(pool.waiters_, this);
      if (connection) {
        pool.release(std::move(connection));
      } else if (may_connect) {
        --pool.open_;
        pool.pass_slot();
      }
    }

    PoolCore& pool;
    asio::steady_timer timer;
    std::unique_ptr<Connection> connection;
    bool may_connect = false;
    bool closed = false;
  };

  // A statement of Pool::execute waiting for its batch (see execute()).
  // Shared by the waiting caller and the batch, so that either may go first.
  struct Batch;
  struct Queued {
    Queued(asio::io_context& ioc, Query query, std::vector<Param> params)
        : query(query), params(std::move(params)), done(ioc, Deadline::max()) {}
    Query query;
    std::vector<Param> params;
    asio::steady_timer done;  // cancelled once the outcome is in
    bool finished = false;
    bool abandoned = false;  // its caller was cancelled
    std::weak_ptr<Batch> batch;
    Result result;
    std::exception_ptr error;
  };
  // Statements sent together; cancelled once every caller has given up.
  struct Batch {
    std::vector<std::shared_ptr<Queued>> members;
    asio::cancellation_signal cancel;
  };

  void schedule_batch();
  void start_batch();
  void abandon(const std::shared_ptr<Queued>& queued);
  static asio::awaitable<void> run_batch(std::shared_ptr<PoolCore> pool,
                                         std::shared_ptr<Batch> batch);

  std::unique_ptr<Connection> take_idle();
  asio::awaitable<std::unique_ptr<Connection>> connect();
  void discard(std::unique_ptr<Connection> connection);
  void pass_slot();
  static asio::awaitable<void> roll_back(std::shared_ptr<PoolCore> pool,
                                         std::unique_ptr<Connection> connection);

  asio::io_context& ioc_;
  PoolSettings settings_;
  std::vector<std::unique_ptr<Connection>> idle_;  // most recently used last
  std::deque<Waiter*> waiters_;                    // first come, first served
  std::deque<std::shared_ptr<Queued>> queued_;     // statements for the next batch
  std::size_t open_ = 0;  // idle, in use, being opened or being rolled back
  bool closed_ = false;
};

// What a Transaction and the savepoints inside it share: its connection,
// which savepoints are open, and what runs once it commits. Each Transaction
// object holds it, so that either may be moved or outlive the others.
struct OpenTransaction {
  struct Hook {
    std::size_t level;  // of the transaction that registered it
    std::function<void()> work;
  };

  // Forgets the savepoints and takes the hooks, as the outermost transaction ends.
  std::vector<Hook> finish() noexcept;
  // Savepoint `level` (and those inside it) ends without commit: rolled back
  // before the next statement.
  void abandon(std::size_t level) noexcept;
  asio::awaitable<void> roll_back_abandoned();

  std::shared_ptr<PoolCore> pool;
  std::unique_ptr<Connection> connection;  // null once the outermost one ended
  std::vector<std::uint64_t> savepoints;   // serials of the open ones, outermost first
  std::size_t abandoned = 0;               // savepoint to roll back to; 0: none
  std::uint64_t next_serial = 1;
  std::vector<Hook> after_commit;
};

std::vector<OpenTransaction::Hook> OpenTransaction::finish() noexcept {
  savepoints.clear();
  abandoned = 0;
  return std::exchange(after_commit, {});
}

void OpenTransaction::abandon(std::size_t level) noexcept {
  savepoints.resize(level - 1);
  abandoned = level;
  std::erase_if(after_commit, [level](const Hook& hook) { return hook.level >= level; });
}

namespace {

// Named by nesting level: a savepoint's name is reused only once the one
// before it at that level has ended.
std::string savepoint_name(std::size_t level) { return "classroom_" + std::to_string(level); }

// A connection borrowed from the pool for the scope of one call.
class Lease {
 public:
  Lease(std::shared_ptr<PoolCore> pool, std::unique_ptr<Connection> connection)
      : pool_(std::move(pool)), connection_(std::move(connection)) {}
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease() {
    if (connection_) {
      pool_->release(std::move(connection_));
    }
  }

  Connection* operator->() const { return connection_.get(); }
  std::unique_ptr<Connection> take() { return std::move(connection_); }

 private:
  std::shared_ptr<PoolCore> pool_;
  std::unique_ptr<Connection> connection_;
};

constexpr Query kPing{"classroom_ping", "SELECT 1"};

// At most this many statements in a batch: the server runs them one after
// the other, so the last of a batch waits for all the others.
constexpr std::size_t kMaxBatch = 16;

// A plain read: a SELECT that locks no rows. Such a statement never waits for
// another transaction and may be sent again after a lost connection.
bool batchable(const Query& query) {
  std::string_view sql = query.sql;
  if (!sql.starts_with("SELECT ")) {
    return false;
  }
  for (std::string_view lock :
       {" FOR UPDATE", " FOR NO KEY UPDATE", " FOR SHARE", " FOR KEY SHARE"}) {
    if (sql.find(lock) != std::string_view::npos) {
      return false;
    }
  }
  return true;
}

}  // namespace

asio::awaitable<void> OpenTransaction::roll_back_abandoned() {
  if (abandoned == 0) {
    co_return;
  }
  std::string name = savepoint_name(std::exchange(abandoned, 0));
  co_await connection->script("ROLLBACK TO SAVEPOINT " + name + "; RELEASE SAVEPOINT " + name,
                              "ROLLBACK TO SAVEPOINT", pool->query_deadline());
}

asio::awaitable<std::unique_ptr<Connection>> PoolCore::acquire() {
  if (closed_) {
    throw unavailable("the pool is closed");
  }
  // Newcomers queue behind waiters, so nobody waits forever.
  if (waiters_.empty()) {
    if (std::unique_ptr<Connection> connection = take_idle()) {
      co_return connection;
    }
    if (open_ < settings_.size) {
      ++open_;
      co_return co_await connect();
    }
  }
  Waiter waiter(*this, Clock::now() + settings_.acquire_timeout);
  auto [error] = co_await waiter.timer.async_wait(asio::as_tuple(asio::use_awaitable));
  if (waiter.connection) {
    co_return std::move(waiter.connection);
  }
  if (waiter.may_connect) {
    waiter.may_connect = false;
    co_return co_await connect();
  }
  if (waiter.closed) {
    throw unavailable("the pool is closed");
  }
  if (error) {
    throw boost::system::system_error(error);  // cancelled by the caller
  }
  throw unavailable("all " + std::to_string(settings_.size) + " connections stayed busy for " +
                    std::to_string(settings_.acquire_timeout.count()) + " ms");
}

std::unique_ptr<Connection> PoolCore::take_idle() {
  while (!idle_.empty()) {
    std::unique_ptr<Connection> connection = std::move(idle_.back());
    idle_.pop_back();
    if (connection->usable()) {
      return connection;
    }
    // Closed by the server while idle (restart, idle timeout): the caller
    // opens a fresh one in its place.
    --open_;
  }
  return nullptr;
}

asio::awaitable<std::unique_ptr<Connection>> PoolCore::connect() {
  // open_ already counts this connection, so that others opening at the same
  // time never exceed the size.
  try {
    co_return co_await Connection::open(ioc_, settings_.url,
                                        Clock::now() + settings_.connect_timeout);
  } catch (...) {
    --open_;
    pass_slot();
    throw;
  }
}

void PoolCore::release(std::unique_ptr<Connection> connection) {
  if (closed_ || connection->broken()) {
    discard(std::move(connection));
    return;
  }
  switch (connection->transaction_state()) {
    case TransactionState::kIdle:
      if (!waiters_.empty()) {
        Waiter* waiter = waiters_.front();
        waiters_.pop_front();
        waiter->connection = std::move(connection);
        waiter->timer.cancel();
        return;
      }
      idle_.push_back(std::move(connection));
      return;
    case TransactionState::kActive:
    case TransactionState::kFailed:
      asio::co_spawn(ioc_, roll_back(shared_from_this(), std::move(connection)), asio::detached);
      return;
    case TransactionState::kUnknown:
      discard(std::move(connection));
      return;
  }
}

asio::awaitable<void> PoolCore::roll_back(std::shared_ptr<PoolCore> pool,
                                          std::unique_ptr<Connection> connection) {
  bool rolled_back = false;
  try {
    co_await connection->script("ROLLBACK", "ROLLBACK", pool->query_deadline());
    rolled_back = true;
  } catch (const std::exception& e) {
    // Nobody waits for this rollback; the connection is simply replaced.
    log::warn("postgresql rollback failed", {{"error", e.what()}});
  }
  if (!rolled_back || connection->transaction_state() != TransactionState::kIdle) {
    connection->mark_broken();
  }
  pool->release(std::move(connection));
}

void PoolCore::discard(std::unique_ptr<Connection> connection) {
  connection.reset();
  --open_;
  pass_slot();
}

void PoolCore::pass_slot() {
  if (closed_ || waiters_.empty() || open_ >= settings_.size) {
    return;
  }
  Waiter* waiter = waiters_.front();
  waiters_.pop_front();
  waiter->may_connect = true;
  ++open_;
  waiter->timer.cancel();
}

void PoolCore::close() {
  closed_ = true;
  open_ -= idle_.size();
  idle_.clear();
  for (Waiter* waiter : waiters_) {
    waiter->closed = true;
    waiter->timer.cancel();
  }
  waiters_.clear();
}

// Reads outside a transaction that arrive in the same round of the
// io_context (one request's, or many requests') go to the server together:
// one connection, one round trip, each statement still in an implicit
// transaction of its own (a sync after each), so that one's failure never
// touches another. The server then runs them back to back instead of being
// woken once per statement, and the pool hands out one connection instead
// of one per statement. Writes keep a connection of their own: one waiting
// for a row lock would hold up every statement behind it, and one whose
// connection is lost after it committed must not share the "unavailable"
// of the others (a read may simply be retried).
asio::awaitable<Result> PoolCore::execute(std::shared_ptr<PoolCore> pool, Query query,
                                          std::vector<Param> params) {
  if (pool->closed_) {
    throw unavailable("the pool is closed");
  }
  if (!batchable(query)) {
    Lease lease(pool, co_await pool->acquire());
    co_return co_await lease->run(query, std::move(params), pool->query_deadline());
  }
  auto queued = std::make_shared<Queued>(pool->ioc_, query, std::move(params));
  if (pool->queued_.empty()) {
    pool->schedule_batch();
  }
  pool->queued_.push_back(queued);
  co_await queued->done.async_wait(asio::as_tuple(asio::use_awaitable));
  if (!queued->finished) {
    pool->abandon(queued);
    throw boost::system::system_error(asio::error::operation_aborted);  // cancelled by the caller
  }
  if (queued->error) {
    std::rethrow_exception(queued->error);
  }
  co_return std::move(queued->result);
}

void PoolCore::schedule_batch() {
  // Posted, so that the handlers already due in this round queue theirs first.
  asio::post(ioc_, [pool = shared_from_this()] { pool->start_batch(); });
}

void PoolCore::start_batch() {
  if (queued_.empty()) {
    return;  // every caller gave up before the batch started
  }
  auto batch = std::make_shared<Batch>();
  while (!queued_.empty() && batch->members.size() < kMaxBatch) {
    batch->members.push_back(std::move(queued_.front()));
    queued_.pop_front();
    batch->members.back()->batch = batch;
  }
  if (!queued_.empty()) {
    schedule_batch();
  }
  // The completion handler keeps the signal alive until the coroutine has
  // let go of its slot.
  auto slot = batch->cancel.slot();
  asio::co_spawn(ioc_, run_batch(shared_from_this(), batch),
                 asio::bind_cancellation_slot(slot, [batch](const std::exception_ptr&) {}));
}

// A statement nobody waits for any more is still answered, for the others
// of its batch; a batch nobody waits for is cancelled, which discards its
// connection (its protocol state is then unknown) rather than keep it busy.
void PoolCore::abandon(const std::shared_ptr<Queued>& queued) {
  queued->abandoned = true;
  std::shared_ptr<Batch> batch = queued->batch.lock();
  if (!batch) {
    std::erase(queued_, queued);
    return;
  }
  bool all_abandoned = std::ranges::all_of(
      batch->members, [](const std::shared_ptr<Queued>& member) { return member->abandoned; });
  if (all_abandoned) {
    batch->cancel.emit(asio::cancellation_type::terminal);
  }
}

asio::awaitable<void> PoolCore::run_batch(std::shared_ptr<PoolCore> pool,
                                          std::shared_ptr<Batch> batch) {
  // Each caller is answered as soon as its statement's sync arrives.
  std::vector<std::shared_ptr<Queued>> sent;
  std::size_t answered = 0;
  auto answer = [&](std::vector<Connection::Outcome>& outcomes) {
    for (; answered < outcomes.size(); ++answered) {
      Queued& queued = *sent[answered];
      Connection::Outcome& outcome = outcomes[answered];
      if (outcome.error) {
        queued.error = std::make_exception_ptr(std::move(*outcome.error));
      } else {
        queued.result = std::move(outcome.result);
      }
      queued.finished = true;
      queued.done.cancel();
    }
  };
  std::exception_ptr failure;
  try {
    Lease lease(pool, co_await pool->acquire());
    std::vector<Statement> statements;
    for (const auto& queued : batch->members) {
      // A caller that gave up while the batch waited for a connection.
      if (!queued->abandoned) {
        sent.push_back(queued);
        statements.push_back({&queued->query, std::move(queued->params)});
      }
    }
    if (!statements.empty()) {
      co_await lease->run_each(statements, PipelineMode::kStatementEach, pool->query_deadline(),
                               answer);
    }
  } catch (...) {
    // No connection, or it was lost: the same for every statement not yet answered.
    failure = std::current_exception();
  }
  for (const auto& queued : batch->members) {
    if (!queued->finished) {
      queued->error = failure;
      queued->finished = true;
      queued->done.cancel();
    }
  }
}

asio::awaitable<std::vector<Result>> PoolCore::pipeline(std::shared_ptr<PoolCore> pool,
                                                        std::vector<Statement> statements) {
  Lease lease(pool, co_await pool->acquire());
  co_return co_await lease->run(statements, PipelineMode::kStatementEach, pool->query_deadline());
}

asio::awaitable<Transaction> PoolCore::begin(std::shared_ptr<PoolCore> pool,
                                             std::string begin_sql) {
  Lease lease(pool, co_await pool->acquire());
  co_await lease->script(begin_sql, "BEGIN", pool->query_deadline());
  if (lease->transaction_state() != TransactionState::kActive) {
    throw Error(ErrorCode::kInternal, "\"" + begin_sql + "\" did not open a transaction");
  }
  auto open = std::make_shared<OpenTransaction>();
  open->pool = pool;
  open->connection = lease.take();
  co_return Transaction(std::move(open), 0, 0);
}

asio::awaitable<bool> PoolCore::ping(std::shared_ptr<PoolCore> pool) {
  bool answered = false;
  try {
    // On a connection of its own: readiness is about the server, not about
    // what other callers batched with it.
    Lease lease(pool, co_await pool->acquire());
    Result result = co_await lease->run(kPing, {}, pool->query_deadline());
    answered = result.rows() == 1;
  } catch (const Error&) {
    // Unreachable or timed out: exactly what the answer is for.
  } catch (const SqlError&) {
    // The server is up but refuses us (e.g. the database does not exist).
  }
  co_return answered;
}

asio::awaitable<void> PoolCore::execute_script(std::shared_ptr<PoolCore> pool, std::string sql) {
  Lease lease(pool, co_await pool->acquire());
  co_await lease->script(sql, "script", pool->query_deadline());
}

}  // namespace detail

// The Pool's calls copy what they need into the coroutine's frame before
// returning it (the shared core, the query's two pointers, the SQL text), so
// only the Query's strings must outlive the call.
Pool::Pool(boost::asio::io_context& ioc, PoolSettings settings) {
  // A pool that can never hand out a connection is a configuration mistake.
  if (settings.size == 0) {
    throw Error(ErrorCode::kInternal, "a PostgreSQL pool needs at least one connection");
  }
  core_ = std::make_shared<detail::PoolCore>(ioc, std::move(settings));
}

Pool::~Pool() { core_->close(); }

boost::asio::awaitable<Result> Pool::execute(const Query& q, std::vector<Param> params) {
  return detail::PoolCore::execute(core_, q, std::move(params));
}

boost::asio::awaitable<std::vector<Result>> Pool::pipeline(std::vector<Statement> statements) {
  return detail::PoolCore::pipeline(core_, std::move(statements));
}

boost::asio::awaitable<Transaction> Pool::begin(std::string_view begin_sql) {
  return detail::PoolCore::begin(core_, std::string(begin_sql));
}

boost::asio::awaitable<bool> Pool::ping() { return detail::PoolCore::ping(core_); }

boost::asio::awaitable<void> Pool::execute_script(std::string_view sql) {
  return detail::PoolCore::execute_script(core_, std::string(sql));
}

Transaction::Transaction(std::shared_ptr<detail::OpenTransaction> open, std::size_t level,
                         std::uint64_t serial) noexcept
    : open_(std::move(open)), level_(level), serial_(serial) {}

Transaction::Transaction(Transaction&& other) noexcept = default;

Transaction& Transaction::operator=(Transaction&& other) noexcept {
  if (this != &other) {
    release();
    open_ = std::move(other.open_);
    level_ = other.level_;
    serial_ = other.serial_;
  }
  return *this;
}

Transaction::~Transaction() { release(); }

bool Transaction::active() const noexcept {
  if (!open_ || !open_->connection) {
    return false;
  }
  const auto& savepoints = open_->savepoints;
  return level_ == 0 || (savepoints.size() >= level_ && savepoints[level_ - 1] == serial_);
}

void Transaction::release() noexcept {
  if (active()) {
    if (level_ == 0) {
      open_->finish();
      open_->pool->release(std::move(open_->connection));
    } else {
      open_->abandon(level_);
    }
  }
  open_.reset();
}

boost::asio::awaitable<detail::Connection*> Transaction::ready() {
  if (!active()) {
    throw Error(ErrorCode::kInternal, "the transaction is already finished");
  }
  if (open_->savepoints.size() != level_) {
    throw Error(ErrorCode::kInternal, "a transaction inside this one is still open");
  }
  co_await open_->roll_back_abandoned();
  co_return open_->connection.get();
}

boost::asio::awaitable<Result> Transaction::execute(const Query& q, std::vector<Param> params) {
  detail::Connection* connection = co_await ready();
  co_return co_await connection->run(q, std::move(params), open_->pool->query_deadline());
}

boost::asio::awaitable<std::vector<Result>> Transaction::pipeline(
    std::vector<Statement> statements) {
  detail::Connection* connection = co_await ready();
  co_return co_await connection->run(statements, detail::PipelineMode::kOneTransaction,
                                     open_->pool->query_deadline());
}

boost::asio::awaitable<void> Transaction::execute_script(std::string_view sql) {
  detail::Connection* connection = co_await ready();
  co_await connection->script(sql, "script", open_->pool->query_deadline());
}

boost::asio::awaitable<Transaction> Transaction::begin() {
  detail::Connection* connection = co_await ready();
  std::size_t level = level_ + 1;
  std::string sql = "SAVEPOINT " + detail::savepoint_name(level);
  co_await connection->script(sql, "SAVEPOINT", open_->pool->query_deadline());
  std::uint64_t serial = open_->next_serial++;
  open_->savepoints.push_back(serial);
  co_return Transaction(open_, level, serial);
}

boost::asio::awaitable<void> Transaction::commit() {
  detail::Connection* connection = co_await ready();
  if (level_ > 0) {
    std::string sql = "RELEASE SAVEPOINT " + detail::savepoint_name(level_);
    co_await connection->script(sql, "RELEASE SAVEPOINT", open_->pool->query_deadline());
    open_->savepoints.pop_back();
    for (auto& hook : open_->after_commit) {
      hook.level = std::min(hook.level, level_ - 1);
    }
    co_return;
  }
  auto hooks = open_->finish();
  // The connection goes back to the pool however COMMIT ends.
  detail::Lease lease(open_->pool, std::move(open_->connection));
  Result result = co_await lease->script("COMMIT", "COMMIT", open_->pool->query_deadline());
  // The server answers COMMIT of a transaction aborted by an earlier error
  // with a rollback, not an error; the caller must not believe it committed.
  if (result.command_status() == "ROLLBACK") {
    throw SqlError("COMMIT: the transaction was aborted by an earlier error and rolled back",
                   "25P02");
  }
  for (auto& hook : hooks) {
    hook.work();
  }
}

boost::asio::awaitable<void> Transaction::rollback() {
  if (!active()) {
    throw Error(ErrorCode::kInternal, "the transaction is already finished");
  }
  if (level_ > 0) {
    open_->abandon(level_);
    co_await open_->roll_back_abandoned();
    co_return;
  }
  open_->finish();
  detail::Lease lease(open_->pool, std::move(open_->connection));
  co_await lease->script("ROLLBACK", "ROLLBACK", open_->pool->query_deadline());
}

void Transaction::after_commit(std::function<void()> work) {
  if (!active()) {
    throw Error(ErrorCode::kInternal, "the transaction is already finished");
  }
  open_->after_commit.push_back({level_, std::move(work)});
}

}  // namespace classroom::core::pg
