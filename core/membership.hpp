#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <optional>
#include <string>

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

  // "owner", "teacher" or "student"; nullopt when `user_id` is not a member
  // (or either id is not a uuid). `request_id` goes along for the logs.
  boost::asio::awaitable<std::optional<std::string>> role(const std::string& course_id,
                                                          const std::string& user_id,
                                                          const std::string& request_id);

 private:
  boost::asio::awaitable<std::optional<std::string>> ask(const std::string& course_id,
                                                         const std::string& user_id,
                                                         const std::string& request_id);

  std::unique_ptr<http::Client> api_;
  TtlCache<std::string, std::string> roles_;  // "course user" -> role
};

}  // namespace classroom::core
