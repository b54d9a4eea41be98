#include "core/membership.hpp"

#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/ids.hpp"

namespace classroom::core {

namespace asio = boost::asio;

Membership::Membership(asio::io_context& io, http::ClientSettings api, TtlCacheSettings cache,
                       TtlCache<std::string, std::string>::Now now)
    : api_(std::make_unique<http::Client>(io, std::move(api))), roles_(cache, std::move(now)) {}

Membership::~Membership() = default;

asio::awaitable<std::optional<std::string>> Membership::role(const std::string& course_id,
                                                             const std::string& user_id,
                                                             const std::string& request_id) {
  if (!is_uuid(course_id) || !is_uuid(user_id)) {
    co_return std::nullopt;
  }
  std::string key = course_id + ' ' + user_id;
  co_return co_await roles_.get(key, [&] { return ask(course_id, user_id, request_id); });
}

asio::awaitable<std::optional<std::string>> Membership::ask(const std::string& course_id,
                                                            const std::string& user_id,
                                                            const std::string& request_id) {
  // Named before the co_await (GCC 12, docs/decisions.md).
  http::Headers headers{{"X-Request-Id", request_id}};
  std::string target = "/internal/courses/" + course_id + "/members/" + user_id;
  auto answer = co_await api_->get(std::move(target), std::move(headers));
  if (answer.status == 404) {
    co_return std::nullopt;
  }
  if (answer.status >= 500) {
    throw Error(ErrorCode::kUnavailable, "api answered " + std::to_string(answer.status))
        .with_retry_after(std::chrono::seconds(1));
  }
  if (answer.status != 200) {
    throw Error(ErrorCode::kInternal,
                "api answered " + std::to_string(answer.status) + " to a membership question");
  }
  boost::system::error_code ec;
  auto body = boost::json::parse(answer.body, ec);
  const auto* role = !ec && body.is_object() ? body.as_object().if_contains("role") : nullptr;
  if (role == nullptr || !role->is_string()) {
    throw Error(ErrorCode::kInternal, "api's membership answer has no role");
  }
  co_return std::string(role->get_string());
}

}  // namespace classroom::core
