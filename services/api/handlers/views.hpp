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

}  // namespace classroom::api::views
