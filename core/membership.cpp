#include "core/membership.hpp"

#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/ids.hpp"

namespace classroom::core {

namespace asio = boost::asio;

Membership::Membership(asio::io_context& io, http::ClientSettings api, TtlCacheSettings cache,
                       TtlCache<std::string, std::string>::Now now)
    : api_(std::make_unique<http::Client>(io, std::move(api))),
      roles_(cache, now),
      courses_(cache, std::move(now)) {}

Membership::~Membership() = default;

asio::awaitable<CourseRole> Membership::role(const std::string& course_id,
                                             const std::string& user_id,
                                             const std::string& request_id) {
  if (!is_uuid(course_id) || !is_uuid(user_id)) {
    co_return CourseRole::kNone;
  }
  std::string key = course_id + ' ' + user_id;
  auto name = co_await roles_.get(key, [&] { return ask(course_id, user_id, request_id); });
  co_return name ? parse_role(*name) : CourseRole::kNone;
}

asio::awaitable<bool> Membership::course_exists(const std::string& course_id,
                                                const std::string& request_id) {
  if (!is_uuid(course_id)) {
    co_return false;
  }
  auto state = co_await courses_.get(course_id, [&] { return ask_course(course_id, request_id); });
  co_return state.has_value();
}

asio::awaitable<std::vector<std::string>> Membership::students(const std::string& course_id,
                                                               const std::string& request_id) {
  std::vector<std::string> ids;
  if (!is_uuid(course_id)) {
    co_return ids;
  }
  // Named before the co_await (GCC 12, docs/decisions.md).
  http::Headers headers{{"X-Request-Id", request_id}};
  std::string target = "/internal/courses/" + course_id + "/students";
  auto reply = co_await api_->get(std::move(target), std::move(headers));
  if (reply.status == 404) {
    co_return ids;
  }
  if (reply.status != 200) {
    throw Error(reply.status >= 500 ? ErrorCode::kUnavailable : ErrorCode::kInternal,
                "api answered " + std::to_string(reply.status) + " for a course's students");
  }
  boost::system::error_code ec;
  auto body = boost::json::parse(reply.body, ec);
  const auto* list = !ec && body.is_object() ? body.as_object().if_contains("ids") : nullptr;
  if (list == nullptr || !list->is_array()) {
    throw Error(ErrorCode::kInternal, "api's students answer has no ids");
  }
  for (const auto& id : list->get_array()) {
    if (id.is_string()) {
      ids.emplace_back(id.get_string());
    }
  }
  co_return ids;
}

asio::awaitable<std::optional<std::string>> Membership::ask(const std::string& course_id,
                                                            const std::string& user_id,
                                                            const std::string& request_id) {
  co_return co_await answer("/internal/courses/" + course_id + "/members/" + user_id, request_id,
                            "role");
}

asio::awaitable<std::optional<std::string>> Membership::ask_course(const std::string& course_id,
                                                                   const std::string& request_id) {
  co_return co_await answer("/internal/courses/" + course_id, request_id, "state");
}

asio::awaitable<std::optional<std::string>> Membership::answer(std::string target,
                                                               const std::string& request_id,
                                                               const char* field) {
  // Named before the co_await (GCC 12, docs/decisions.md).
  http::Headers headers{{"X-Request-Id", request_id}};
  auto reply = co_await api_->get(std::move(target), std::move(headers));
  if (reply.status == 404) {
    co_return std::nullopt;
  }
  if (reply.status >= 500) {
    throw Error(ErrorCode::kUnavailable, "api answered " + std::to_string(reply.status))
        .with_retry_after(std::chrono::seconds(1));
  }
  if (reply.status != 200) {
    throw Error(ErrorCode::kInternal,
                "api answered " + std::to_string(reply.status) + " to a membership question");
  }
  boost::system::error_code ec;
  auto body = boost::json::parse(reply.body, ec);
  const auto* value = !ec && body.is_object() ? body.as_object().if_contains(field) : nullptr;
  if (value == nullptr || !value->is_string()) {
    throw Error(ErrorCode::kInternal, std::string("api's membership answer has no ") + field);
  }
  co_return std::string(value->get_string());
}

}  // namespace classroom::core
