#include "services/notify/people.hpp"

#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/http/client.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "services/notify/stores/user_store.hpp"

namespace classroom::notify {

namespace asio = boost::asio;

namespace {

std::optional<std::string> text_field(const boost::json::object& body, std::string_view name) {
  const auto* value = body.if_contains(name);
  if (value == nullptr || !value->is_string()) {
    return std::nullopt;
  }
  return std::string(value->get_string());
}

}  // namespace

asio::awaitable<std::optional<People::Known>> People::ask_api(const std::string& user) {
  if (!core::is_uuid(user)) {
    co_return std::nullopt;
  }
  auto reply = co_await api_.get("/internal/users/" + user);
  if (reply.status == 404) {
    co_return std::nullopt;
  }
  if (reply.status >= 500) {
    throw core::Error(core::ErrorCode::kUnavailable, "api answered " + std::to_string(reply.status))
        .with_retry_after(std::chrono::seconds(1));
  }
  boost::system::error_code ec;
  auto body = boost::json::parse(reply.body, ec);
  if (reply.status != 200 || ec || !body.is_object()) {
    throw core::Error(core::ErrorCode::kInternal,
                      "api answered " + std::to_string(reply.status) + " about a user");
  }
  auto email = text_field(body.as_object(), "email");
  auto name = text_field(body.as_object(), "displayName");
  if (!email || !name) {
    throw core::Error(core::ErrorCode::kInternal, "api's user has no email or displayName");
  }
  Known known{std::move(*email), std::move(*name)};
  co_await user_store::record(redis_, user, known.email, known.display_name);
  co_return known;
}

asio::awaitable<DisplayNames> People::names(const std::vector<std::string>& users) {
  auto names = co_await user_store::display_names(redis_, users);
  for (const auto& user : users) {
    if (names.contains(user)) {
      continue;
    }
    std::optional<Known> known;
    try {
      known = co_await ask_api(user);
    } catch (const core::Error& e) {
      core::log::warn("a name is left out: api was not asked",
                      {{"userId", user}, {"error", e.what()}});
    }
    if (known) {
      names.emplace(user, std::move(known->display_name));
    }
  }
  co_return names;
}

asio::awaitable<std::optional<core::mail::Address>> People::address(const std::string& user) {
  if (auto known = co_await user_store::address(redis_, user)) {
    co_return known;
  }
  auto asked = co_await ask_api(user);
  if (!asked) {
    co_return std::nullopt;
  }
  co_return core::mail::Address{std::move(asked->email), std::move(asked->display_name)};
}

}  // namespace classroom::notify
