#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/api/model.hpp"

namespace classroom::core::pg {
class Pool;
class Transaction;
}  // namespace classroom::core::pg

// Courses: their fields, state and join code, and a caller's place in one.
namespace classroom::api::course_store {

namespace asio = boost::asio;
using core::pg::Pool;
using core::pg::Transaction;

// A course with `user_id`'s role in it (kNone: not a member) and the count
// of changes to its coursework (0003_coursework_generation.sql). nullopt
// when there is no such course.
struct CourseWithRole {
  Course course;
  CourseRole role = CourseRole::kNone;
  std::int64_t coursework_generation = 0;
};
asio::awaitable<std::optional<CourseWithRole>> find(Pool& db, std::string_view id,
                                                    const std::string& user_id);
// The same, locking the course row until commit: for changes that depend on
// its state, and before any change to its coursework.
asio::awaitable<std::optional<CourseWithRole>> lock(Transaction& tx, std::string_view id,
                                                    const std::string& user_id);

// The course's state (ACTIVE or ARCHIVED); nullopt when there is no such course.
asio::awaitable<std::optional<std::string>> state_of(Pool& db, std::string_view id);

// The active course that has join `code`, locked; nullopt if none.
asio::awaitable<std::optional<Course>> lock_by_code(Transaction& tx, const std::string& code);

struct Fields {
  std::string name;
  std::optional<std::string> section;
  std::optional<std::string> description;
  std::optional<std::string> room;
};

// A new active course of `owner_id`, with a fresh join code (kUnavailable in
// the rare case that no free code was drawn).
asio::awaitable<Course> insert(Transaction& tx, const std::string& id, const Fields& fields,
                               const std::string& owner_id);

// `user_id`'s courses, newest first, with their role; optional filters.
struct MyCourse {
  std::string id;  // the cursor
  Course course;
  CourseRole role = CourseRole::kNone;
};
asio::awaitable<std::vector<MyCourse>> list_mine(Pool& db, const std::string& user_id,
                                                 const std::optional<std::string>& role,
                                                 const std::optional<std::string>& state,
                                                 const std::optional<std::string>& cursor,
                                                 int count);

asio::awaitable<Course> update(Transaction& tx, const std::string& id, const Fields& fields);
// ACTIVE or ARCHIVED. A course becoming active again whose join code another
// active course took meanwhile gets a new code first.
asio::awaitable<Course> set_state(Transaction& tx, const Course& course, const std::string& state);
// A fresh join code, or none.
asio::awaitable<Course> renew_join_code(Transaction& tx, const std::string& id);
asio::awaitable<Course> clear_join_code(Transaction& tx, const std::string& id);
// The course and everything in it.
asio::awaitable<void> remove(Transaction& tx, const std::string& id);

}  // namespace classroom::api::course_store
