#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>

#include "core/http/response.hpp"
#include "services/api/model.hpp"

// How the api's resources look on the wire, in one place.
namespace classroom::api::views {

boost::json::object profile(const Profile& p, bool with_email);
// `joinCode` only for the course's teachers.
boost::json::object course(const Course& c, CourseRole my_role);
boost::json::object member(const Member& m);
boost::json::object invitation(const Invitation& i);
boost::json::object topic(const Topic& t);
boost::json::object announcement(const Announcement& a);
boost::json::object comment(const Comment& c);
boost::json::object coursework(const Coursework& cw);
// Students see neither the draft grade nor the draft-grade history.
boost::json::object submission(const Submission& s, bool for_teacher);
boost::json::value points(const std::optional<std::int64_t>& hundredths);
boost::json::value optional(const std::optional<std::string>& text);

// A single resource: 200 (or `status`) with its ETag.
core::http::Response resource(const boost::json::object& body, std::int64_t version,
                              int status = 200);

}  // namespace classroom::api::views
