#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>
#include <string_view>

#include "core/http/request.hpp"
#include "services/api/domain/course_access.hpp"
#include "services/api/model.hpp"

namespace classroom::core::pg {
class Pool;
class Transaction;
}  // namespace classroom::core::pg

// What a caller may see of a course: its stores read through the domain's
// rules (domain/course_access.hpp). Unseen is kNotFound, never 403.
namespace classroom::api {

// The course as the caller may see it, or Error(kNotFound) for a course that
// does not exist or that the caller is neither a member of nor an admin.
boost::asio::awaitable<CourseAccess> course_access(core::pg::Pool& db, std::string_view course_id,
                                                   const core::http::Identity& caller);
// The same in a transaction, locking the course row against concurrent
// state changes (archive, delete) until commit.
boost::asio::awaitable<CourseAccess> course_access(core::pg::Transaction& tx,
                                                   std::string_view course_id,
                                                   const core::http::Identity& caller);

// Coursework `id` of the course as the caller may see it: teachers and
// administrators see all of it, a student only published work given to them;
// anything else is Error(kNotFound).
boost::asio::awaitable<Coursework> visible_coursework(core::pg::Pool& db,
                                                      const CourseAccess& access,
                                                      std::string_view id,
                                                      const std::string& caller_id);
boost::asio::awaitable<Coursework> visible_coursework(core::pg::Transaction& tx,
                                                      const CourseAccess& access,
                                                      std::string_view id,
                                                      const std::string& caller_id);

}  // namespace classroom::api
