// Due-date reminders against a real PostgreSQL with the api's migrations:
// who is reminded, and that each due date is reminded once.
#include "services/api/reminders.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/pg/migrations.hpp"
#include "core/pg/pg.hpp"
#include "core/testing/run.hpp"
#include "core/testing/servers.hpp"
#include "services/api/tests/api_database.hpp"

namespace classroom::api {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using testing::run;

constexpr core::pg::Query kInsertCourse{
    "test_insert_course",
    "INSERT INTO courses (id, name, owner_id, state) VALUES ($1::uuid, $2, $3::uuid, $4)"};
constexpr core::pg::Query kInsertMember{
    "test_insert_member",
    "INSERT INTO members (course_id, user_id, role) VALUES ($1::uuid, $2::uuid, $3)"};
// $5 the due date in seconds from now; $6 the assignees as an array literal or NULL.
constexpr core::pg::Query kInsertCoursework{
    "test_insert_coursework",
    "INSERT INTO coursework (id, course_id, author_id, title, work_type, state, due_at, "
    "assignees) VALUES ($1::uuid, $2::uuid, $3::uuid, 'Essay', 'ASSIGNMENT', $4, "
    "now() + make_interval(secs => $5::int), $6::uuid[])"};
constexpr core::pg::Query kInsertSubmission{
    "test_insert_submission",
    "INSERT INTO submissions (id, coursework_id, course_id, student_id, state) "
    "VALUES ($1::uuid, $2::uuid, $3::uuid, $4::uuid, $5)"};
constexpr core::pg::Query kMoveDueDate{
    "test_move_due_date",
    "UPDATE coursework SET due_at = now() + make_interval(secs => $2::int) WHERE id = $1::uuid"};
constexpr core::pg::Query kSetSubmissionState{
    "test_set_submission_state",
    "UPDATE submissions SET state = $3 WHERE coursework_id = $1::uuid AND student_id = $2::uuid"};
constexpr core::pg::Query kReminders{
    "test_reminders",
    "SELECT actor_id::text, course_id::text, data::text FROM outbox "
    "WHERE type = 'coursework.due_soon' AND data->>'courseworkId' = $1 ORDER BY seq"};
constexpr core::pg::Query kToldFor{
    "test_told_for",
    "SELECT due_notified_for IS NOT DISTINCT FROM due_at FROM coursework WHERE id = $1::uuid"};
constexpr core::pg::Query kGeneration{
    "test_generation", "SELECT coursework_generation FROM courses WHERE id = $1::uuid"};

constexpr int kHour = 3600;

struct Reminder {
  std::optional<std::string> actor_id;
  std::string course_id;
  json::object data;
};

class RemindersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { tests::migrate(settings()); }

  static core::pg::PoolSettings settings() { return tests::database("api_reminders_test", 4); }

  // A course of `students` (ids sorted, as recipientIds lists them).
  std::string course(const std::vector<std::string>& students,
                     const std::string& state = "ACTIVE") {
    std::string id = core::new_uuid();
    run(io_, db_.query(kInsertCourse, id, "Biology", teacher_, state));
    run(io_, db_.query(kInsertMember, id, teacher_, "owner"));
    for (const auto& s : students) {
      run(io_, db_.query(kInsertMember, id, s, "student"));
    }
    return id;
  }

  // Coursework of `course_id` due in `due_in` seconds, with a NEW submission
  // for each of `assignees` (or of every student: nullopt, given `everyone`).
  std::string coursework(const std::string& course_id, int due_in,
                         const std::optional<std::vector<std::string>>& assignees,
                         const std::vector<std::string>& everyone,
                         const std::string& state = "PUBLISHED") {
    std::string id = core::new_uuid();
    std::optional<std::string> listed;
    if (assignees) {
      listed = "{";
      for (const auto& a : *assignees) {
        listed->append(listed->size() > 1 ? "," : "").append(a);
      }
      listed->append("}");
    }
    run(io_, db_.query(kInsertCoursework, id, course_id, teacher_, state, due_in, listed));
    if (state == "PUBLISHED") {
      for (const auto& s : assignees.value_or(everyone)) {
        run(io_, db_.query(kInsertSubmission, core::new_uuid(), id, course_id, s, "NEW"));
      }
    }
    return id;
  }

  void set_state(const std::string& cw, const std::string& student, const std::string& state) {
    run(io_, db_.query(kSetSubmissionState, cw, student, state));
  }

  std::vector<Reminder> reminders(const std::string& cw) {
    auto r = run(io_, db_.query(kReminders, cw));
    std::vector<Reminder> out;
    for (int i = 0; i < r.rows(); ++i) {
      out.push_back({r.get<std::optional<std::string>>(i, 0), r.get<std::string>(i, 1),
                     json::parse(r.get<std::string>(i, 2)).as_object()});
    }
    return out;
  }

  static std::vector<std::string> recipients(const Reminder& reminder) {
    std::vector<std::string> out;
    for (const auto& v : reminder.data.at("recipientIds").as_array()) {
      out.emplace_back(v.as_string());
    }
    return out;
  }

