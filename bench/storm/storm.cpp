// The exam storm's load generator (bench/exams.py writes its plan and reads its
// results): N students start one exam within a window, save an answer every
// interval, then submit, through the gateway.
//
//   bench_storm PLAN.json RESULTS.tsv
//
// The schedule is open loop: student i starts at a time drawn uniformly within
// the window (seeded), saves answer j (seq j) at start + j * interval and
// submits at start + (saves + 1) * interval, whenever the earlier requests were
// answered. Only what a client cannot do without is waited for: a save needs
// the attempt's id, a submit the answers to every save before it. Latency is
// measured from the scheduled time, so time spent waiting for a free
// connection or behind a slow answer counts (no coordinated omission).
//
// One thread, one io_context, a pool of keep-alive connections; each request
// goes to the first free connection, in order of its scheduled time.
//
// RESULTS.tsv has a row per request (and per request never sent because its
// start failed): kind, student, step, status (0: transport error or timeout;
// -1: not sent), latency from the schedule and time on the wire (µs), and for
// an acknowledged save its attempt, question and seq.
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <deque>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <queue>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;
using Micros = std::chrono::microseconds;

struct Question {
  std::string id;
  std::vector<std::string> answers;  // JSON texts, each a valid answer
};

struct Plan {
  std::string host;
  std::string port;
  std::string exam_id;
  std::vector<std::string> tokens;  // one per student
  std::vector<Question> questions;
  double window_s = 60;
  double interval_s = 15;
  int saves = 4;
  int connections = 300;
  double timeout_s = 30;
  std::uint64_t seed = 1;
};

Plan read_plan(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  json::value parsed = json::parse(text.str());
  const json::object& o = parsed.as_object();
  Plan plan;
  plan.host = json::value_to<std::string>(o.at("host"));
  plan.port = std::to_string(o.at("port").to_number<int>());
  plan.exam_id = json::value_to<std::string>(o.at("examId"));
  plan.tokens = json::value_to<std::vector<std::string>>(o.at("tokens"));
  for (const auto& q : o.at("questions").as_array()) {
    plan.questions.push_back({json::value_to<std::string>(q.at("id")),
                              json::value_to<std::vector<std::string>>(q.at("answers"))});
  }
  plan.window_s = o.at("windowSeconds").to_number<double>();
  plan.interval_s = o.at("intervalSeconds").to_number<double>();
  plan.saves = o.at("saves").to_number<int>();
  plan.connections = o.at("connections").to_number<int>();
  plan.timeout_s = o.at("timeoutSeconds").to_number<double>();
  plan.seed = o.at("seed").to_number<std::uint64_t>();
  if (plan.tokens.empty() || plan.questions.empty() || plan.saves < 1 || plan.connections < 1) {
    throw std::runtime_error("the plan needs students, questions, saves and connections");
  }
  return plan;
}

// Step 0 is the start, 1..saves the saves, saves + 1 the submit.
struct Job {
  Clock::time_point due;
  int student = 0;
  int step = 0;
  bool operator>(const Job& other) const { return due > other.due; }
};

struct Student {
  Clock::time_point start;
  std::string attempt_id;
  int saves_open = 0;  // saves sent or scheduled and not answered yet
};

struct Outcome {
  int status = 0;  // 0: transport error or timeout
  std::string body;
  Micros on_wire{0};
};

// A keep-alive connection closed by the gateway before it answered.
constexpr const char* kClosed = "connection closed before an answer";

struct Connection {
  explicit Connection(asio::io_context& io) : stream(io), wake(io) {}
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  bool open = false;
  asio::steady_timer wake;  // cancelled to hand this connection a job
};

class Storm {
 public:
  Storm(asio::io_context& io, Plan plan, std::ostream& out)
      : io_(io), plan_(std::move(plan)), out_(out), timer_(io) {
    endpoints_ = asio::ip::tcp::resolver(io).resolve(plan_.host, plan_.port);
    students_.resize(plan_.tokens.size());
    open_students_ = students_.size();
    std::mt19937_64 rng(plan_.seed);
    std::uniform_real_distribution<double> offset(0, plan_.window_s);
    begin_ = Clock::now() + std::chrono::milliseconds(200);
    for (std::size_t i = 0; i < students_.size(); ++i) {
      students_[i].start = begin_ + seconds(offset(rng));
      schedule_.push({students_[i].start, static_cast<int>(i), 0});
    }
  }

  void run() {
    auto count = std::min<std::size_t>(plan_.connections, students_.size());
    for (std::size_t i = 0; i < count; ++i) {
      connections_.push_back(std::make_unique<Connection>(io_));
      asio::co_spawn(io_, serve(*connections_.back()), asio::detached);
    }
    asio::co_spawn(io_, dispatch(), asio::detached);
    io_.run();
  }

  // Requests that got no HTTP answer (or a malformed one), by what happened.
  const std::map<std::string, int>& errors() const { return errors_; }
  // Requests sent again because their idle keep-alive connection was closed.
  int stale_retries() const { return stale_retries_; }
  std::chrono::duration<double> elapsed() const { return Clock::now() - begin_; }

