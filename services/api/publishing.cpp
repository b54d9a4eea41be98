#include "services/api/publishing.hpp"

#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/outbox/outbox.hpp"
#include "core/pg/pg.hpp"
#include "services/api/stores/coursework_store.hpp"
#include "services/api/stores/member_store.hpp"

namespace classroom::api {

namespace asio = boost::asio;
using core::Error;
using core::ErrorCode;

asio::awaitable<void> emit(core::pg::Transaction& tx, std::string type,
                           const std::optional<std::string>& actor_id,
                           const std::optional<std::string>& course_id,
                           const boost::json::object& data) {
  core::outbox::Event event{std::move(type), actor_id, course_id, boost::json::serialize(data)};
  co_await core::outbox::enqueue(tx, event);
}

asio::awaitable<Coursework> publish_coursework(core::pg::Transaction& tx, const std::string& cw_id,
                                               const std::string& actor_id,
                                               const std::string& course_name) {
  auto published = co_await coursework_store::publish(tx, cw_id);
  if (!published) {
    throw Error(ErrorCode::kFailedPrecondition, "the coursework is already published");
  }
  Coursework cw = std::move(*published);
  co_await coursework_store::add_assignee_submissions(tx, cw.id);
  auto students = co_await coursework_store::assignee_ids(tx, cw.id);
  boost::json::array recipients(students.begin(), students.end());
  boost::json::object data{
      {"courseworkId", cw.id},     {"title", cw.title},
      {"workType", cw.work_type},  {"dueAt", cw.due_at ? boost::json::value(*cw.due_at) : nullptr},
      {"courseName", course_name}, {"recipientIds", std::move(recipients)}};
  co_await emit(tx, "coursework.published", actor_id, cw.course_id, data);
  co_return cw;
}

asio::awaitable<Member> add_member(core::pg::Transaction& tx, const Course& course,
                                   const std::string& user_id, CourseRole role,
                                   const std::string& via) {
  auto member = co_await member_store::insert(tx, course.id, user_id, role);
  if (!member) {
    throw Error(ErrorCode::kAlreadyExists, "already a member of this course");
  }
  // Its teachers of this moment, the newcomer too if a teacher (notify never
  // tells the actor of their own deed).
  auto teachers = co_await member_store::teacher_ids(tx, course.id);
  boost::json::object data{{"userId", user_id},
                           {"role", member->role},
                           {"via", via},
                           {"courseName", course.name},
                           {"recipientIds", boost::json::array(teachers.begin(), teachers.end())}};
  co_await emit(tx, "course.member_added", user_id, course.id, data);
  co_return *member;
}

}  // namespace classroom::api
