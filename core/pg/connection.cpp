#include "core/pg/connection.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>

#include "core/log.hpp"

namespace classroom::core::pg::detail {
namespace {

namespace asio = boost::asio;
using Descriptor = asio::posix::stream_descriptor;

// libpq's messages end with a newline and may span several lines.
std::string one_line(const char* message) {
  std::string text = message != nullptr ? message : "";
  for (char& c : text) {
    if (c == '\n') {
      c = ' ';
    }
  }
  while (!text.empty() && text.back() == ' ') {
    text.pop_back();
  }
  return text;
}

std::string field(const PGresult* result, int code) {
  const char* value = PQresultErrorField(result, code);
  return value != nullptr ? value : "";
}

// Whether an error result means the connection is gone rather than that the
// statement failed: a libpq-side error (no SQLSTATE), a connection exception
// (class 08) or the server shutting down (57P01..57P03: admin or crash
// shutdown, cannot connect now).
bool is_connection_failure(const PGconn* conn, const PGresult* result) {
  if (PQstatus(conn) == CONNECTION_BAD) {
    return true;
  }
  std::string sqlstate = field(result, PG_DIAG_SQLSTATE);
  return sqlstate.empty() || sqlstate.starts_with("08") || sqlstate == "57P01" ||
         sqlstate == "57P02" || sqlstate == "57P03";
}

SqlError sql_error(std::string_view label, const PGresult* result) {
  std::string message = std::string(label) + ": " + field(result, PG_DIAG_MESSAGE_PRIMARY);
  return SqlError(std::move(message), field(result, PG_DIAG_SQLSTATE),
                  field(result, PG_DIAG_CONSTRAINT_NAME), field(result, PG_DIAG_MESSAGE_DETAIL));
}

// libpq prints notices to stderr by default, which would break the one-JSON-
// object-per-line logs. NOTICE and below (e.g. "relation already exists,
// skipping") are routine; a WARNING usually points at a bug worth seeing.
void on_notice(void*, const PGresult* result) {
  std::string severity = field(result, PG_DIAG_SEVERITY_NONLOCALIZED);
  if (severity == "WARNING") {
    log::warn("postgresql warning", {{"sqlstate", field(result, PG_DIAG_SQLSTATE)},
                                     {"message", field(result, PG_DIAG_MESSAGE_PRIMARY)}});
  }
}

}  // namespace

Error unavailable(std::string_view reason) {
  return Error(ErrorCode::kUnavailable, "database unavailable: " + std::string(reason))
      .with_retry_after(std::chrono::seconds(1));
}

void Connection::ResultDeleter::operator()(pg_result* result) const noexcept { PQclear(result); }

Connection::Connection(asio::io_context& ioc, pg_conn* conn)
    : conn_(conn), socket_(ioc), timer_(ioc) {}

Connection::~Connection() {
  // The socket belongs to libpq: PQfinish closes it, Asio must not.
  if (socket_.is_open()) {
    socket_.release();
  }
  if (conn_ != nullptr) {
    PQfinish(conn_);
  }
}

asio::awaitable<std::unique_ptr<Connection>> Connection::open(asio::io_context& ioc,
                                                              const std::string& url,
                                                              Deadline deadline) {
  // `dbname` is expanded as a URI or conninfo; the keywords before it are
  // defaults that the URL may override.
  const char* const keywords[] = {"fallback_application_name", "dbname", nullptr};
  const char* const values[] = {"classroom", url.c_str(), nullptr};
  std::unique_ptr<Connection> connection(
      new Connection(ioc, PQconnectStartParams(keywords, values, 1)));
  PGconn* conn = connection->conn_;
  if (conn == nullptr) {
    throw std::bad_alloc();
  }
  if (PQstatus(conn) == CONNECTION_BAD) {
    throw unavailable(one_line(PQerrorMessage(conn)));
  }
  PQsetNoticeReceiver(conn, on_notice, nullptr);

  // The protocol of PQconnectPoll: start as if it had asked to write.
  PostgresPollingStatusType polling = PGRES_POLLING_WRITING;
  while (polling != PGRES_POLLING_OK) {
    if (polling == PGRES_POLLING_FAILED) {
      throw unavailable(one_line(PQerrorMessage(conn)));
    }
    // libpq may switch sockets while connecting (next host, SSL fallback).
    connection->watch_socket();
    co_await connection->wait(polling == PGRES_POLLING_READING ? Wait::kRead : Wait::kWrite,
                              deadline);
    polling = PQconnectPoll(conn);
  }
  // Non-blocking mode makes PQflush and the send functions never wait.
  if (PQsetnonblocking(conn, 1) != 0) {
    throw unavailable(one_line(PQerrorMessage(conn)));
  }
  connection->watch_socket();
  co_return connection;
}

void Connection::watch_socket() {
  // Released and assigned again even when the number is unchanged: libpq may
  // have closed the old socket and got the same number for a new one, which
  // the reactor would otherwise not know.
  if (socket_.is_open()) {
    socket_.release();
  }
  int fd = PQsocket(conn_);
  if (fd < 0) {
    fail("no socket");
  }
  socket_.assign(fd);
}

bool Connection::broken() const noexcept { return broken_ || PQstatus(conn_) != CONNECTION_OK; }

TransactionState Connection::transaction_state() const noexcept {
  switch (PQtransactionStatus(conn_)) {
    case PQTRANS_IDLE:
      return TransactionState::kIdle;
    case PQTRANS_INTRANS:
      return TransactionState::kActive;
    case PQTRANS_INERROR:
      return TransactionState::kFailed;
    default:
      return TransactionState::kUnknown;
  }
}

bool Connection::usable() {
  if (broken() || transaction_state() != TransactionState::kIdle) {
    return false;
  }
  pollfd poll_fd{PQsocket(conn_), POLLIN | POLLRDHUP, 0};
  if (::poll(&poll_fd, 1, 0) < 0) {
    return false;
  }
  // A server that shuts down sends its reason and closes the socket.
  if ((poll_fd.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) != 0) {
    return false;
  }
  if ((poll_fd.revents & POLLIN) != 0) {
    // Something arrived while idle (a parameter change, a notice, the
    // server's goodbye): let libpq read and parse it.
    if (PQconsumeInput(conn_) == 0) {
      return false;
    }
    PQisBusy(conn_);
    while (PGnotify* notify = PQnotifies(conn_)) {
      PQfreemem(notify);
    }
  }
  return !broken();
}

bool Connection::ready_now(Wait what) const {
  auto events = static_cast<short>(what == Wait::kRead    ? POLLIN
                                   : what == Wait::kWrite ? POLLOUT
                                                          : POLLIN | POLLOUT);
  pollfd poll_fd{PQsocket(conn_), events, 0};
  // Errors and hang-ups count as ready: libpq's next call reports them.
  return ::poll(&poll_fd, 1, 0) > 0 && poll_fd.revents != 0;
}

asio::awaitable<void> Connection::wait(Wait what, Deadline deadline) {
  // Asio's reactor is edge-triggered and libpq may leave data in the socket
  // (it reads at most its buffer's worth), so readiness that has already
  // been reported would never be reported again: ask the kernel first.
  if (ready_now(what)) {
    co_return;
  }
  using namespace asio::experimental::awaitable_operators;
  const auto token = asio::as_tuple(asio::use_awaitable);
  timer_.expires_at(deadline);
  std::size_t winner = 0;
  std::size_t timer_index = 1;
  boost::system::error_code error;
  auto take = [&](const auto& outcome) {
    winner = outcome.index();
    error = std::visit([](const auto& result) { return std::get<0>(result); }, outcome);
  };
  switch (what) {
    case Wait::kRead: {
      auto outcome =
          co_await (socket_.async_wait(Descriptor::wait_read, token) || timer_.async_wait(token));
      take(outcome);
      break;
    }
    case Wait::kWrite: {
      auto outcome =
          co_await (socket_.async_wait(Descriptor::wait_write, token) || timer_.async_wait(token));
      take(outcome);
      break;
    }
    case Wait::kReadOrWrite: {
      auto outcome = co_await ((socket_.async_wait(Descriptor::wait_read, token) ||
                                socket_.async_wait(Descriptor::wait_write, token)) ||
                               timer_.async_wait(token));
      take(outcome);
      timer_index = 2;
      break;
    }
  }
  if (!error && winner != timer_index) {
    co_return;
  }
  // Whatever happened, the server may be half-way through a command.
  broken_ = true;
  if (!error) {
    throw unavailable("no answer within the timeout");
  }
  if (error == asio::error::operation_aborted) {
    throw boost::system::system_error(error);  // cancelled by the caller
  }
  throw unavailable(error.message());
}

void Connection::fail(std::string_view doing) {
  broken_ = true;
  throw unavailable(std::string(doing) + ": " + one_line(PQerrorMessage(conn_)));
}

void Connection::check_usable() const {
  if (broken()) {
    throw unavailable("the connection was lost");
  }
}

asio::awaitable<void> Connection::flush(Deadline deadline) {
  for (;;) {
    int status = PQflush(conn_);
    if (status == 0) {
      co_return;
    }
    if (status < 0) {
      fail("sending");
    }
    // The server may be blocked writing results to us: keep reading while
    // waiting to write, so that neither side waits for the other forever.
    co_await wait(Wait::kReadOrWrite, deadline);
    if (PQconsumeInput(conn_) == 0) {
      fail("receiving");
    }
  }
}

asio::awaitable<Connection::ResultPtr> Connection::next_result(Deadline deadline) {
  // PQgetResult would block while libpq is busy; wait for the data instead.
  while (PQisBusy(conn_) != 0) {
    co_await wait(Wait::kRead, deadline);
    if (PQconsumeInput(conn_) == 0) {
      fail("receiving");
    }
  }
  co_return ResultPtr(PQgetResult(conn_));
}

void Connection::check_query_names(std::span<const Statement> statements) const {
  std::unordered_map<std::string_view, std::string_view> batch;
  for (const Statement& statement : statements) {
    const Query& query = *statement.query;
    auto prepared = prepared_.find(query.name);
    std::string_view known;
    if (prepared != prepared_.end()) {
      known = prepared->second;
    } else {
      known = batch.emplace(query.name, query.sql).first->second;
    }
    if (known != query.sql) {
      throw Error(ErrorCode::kInternal,
                  std::string("two different queries are named ") + query.name);
    }
    if (statement.params.size() > 65535) {
      throw Error(ErrorCode::kInternal, std::string(query.name) + ": too many parameters");
    }
  }
}

asio::awaitable<std::vector<Connection::Outcome>> Connection::run_each(
    std::span<const Statement> statements, PipelineMode mode, Deadline deadline, Settled settled) {
  const Clock::duration per_statement = deadline - Clock::now();
  check_usable();
  std::vector<Outcome> outcomes;
  if (statements.empty()) {
    co_return outcomes;
  }
  check_query_names(statements);

  // What the server will answer, in order: a statement not yet prepared on
  // this connection is prepared in the same round trip, just before it runs.
  struct Step {
    const Query* query;
    bool prepare;
  };
  std::vector<Step> steps;
  steps.reserve(statements.size());
  if (PQenterPipelineMode(conn_) != 1) {
    fail("entering pipeline mode");
  }
  std::unordered_set<std::string_view> preparing;
  std::vector<const char*> values;
  for (const Statement& statement : statements) {
    const Query& query = *statement.query;
    int count = static_cast<int>(statement.params.size());
    if (!prepared_.contains(query.name) && preparing.insert(query.name).second) {
      if (PQsendPrepare(conn_, query.name, query.sql, count, nullptr) != 1) {
        fail("sending");
      }
      steps.push_back({&query, true});
    }
    values.clear();
    for (const Param& param : statement.params) {
      values.push_back(param ? param->c_str() : nullptr);
    }
    if (PQsendQueryPrepared(conn_, query.name, count, values.data(), nullptr, nullptr, 0) != 1) {
      fail("sending");
    }
    steps.push_back({&query, false});
    if (mode == PipelineMode::kStatementEach && PQpipelineSync(conn_) != 1) {
      fail("sending");
    }
  }
  if (mode == PipelineMode::kOneTransaction && PQpipelineSync(conn_) != 1) {
    fail("sending");
  }
  co_await flush(deadline);

  // Each step answers one result followed by a null; each sync answers
  // PGRES_PIPELINE_SYNC. Steps after a failure and before the next sync are
  // answered PGRES_PIPELINE_ABORTED.
  const std::size_t syncs = mode == PipelineMode::kStatementEach ? statements.size() : 1;
  std::size_t syncs_seen = 0;
  std::size_t next_step = 0;
  bool previous_was_null = false;
  std::optional<SqlError> transaction_error;  // the first failure since the last sync
  std::unordered_map<std::string_view, SqlError> failed_prepares;
  outcomes.reserve(statements.size());
  while (syncs_seen < syncs) {
    ResultPtr result = co_await next_result(deadline);
    if (!result) {
      // Two nulls in a row would mean libpq and this loop disagree about
      // what is outstanding; stop rather than spin.
      if (previous_was_null) {
        fail("reading pipeline results");
      }
      previous_was_null = true;
      continue;
    }
    previous_was_null = false;
    ExecStatusType status = PQresultStatus(result.get());
    if (status == PGRES_PIPELINE_SYNC) {
      ++syncs_seen;
      transaction_error.reset();
      if (settled) {
        settled(outcomes);
      }
      if (mode == PipelineMode::kStatementEach) {
        deadline = Clock::now() + per_statement;
      }
      continue;
    }
    if (next_step == steps.size()) {
      fail("reading pipeline results");
    }
    const Step& step = steps[next_step++];
    switch (status) {
      case PGRES_COMMAND_OK:
      case PGRES_TUPLES_OK:
      case PGRES_EMPTY_QUERY:
        if (step.prepare) {
          prepared_.emplace(step.query->name, step.query->sql);
        } else {
          outcomes.push_back({Result(result.release()), std::nullopt});
        }
        break;
      case PGRES_PIPELINE_ABORTED:
        if (!step.prepare) {
          outcomes.push_back({Result(), transaction_error
                                            ? transaction_error
                                            : SqlError(std::string(step.query->name) +
                                                           ": skipped after an earlier failure",
                                                       "25P02")});
        }
        break;
      case PGRES_FATAL_ERROR: {
        SqlError error = failure(result.get(), step.query->name);
        if (step.prepare) {
          failed_prepares.emplace(step.query->name, error);
        } else if (auto first = failed_prepares.find(step.query->name);
                   first != failed_prepares.end()) {
          // Prepared once per pipeline: a later statement of the same name
          // finds no statement ("26000"); its real failure is the prepare's.
          error = first->second;
        }
        if (!transaction_error) {
          transaction_error = error;
        }
        if (!step.prepare) {
          outcomes.push_back({Result(), std::move(error)});
        }
        break;
      }
      default:
        broken_ = true;
        throw Error(ErrorCode::kInternal,
                    std::string(step.query->name) + ": unexpected result " + PQresStatus(status));
    }
  }
  if (next_step != steps.size()) {
    fail("reading pipeline results");
  }
  if (PQexitPipelineMode(conn_) != 1) {
    fail("leaving pipeline mode");
  }
  co_return outcomes;
}

asio::awaitable<std::vector<Result>> Connection::run(std::span<const Statement> statements,
                                                     PipelineMode mode, Deadline deadline) {
  std::vector<Outcome> outcomes = co_await run_each(statements, mode, deadline);
  std::vector<Result> results;
  results.reserve(outcomes.size());
  for (Outcome& outcome : outcomes) {
    if (outcome.error) {
      throw *outcome.error;
    }
    results.push_back(std::move(outcome.result));
  }
  co_return results;
}

asio::awaitable<Result> Connection::run(const Query& query, std::vector<Param> params,
                                        Deadline deadline) {
  // A pipeline of one costs the same bytes as a lone statement, and prepares
  // the statement in the same round trip the first time.
  Statement statement{&query, std::move(params)};
  std::vector<Result> results = co_await run(std::span<const Statement>(&statement, 1),
                                             PipelineMode::kOneTransaction, deadline);
  co_return std::move(results.front());
}

SqlError Connection::failure(pg_result* result, std::string_view label) {
  if (is_connection_failure(conn_, result)) {
    broken_ = true;
    throw unavailable(one_line(PQresultErrorMessage(result)));
  }
  return sql_error(label, result);
}

asio::awaitable<Result> Connection::script(std::string_view sql, std::string_view label,
                                           Deadline deadline) {
  check_usable();
  std::string text(sql);
  if (PQsendQuery(conn_, text.c_str()) != 1) {
    fail("sending");
  }
  co_await flush(deadline);
  Result last;
  std::optional<SqlError> first_error;
  for (;;) {
    ResultPtr result = co_await next_result(deadline);
    if (!result) {
      break;
    }
    ExecStatusType status = PQresultStatus(result.get());
    switch (status) {
      case PGRES_COMMAND_OK:
      case PGRES_TUPLES_OK:
      case PGRES_EMPTY_QUERY:
        last = Result(result.release());
        break;
      case PGRES_FATAL_ERROR:
        if (SqlError error = failure(result.get(), label); !first_error) {
          first_error = std::move(error);
        }
        break;
      default:
        // COPY and the like would need a conversation this client does not have.
        broken_ = true;
        throw Error(ErrorCode::kInternal,
                    std::string(label) + ": unsupported result " + PQresStatus(status));
    }
  }
  if (first_error) {
    throw *first_error;
  }
  co_return last;
}

}  // namespace classroom::core::pg::detail