 private:
  static Clock::duration seconds(double s) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
  }

  // Moves jobs whose time has come to the ready queue, and hands them out.
  asio::awaitable<void> dispatch() {
    while (open_students_ > 0) {
      while (!schedule_.empty() && schedule_.top().due <= Clock::now()) {
        ready_.push_back(schedule_.top());
        schedule_.pop();
      }
      while (!ready_.empty() && !idle_.empty()) {
        idle_.front()->wake.cancel();
        idle_.pop_front();
      }
      timer_.expires_at(schedule_.empty() ? Clock::time_point::max() : schedule_.top().due);
      co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    for (auto* c : idle_) {
      c->wake.cancel();
    }
    idle_.clear();
  }

  void add(Job job) {
    schedule_.push(job);
    if (job.due < timer_.expiry()) {
      timer_.cancel();
    }
  }

  // One connection's loop: take the oldest ready job, send it, record it.
  asio::awaitable<void> serve(Connection& c) {
    for (;;) {
      while (ready_.empty()) {
        if (open_students_ == 0) {
          co_return;
        }
        idle_.push_back(&c);
        c.wake.expires_at(Clock::time_point::max());
        co_await c.wake.async_wait(asio::as_tuple(asio::use_awaitable));
      }
      Job job = ready_.front();
      ready_.pop_front();
      auto request = request_for(job);
      Outcome outcome = co_await exchange(c, request);
      finish(job, outcome);
    }
  }

  http::request<http::string_body> request_for(const Job& job) const {
    const Student& s = students_[job.student];
    http::request<http::string_body> req;
    req.version(11);
    req.keep_alive(true);
    req.set(http::field::host, plan_.host);
    req.set(http::field::authorization, "Bearer " + plan_.tokens[job.student]);
    req.set(http::field::accept, "application/json");
    if (job.step == 0) {
      req.method(http::verb::post);
      req.target("/exams/exams/" + plan_.exam_id + "/attempts");
    } else if (job.step <= plan_.saves) {
      const Question& q = question(job);
      const std::string& answer = q.answers[(job.student + job.step) % q.answers.size()];
      req.method(http::verb::put);
      req.target("/exams/attempts/" + s.attempt_id + "/answers/" + q.id);
      req.set(http::field::content_type, "application/json");
      req.body() = "{\"answer\":" + answer + ",\"seq\":" + std::to_string(job.step) + "}";
    } else {
      req.method(http::verb::post);
      req.target("/exams/attempts/" + s.attempt_id + "/submit");
    }
    req.prepare_payload();
    return req;
  }

  // Students answer the questions in turn, each starting elsewhere.
  const Question& question(const Job& job) const {
    return plan_.questions[(job.student + job.step - 1) % plan_.questions.size()];
  }

  asio::awaitable<Outcome> exchange(Connection& c, const http::request<http::string_body>& req) {
    auto sent = Clock::now();
    bool reused = c.open;
    auto outcome = co_await send(c, req);
    // A keep-alive connection the gateway closed while it was idle fails
    // before anything was read: nothing reached the service, and any HTTP
    // client sends the request again on a new connection.
    if (outcome.status == 0 && reused && outcome.body == kClosed) {
      ++stale_retries_;
      outcome = co_await send(c, req);
    }
    if (outcome.status == 0) {
      ++errors_[outcome.body];
    }
    outcome.on_wire = std::chrono::duration_cast<Micros>(Clock::now() - sent);
    co_return outcome;
  }

  asio::awaitable<Outcome> send(Connection& c, const http::request<http::string_body>& req) {
    auto tuple = asio::as_tuple(asio::use_awaitable);
    c.stream.expires_after(seconds(plan_.timeout_s));
    if (!c.open) {
      auto [ec, endpoint] = co_await c.stream.async_connect(endpoints_, tuple);
      if (ec) {
        co_return fail(c, "connect: " + ec.message());
      }
      c.open = true;
      c.buffer.clear();
    }
    auto [write_ec, written] = co_await http::async_write(c.stream, req, tuple);
    if (write_ec) {
      co_return fail(c, kClosed);
    }
    http::response<http::string_body> res;
    auto [read_ec, read] = co_await http::async_read(c.stream, c.buffer, res, tuple);
    if (read_ec) {
      bool nothing = read == 0 && (read_ec == http::error::end_of_stream ||
                                   read_ec == asio::error::connection_reset);
      co_return fail(c, nothing ? kClosed : "read: " + read_ec.message());
    }
    if (!res.keep_alive()) {
      close(c);
    }
    co_return Outcome{static_cast<int>(res.result_int()), std::move(res.body())};
  }

  // A transport failure: its description in place of a body.
  static Outcome fail(Connection& c, std::string what) {
    close(c);
    return Outcome{0, std::move(what)};
  }

  static void close(Connection& c) {
    beast::error_code ignored;
    c.stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    c.stream.close();
    c.open = false;
  }

  void finish(const Job& job, const Outcome& outcome) {
    Student& s = students_[job.student];
    bool ok = outcome.status >= 200 && outcome.status < 300;
    auto due = job.step == 0 ? s.start : s.start + seconds(plan_.interval_s * job.step);
    int status = outcome.status;
    if (job.step == 0) {
      if (ok && !read_attempt_id(outcome.body, s.attempt_id)) {
        status = unexpected("a started attempt without an id");
      }
      record(job, status, due, outcome.on_wire);
      status >= 200 && status < 300 ? plan_steps(job.student) : abandon(job.student);
    } else if (job.step <= plan_.saves) {
      if (ok && acknowledged_seq(outcome.body) != job.step) {
        status = unexpected("a save acknowledged with another seq");
      }
      record(job, status, due, outcome.on_wire, status >= 200 && status < 300);
      if (--s.saves_open == 0) {
        add({s.start + seconds(plan_.interval_s * (plan_.saves + 1)), job.student,
             plan_.saves + 1});
      }
    } else {
      record(job, outcome.status, due, outcome.on_wire);
      student_done();
    }
  }

  // An answer that breaks the contract counts as a failed request (status 0).
  int unexpected(const std::string& what) {
    ++errors_[what];
    return 0;
  }

  void plan_steps(int student) {
    Student& s = students_[student];
    s.saves_open = plan_.saves;
    for (int step = 1; step <= plan_.saves; ++step) {
      add({s.start + seconds(plan_.interval_s * step), student, step});
    }
  }

  // A student whose start failed sends nothing more: their requests count as
  // not sent.
  void abandon(int student) {
    for (int step = 1; step <= plan_.saves + 1; ++step) {
      out_ << kind(step) << '\t' << student << '\t' << step << "\t-1\t0\t0\t\t\t\n";
    }
    student_done();
  }

  void student_done() {
    if (--open_students_ == 0) {
      timer_.cancel();
      for (auto* c : idle_) {
        c->wake.cancel();
      }
      idle_.clear();
    }
  }

  const char* kind(int step) const {
    return step == 0 ? "start" : step <= plan_.saves ? "save" : "submit";
  }

  void record(const Job& job, int status, Clock::time_point due, Micros on_wire,
              bool acknowledged = false) {
    auto latency = std::chrono::duration_cast<Micros>(Clock::now() - due);
    out_ << kind(job.step) << '\t' << job.student << '\t' << job.step << '\t' << status << '\t'
         << latency.count() << '\t' << on_wire.count() << '\t';
    if (acknowledged) {
      out_ << students_[job.student].attempt_id << '\t' << question(job).id << '\t' << job.step;
    } else {
      out_ << "\t\t";
    }
    out_ << '\n';
  }

  static bool read_attempt_id(const std::string& body, std::string& id) {
    boost::system::error_code ec;
    auto parsed = json::parse(body, ec);
    const auto* object = ec ? nullptr : parsed.if_object();
    const auto* value = object ? object->if_contains("id") : nullptr;
    if (!value || !value->is_string()) {
      return false;
    }
    id = std::string(value->get_string());
    return true;
  }

  static std::int64_t acknowledged_seq(const std::string& body) {
    boost::system::error_code ec;
    auto parsed = json::parse(body, ec);
    const auto* object = ec ? nullptr : parsed.if_object();
    const auto* seq = object ? object->if_contains("seq") : nullptr;
    return seq && seq->is_int64() ? seq->get_int64() : -1;
  }

  asio::io_context& io_;
  Plan plan_;
  std::ostream& out_;
  asio::ip::tcp::resolver::results_type endpoints_;
  asio::steady_timer timer_;
  Clock::time_point begin_;
  std::vector<Student> students_;
  std::size_t open_students_ = 0;
  std::priority_queue<Job, std::vector<Job>, std::greater<>> schedule_;
  std::deque<Job> ready_;
  // Idle connections, the longest idle first: using them in turn keeps each
  // one busy often enough that the gateway does not close it as idle.
  std::deque<Connection*> idle_;
  std::vector<std::unique_ptr<Connection>> connections_;
  std::map<std::string, int> errors_;
  int stale_retries_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: bench_storm PLAN.json RESULTS.tsv\n";
    return 2;
  }
  try {
    Plan plan = read_plan(argv[1]);
    std::ofstream out(argv[2]);
    out << "kind\tstudent\tstep\tstatus\tlatency_us\twire_us\tattempt\tquestion\tseq\n";
    asio::io_context io(1);
    Storm storm(io, std::move(plan), out);
    storm.run();
    out.flush();
    // What bench/exams.py reads besides the rows.
    json::object summary{{"seconds", storm.elapsed().count()},
                         {"staleRetries", storm.stale_retries()}};
    json::object errors;
    for (const auto& [what, n] : storm.errors()) {
      errors[what] = n;
    }
    summary["errors"] = std::move(errors);
    std::cout << json::serialize(summary) << '\n';
    return out ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "bench_storm: " << e.what() << '\n';
    return 1;
  }
}
