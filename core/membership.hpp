#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/course_role.hpp"
#include "core/http/client.hpp"
#include "core/ttl_cache.hpp"

namespace classroom::core {

// Who belongs to a course, as api says (GET /internal/courses/{id}/members/
// {userId}), for the services that keep no membership of their own. One per
// worker thread, like the http::Client it uses.
//
// Answers are reused for `cache.ttl` ("not a member" for `cache.negative_ttl`)
// and, while api cannot be reached, for up to `cache.stale_if_error` past
// that: a student in the middle of an exam keeps saving answers through an
// api outage. With nothing cached, an unreachable api is Error(kUnavailable),
// a 503 with Retry-After.
class Membership {
 public:
  // `now` is injected by tests; services keep the steady clock.
  Membership(boost::asio::io_context& io, http::ClientSettings api, TtlCacheSettings cache,
             TtlCache<std::string, std::string>::Now now = &std::chrono::steady_clock::now);
  ~Membership();
  Membership(const Membership&) = delete;
  Membership& operator=(const Membership&) = delete;

  // The user's role; kNone when `user_id` is not a member (or either id is
  // not a uuid). `request_id` goes along for the logs.
  boost::asio::awaitable<CourseRole> role(const std::string& course_id, const std::string& user_id,
                                          const std::string& request_id);
  // Whether the course exists (GET /internal/courses/{id}), cached alike:
  // for administrators, who see every course without being members of it.
  boost::asio::awaitable<bool> course_exists(const std::string& course_id,
                                             const std::string& request_id);
  // The course's students by id, asked each time (for recipients of an
  // event, which must be current); empty for a course that does not exist.
  boost::asio::awaitable<std::vector<std::string>> students(const std::string& course_id,
                                                            const std::string& request_id);

 private:
  boost::asio::awaitable<std::optional<std::string>> ask(const std::string& course_id,
                                                         const std::string& user_id,
                                                         const std::string& request_id);

  std::unique_ptr<http::Client> api_;
  boost::asio::awaitable<std::optional<std::string>> ask_course(const std::string& course_id,
                                                                const std::string& request_id);
  // A role (or "not a member"), or a course's state (or "no such course").
  boost::asio::awaitable<std::optional<std::string>> answer(std::string target,
                                                            const std::string& request_id,
                                                            const char* field);

  TtlCache<std::string, std::string> roles_;    // "course user" -> role
  TtlCache<std::string, std::string> courses_;  // course -> state
};

}  // namespace classroom::core
