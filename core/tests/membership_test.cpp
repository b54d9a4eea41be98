// core::Membership against a real HTTP peer standing in for api's internal
// endpoint: answers, "not a member", reuse while fresh, and api outages.
#include "core/membership.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <future>
#include <map>
#include <memory>
#include <string>

#include "core/errors.hpp"
#include "core/http/router.hpp"
#include "core/http/server.hpp"
#include "core/metrics.hpp"
#include "core/testing/run.hpp"

namespace classroom::core {
namespace {

namespace asio = boost::asio;
using asio::awaitable;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

const std::string kCourse = "0190a5e0-0000-7000-8000-000000000001";
const std::string kStudent = "0190a5e0-0000-7000-8000-000000000002";
const std::string kOutsider = "0190a5e0-0000-7000-8000-000000000003";

constexpr const char* kServiceCredential = "the services' shared credential";

// api's /internal/courses/{id}/members/{userId}, from a fixed table.
class FakeApi final : public http::App {
 public:
  explicit FakeApi(std::atomic<int>& asked) {
    router_.add(http::Method::kGet, "/internal/courses/{id}/students",
                [](http::Request& r) -> awaitable<http::Response> {
                  if (r.param("id") == kCourse) {
                    co_return http::Response::json(200, R"({"ids":[")" + kStudent + R"("]})");
                  }
                  throw Error(ErrorCode::kNotFound, "no such course");
                });
    router_.add(http::Method::kGet, "/internal/courses/{id}",
                [&asked](http::Request& r) -> awaitable<http::Response> {
                  ++asked;
                  if (r.param("id") == kCourse) {
                    co_return http::Response::json(200, R"({"state":"ACTIVE"})");
                  }
                  throw Error(ErrorCode::kNotFound, "no such course");
                });
    router_.add(http::Method::kGet, "/internal/courses/{id}/members/{userId}",
                [&asked](http::Request& r) -> awaitable<http::Response> {
                  ++asked;
                  if (r.param("id") == kCourse && r.param("userId") == kStudent) {
                    co_return http::Response::json(200, R"({"role":"student"})");
                  }
                  throw Error(ErrorCode::kNotFound, "no such member");
                });
  }
  const http::Router& router() const override { return router_; }
  awaitable<bool> ready() override { co_return true; }
  void stop() override {}

 private:
  http::Router router_;
};

// A real core::http::Server on a free port, on a thread of its own; stop()
// is an api outage.
class Api {
 public:
  Api() : server_(settings(), metrics_) {
    server_.start(
        [this](asio::io_context&, std::size_t) { return std::make_unique<FakeApi>(asked); });
    running_ = std::async(std::launch::async, [this] { server_.run(); });
  }
  ~Api() { stop(); }
  void stop() {
    if (running_.valid()) {
      server_.stop();
      EXPECT_EQ(running_.wait_for(10s), std::future_status::ready);
      running_.get();
    }
  }
  http::ClientSettings client() const {
    http::ClientSettings s;
    s.base_url = "http://127.0.0.1:" + std::to_string(server_.port());
    s.name = "api";
    s.internal_token = kServiceCredential;
    s.connect_timeout = 1s;
    s.request_timeout = 2s;
    return s;
  }

  std::atomic<int> asked{0};

 private:
  static http::ServerSettings settings() {
    http::ServerSettings s;
    s.threads = 1;
    s.drain_timeout = 2s;
    s.internal_token = kServiceCredential;
    return s;
  }
  Metrics metrics_;
  http::Server server_;
  std::future<void> running_;
};

struct MembershipTest : ::testing::Test {
  TtlCacheSettings cache{.ttl = 5s, .negative_ttl = 1s, .stale_if_error = 1h};
  SteadyClock::time_point now = SteadyClock::now();
  asio::io_context io;
  Api api;

  std::unique_ptr<Membership> membership() {
    return std::make_unique<Membership>(io, api.client(), cache, [this] { return now; });
  }
  CourseRole role(Membership& m, const std::string& user) {
    return testing::run(io, m.role(kCourse, user, "test-request"));
  }
};

TEST_F(MembershipTest, AMemberHasTheRoleApiGivesAndAnOutsiderNone) {
  auto m = membership();
  EXPECT_EQ(role(*m, kStudent), CourseRole::kStudent);
  EXPECT_EQ(role(*m, kOutsider), CourseRole::kNone);
  EXPECT_EQ(testing::run(io, m->role("not-a-uuid", kStudent, "r")), CourseRole::kNone);
  EXPECT_EQ(api.asked, 2);  // an id that is no uuid is nobody's course: api is not asked
}

TEST_F(MembershipTest, ACourseExistsWhenApiKnowsIt) {
  auto m = membership();
  EXPECT_TRUE(testing::run(io, m->course_exists(kCourse, "r")));
  EXPECT_FALSE(testing::run(io, m->course_exists(kStudent, "r")));  // a uuid, but no course
  EXPECT_FALSE(testing::run(io, m->course_exists("not-a-uuid", "r")));
  EXPECT_TRUE(testing::run(io, m->course_exists(kCourse, "r")));
  EXPECT_EQ(api.asked, 2);  // the second question about kCourse was answered from memory
}

TEST_F(MembershipTest, ACoursesStudentsAreItsStudentsAndNoCourseHasNone) {
  auto m = membership();
  EXPECT_EQ(testing::run(io, m->students(kCourse, "r")), std::vector<std::string>{kStudent});
  EXPECT_TRUE(testing::run(io, m->students(kOutsider, "r")).empty());
}

TEST_F(MembershipTest, AnAnswerIsReusedWhileFreshAndAskedAgainAfter) {
  auto m = membership();
  role(*m, kStudent);
  now += 4s;
  EXPECT_EQ(role(*m, kStudent), CourseRole::kStudent);
  EXPECT_EQ(api.asked, 1);
  now += 2s;
  EXPECT_EQ(role(*m, kStudent), CourseRole::kStudent);
  EXPECT_EQ(api.asked, 2);
}

TEST_F(MembershipTest, NotAMemberIsBelievedOnlyBriefly) {
  auto m = membership();
  role(*m, kOutsider);
  now += 1500ms;
  role(*m, kOutsider);
  EXPECT_EQ(api.asked, 2);
}

TEST_F(MembershipTest, AKnownMemberKeepsTheirRoleWhileApiIsDown) {
  auto m = membership();
  role(*m, kStudent);
  api.stop();
  now += 30min;  // long expired, but within stale_if_error
  EXPECT_EQ(role(*m, kStudent), CourseRole::kStudent);
}

TEST_F(MembershipTest, WithNothingKnownADownApiIsUnavailable) {
  auto m = membership();
  api.stop();
  try {
    role(*m, kStudent);
    FAIL() << "expected Error(kUnavailable)";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUnavailable);
  }
}

}  // namespace
}  // namespace classroom::core