  static std::vector<std::string> sorted_ids(int n) {
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) {
      ids.push_back(core::new_uuid());
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  bool told(const std::string& cw) { return run(io_, db_.query(kToldFor, cw)).get<bool>(0, 0); }

  asio::io_context io_;
  core::pg::Pool db_{io_, settings()};
  std::string teacher_ = core::new_uuid();
};

TEST_F(RemindersTest, AssignedStudentsWhoHaveNotTurnedInAreReminded) {
  // 0 turned in, 1 has not started, 2 took it back, 3 got it returned; 4 is not assigned.
  auto s = sorted_ids(5);
  auto c = course(s);
  auto cw = coursework(c, 2 * kHour, std::vector{s[0], s[1], s[2], s[3]}, s);
  set_state(cw, s[0], "TURNED_IN");
  set_state(cw, s[2], "RECLAIMED_BY_STUDENT");
  set_state(cw, s[3], "RETURNED");

  EXPECT_GE(run(io_, remind_due(db_)), 1);

  auto sent = reminders(cw);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(recipients(sent[0]), (std::vector{s[1], s[2]}));
  EXPECT_FALSE(sent[0].actor_id);
  EXPECT_EQ(sent[0].course_id, c);
  EXPECT_EQ(sent[0].data.at("title").as_string(), "Essay");
  EXPECT_EQ(sent[0].data.at("courseName").as_string(), "Biology");
  EXPECT_TRUE(sent[0].data.at("dueAt").is_string());
}

TEST_F(RemindersTest, WorkForEveryStudentRemindsEachWhoHasNotTurnedIn) {
  auto s = sorted_ids(3);
  auto c = course(s);
  auto cw = coursework(c, kHour, std::nullopt, s);
  set_state(cw, s[1], "TURNED_IN");
  run(io_, remind_due(db_));
  auto sent = reminders(cw);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(recipients(sent[0]), (std::vector{s[0], s[2]}));
}

TEST_F(RemindersTest, EachDueDateIsRemindedOnceAndAMovedOneAgain) {
  auto s = sorted_ids(1);
  auto c = course(s);
  auto cw = coursework(c, 3 * kHour, std::nullopt, s);
  run(io_, remind_due(db_));
  run(io_, remind_due(db_));
  {
    core::pg::Pool restarted(io_, settings());
    run(io_, remind_due(restarted));
  }
  ASSERT_EQ(reminders(cw).size(), 1u);

  run(io_, db_.query(kMoveDueDate, cw, 5 * kHour));
  run(io_, remind_due(db_));
  run(io_, remind_due(db_));
  auto sent = reminders(cw);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_NE(sent[0].data.at("dueAt"), sent[1].data.at("dueAt"));
}

TEST_F(RemindersTest, TwoInstancesAtOnceSendOneReminder) {
  auto s = sorted_ids(2);
  auto c = course(s);
  auto cw = coursework(c, kHour, std::nullopt, s);
  core::pg::Pool other(io_, settings());
  run(io_, [&]() -> asio::awaitable<void> {
    using namespace asio::experimental::awaitable_operators;
    co_await (remind_due(db_) && remind_due(other));
  }());
  EXPECT_EQ(reminders(cw).size(), 1u);
}

TEST_F(RemindersTest, NothingForDraftsPastOrDistantDueDatesOrArchivedCourses) {
  auto s = sorted_ids(1);
  auto active = course(s);
  auto archived = course(s, "ARCHIVED");
  auto draft = coursework(active, kHour, std::nullopt, s, "DRAFT");
  auto past = coursework(active, -kHour, std::nullopt, s);
  auto distant = coursework(active, 25 * kHour, std::nullopt, s);
  auto shelved = coursework(archived, kHour, std::nullopt, s);
  run(io_, remind_due(db_));
  for (const auto& cw : {draft, past, distant, shelved}) {
    EXPECT_TRUE(reminders(cw).empty()) << cw;
    EXPECT_FALSE(told(cw)) << cw;
  }
  // The distant due date comes within a day: reminded then.
  run(io_, db_.query(kMoveDueDate, distant, 23 * kHour));
  run(io_, remind_due(db_));
  EXPECT_EQ(reminders(distant).size(), 1u);
}

TEST_F(RemindersTest, WhenEveryoneHasTurnedInTheDueDateIsToldWithoutAReminder) {
  auto s = sorted_ids(1);
  auto c = course(s);
  auto cw = coursework(c, kHour, std::nullopt, s);
  set_state(cw, s[0], "TURNED_IN");
  run(io_, remind_due(db_));
  EXPECT_TRUE(reminders(cw).empty());
  EXPECT_TRUE(told(cw));
  // Taking the work back later brings no reminder for the same due date.
  set_state(cw, s[0], "RECLAIMED_BY_STUDENT");
  run(io_, remind_due(db_));
  EXPECT_TRUE(reminders(cw).empty());
}

TEST_F(RemindersTest, TheMarkLeavesTheCourseworkListsKeptInMemoryValid) {
  auto s = sorted_ids(1);
  auto c = course(s);
  auto cw = coursework(c, kHour, std::nullopt, s);
  auto before = run(io_, db_.query(kGeneration, c)).get<std::int64_t>(0, 0);
  run(io_, remind_due(db_));
  ASSERT_EQ(reminders(cw).size(), 1u);
  EXPECT_EQ(run(io_, db_.query(kGeneration, c)).get<std::int64_t>(0, 0), before);
  // A teacher's change still counts.
  run(io_, db_.query(kMoveDueDate, cw, 2 * kHour));
  EXPECT_EQ(run(io_, db_.query(kGeneration, c)).get<std::int64_t>(0, 0), before + 1);
}

}  // namespace
}  // namespace classroom::api
