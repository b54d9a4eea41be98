// EventSync against a real PostgreSQL with the api's migrations: each event
// applied once, whatever the number of deliveries.
#include "services/api/event_sync.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/events/consumer.hpp"
#include "core/ids.hpp"
#include "core/pg/migrations.hpp"
#include "core/pg/pg.hpp"
#include "core/testing/run.hpp"
#include "core/testing/servers.hpp"
#include "services/api/tests/api_database.hpp"

namespace classroom::api {
namespace {

namespace asio = boost::asio;
using testing::run;

constexpr core::pg::Query kProfile{"test_profile",
                                   "SELECT display_name, active FROM profiles WHERE id = $1::uuid"};
constexpr core::pg::Query kRename{"test_rename",
                                  "UPDATE profiles SET display_name = $2, name_known = true "
                                  "WHERE id = $1::uuid"};
constexpr core::pg::Query kExamPoints{"test_exam_points",
                                      "SELECT (points * 100)::bigint, title FROM exam_results "
                                      "WHERE exam_id = $1::uuid AND student_id = $2::uuid"};

class EventSyncTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { tests::migrate(settings()); }

  static core::pg::PoolSettings settings() { return tests::database("api_event_sync_test", 2); }

  static core::events::Event event(std::string type, boost::json::object data,
                                   std::string course_id = core::new_uuid()) {
    std::string id = core::new_uuid();
    boost::json::object envelope{
        {"id", id},           {"type", type},          {"occurredAt", "2026-11-24T10:00:00Z"},
        {"actorId", nullptr}, {"courseId", course_id}, {"data", std::move(data)}};
    return core::events::Event{"1-0", id, type, boost::json::serialize(envelope)};
  }

  asio::io_context io_;
  core::pg::Pool db_{io_, settings()};
  EventSync sync_{db_};
};

TEST_F(EventSyncTest, RegisteredUserGetsAProfileOnce) {
  std::string user = core::new_uuid();
  auto registered = event(
      "user.registered",
      {{"userId", user}, {"email", "ada@example.org"}, {"displayName", "Ada"}, {"role", "user"}});
  run(io_, sync_.handle(registered));
  // The user renames themself; the same event delivered again changes nothing.
  run(io_, db_.query(kRename, user, "Ada L."));
  run(io_, sync_.handle(registered));
  auto r = run(io_, db_.query(kProfile, user));
  ASSERT_EQ(r.rows(), 1);
  EXPECT_EQ(r.get<std::string>(0, 0), "Ada L.");
  EXPECT_TRUE(r.get<bool>(0, 1));
}

TEST_F(EventSyncTest, DeactivatedUserIsMarkedInactiveUntilReactivated) {
  std::string user = core::new_uuid();
  run(io_, sync_.handle(event("user.registered", {{"userId", user},
                                                  {"email", "bo@example.org"},
                                                  {"displayName", "Bo"},
                                                  {"role", "user"}})));
  run(io_, sync_.handle(event("user.deactivated", {{"userId", user}})));
  auto r = run(io_, db_.query(kProfile, user));
  ASSERT_EQ(r.rows(), 1);
  EXPECT_FALSE(r.get<bool>(0, 1));
  run(io_, sync_.handle(event("user.reactivated", {{"userId", user}})));
  r = run(io_, db_.query(kProfile, user));
  EXPECT_TRUE(r.get<bool>(0, 1));
}

TEST_F(EventSyncTest, LaterExamReleaseReplacesEarlierOneButNotTheReverse) {
  std::string exam = core::new_uuid();
  std::string student = core::new_uuid();
  std::string course = core::new_uuid();
  auto release = [&](double points, const char* at, const char* title) {
    return event("exam.result_released",
                 {{"examId", exam},
                  {"title", title},
                  {"studentId", student},
                  {"points", points},
                  {"maxPoints", 20},
                  {"releasedAt", at}},
                 course);
  };
  run(io_, sync_.handle(release(12.5, "2026-11-24T10:00:00Z", "Quiz")));
  run(io_, sync_.handle(release(15, "2026-11-24T12:00:00Z", "Quiz (regraded)")));
  run(io_, sync_.handle(release(3, "2026-11-24T11:00:00Z", "stale")));
  auto r = run(io_, db_.query(kExamPoints, exam, student));
  ASSERT_EQ(r.rows(), 1);
  EXPECT_EQ(r.get<std::int64_t>(0, 0), 1500);
  EXPECT_EQ(r.get<std::string>(0, 1), "Quiz (regraded)");
}

TEST_F(EventSyncTest, ExamResultWithAnImplausibleTimeIsSkippedNotRetried) {
  std::string exam = core::new_uuid();
  std::string student = core::new_uuid();
  for (const char* at : {"0000-01-01T00:00:00Z", "2300-01-01T00:00:00Z", "yesterday"}) {
    run(io_, sync_.handle(event("exam.result_released", {{"examId", exam},
                                                         {"title", "Quiz"},
                                                         {"studentId", student},
                                                         {"points", 3},
                                                         {"maxPoints", 20},
                                                         {"releasedAt", at}})));
  }
  auto r = run(io_, db_.query(kExamPoints, exam, student));
  EXPECT_EQ(r.rows(), 0);
}

TEST_F(EventSyncTest, UnusableExamResultIsSkippedNotRetried) {
  std::string exam = core::new_uuid();
  std::string student = core::new_uuid();
  // More points than possible: handled (acknowledged) without effect.
  run(io_, sync_.handle(event("exam.result_released", {{"examId", exam},
                                                       {"title", "Quiz"},
                                                       {"studentId", student},
                                                       {"points", 30},
                                                       {"maxPoints", 20},
                                                       {"releasedAt", "2026-11-24T10:00:00Z"}})));
  auto r = run(io_, db_.query(kExamPoints, exam, student));
  EXPECT_EQ(r.rows(), 0);
}

}  // namespace
}  // namespace classroom::api
