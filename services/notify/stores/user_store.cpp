#include "services/notify/stores/user_store.hpp"

#include <map>

#include "core/redis/redis.hpp"
#include "services/notify/stores/keys.hpp"

namespace classroom::notify::user_store {

namespace asio = boost::asio;

namespace {

std::string key(const std::string& user) { return keys::of(user, "user"); }

// user id -> the user's `field`, for those of `users` who have one.
asio::awaitable<std::map<std::string, std::string, std::less<>>> fields(
    core::redis::Client& redis, const std::vector<std::string>& users, const char* field) {
  std::map<std::string, std::string, std::less<>> found;
  if (users.empty()) {
    co_return found;
  }
  std::vector<std::vector<std::string>> commands;
  commands.reserve(users.size());
  for (const auto& u : users) {
    commands.push_back({"HGET", key(u), field});
  }
  auto replies = co_await redis.pipeline(std::move(commands));
  core::redis::throw_if_error(replies);
  for (std::size_t i = 0; i < users.size(); ++i) {
    if (auto value = replies[i].as_optional_string()) {
      found.emplace(users[i], std::move(*value));
    }
  }
  co_return found;
}

}  // namespace

asio::awaitable<void> record(core::redis::Client& redis, const std::string& user,
                             const std::string& email, const std::string& display_name) {
  co_await redis("HSET", key(user), "email", email, "displayName", display_name);
}

asio::awaitable<void> record_verified(core::redis::Client& redis, const std::string& user,
                                      const std::string& email) {
  co_await redis("HSET", key(user), "verifiedEmail", email);
}

asio::awaitable<DisplayNames> display_names(core::redis::Client& redis,
                                            const std::vector<std::string>& users) {
  co_return co_await fields(redis, users, "displayName");
}

asio::awaitable<VerifiedEmails> verified_emails(core::redis::Client& redis,
                                                const std::vector<std::string>& users) {
  co_return co_await fields(redis, users, "verifiedEmail");
}

asio::awaitable<std::optional<core::mail::Address>> address(core::redis::Client& redis,
                                                            const std::string& user) {
  auto reply = co_await redis("HMGET", key(user), "email", "displayName");
  const auto& fields = reply.elements();
  auto email = fields.at(0).as_optional_string();
  if (!email || email->empty()) {
    co_return std::nullopt;
  }
  co_return core::mail::Address{std::move(*email), fields.at(1).as_optional_string().value_or("")};
}

}  // namespace classroom::notify::user_store
