#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>

#include "core/http/request.hpp"
#include "services/exams/domain/course_access.hpp"

namespace classroom::core {
class Membership;
}

namespace classroom::exams {

// The caller's place in course `course_id` as api tells it (cached briefly),
// or Error(kNotFound) for a course the caller is neither a member of nor an
// administrator: unseen, never 403.
boost::asio::awaitable<CourseAccess> course_access(core::Membership& membership,
                                                   const std::string& course_id,
                                                   const core::http::Request& request);

}  // namespace classroom::exams
