#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "services/api/model.hpp"

namespace classroom::core::pg {
class Transaction;
}  // namespace classroom::core::pg

// Changes that tell others with an outbox event (docs/events.md), written in
// the same transaction as the change.
namespace classroom::api {

// Writes an outbox event (docs/events.md) in `tx`; no actor: the system.
boost::asio::awaitable<void> emit(core::pg::Transaction& tx, std::string type,
                                  const std::optional<std::string>& actor_id,
                                  const std::optional<std::string>& course_id,
                                  const boost::json::object& data);

// Publishes draft `cw` in `tx` (now, or by its schedule): NEW submissions
// for its assigned students and a coursework.published event. Returns it published.
boost::asio::awaitable<Coursework> publish_coursework(core::pg::Transaction& tx,
                                                      const std::string& cw_id,
                                                      const std::string& actor_id,
                                                      const std::string& course_name);

// Makes `user_id` a member with `role` in `tx` (Error(kAlreadyExists) if they
// are one): a student also gets a submission for every published assignment
// given to all students. Emits course.member_added, naming the course's
// teachers as its recipients; returns the membership.
boost::asio::awaitable<Member> add_member(core::pg::Transaction& tx, const Course& course,
                                          const std::string& user_id, CourseRole role,
                                          const std::string& via);

}  // namespace classroom::api
