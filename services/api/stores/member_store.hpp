#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "services/api/model.hpp"

namespace classroom::core::pg {
class Pool;
class Transaction;
}  // namespace classroom::core::pg

// Course membership: who is in a course, with which role.
namespace classroom::api::member_store {

namespace asio = boost::asio;
using core::pg::Pool;
using core::pg::Transaction;

// Makes `user_id` a member with `role`; nullopt when they are one already.
// A student also gets a submission for every published assignment given to
// all students (kept if they had one before: they may rejoin).
asio::awaitable<std::optional<Member>> insert(Transaction& tx, const std::string& course_id,
                                              const std::string& user_id, CourseRole role);

// Removes `user_id`; the role they had, or nullopt when they were not a member.
asio::awaitable<std::optional<CourseRole>> remove(Transaction& tx, const std::string& course_id,
                                                  const std::string& user_id);

// Members in order of joining, with an optional role filter, after `cursor`.
// The cursor is a member's joined_at with microseconds and user id.
struct Cursor {
  std::string joined_at;
  std::string user_id;
};
struct Listed {
  Member member;
  Cursor cursor;  // of this member
};
asio::awaitable<std::vector<Listed>> list(Pool& db, const std::string& course_id,
                                          const std::optional<std::string>& role,
                                          const std::optional<Cursor>& after, int count);

// Whether the member with e-mail address `email` is in the course.
asio::awaitable<bool> has_email(Transaction& tx, const std::string& course_id,
                                const std::string& email);
// How many of `user_ids` are students of the course.
asio::awaitable<std::int64_t> count_students(Transaction& tx, const std::string& course_id,
                                             const std::vector<std::string>& user_ids);

// `user_id`'s role in the course; kNone when not a member.
asio::awaitable<CourseRole> role_of(Pool& db, const std::string& course_id,
                                    const std::string& user_id);
asio::awaitable<CourseRole> role_of(Transaction& tx, const std::string& course_id,
                                    const std::string& user_id);

// Everyone in the course, and its teachers (owner included), by id: the
// recipients of an event.
asio::awaitable<std::vector<std::string>> member_ids(Transaction& tx, const std::string& course_id);
asio::awaitable<std::vector<std::string>> teacher_ids(Transaction& tx,
                                                      const std::string& course_id);

// The course's students by id, for other services (GET /internal/courses/{id}/students).
asio::awaitable<std::vector<std::string>> student_ids(Pool& db, const std::string& course_id);

}  // namespace classroom::api::member_store
