#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/mail/message.hpp"
#include "services/notify/domain/audience.hpp"

namespace classroom::core {
namespace redis {
class Client;
}
namespace http {
class Client;
}
}  // namespace classroom::core

namespace classroom::notify {

// Who people are, for notify's texts and e-mails: what user.registered told
// (notify:{u}:user), else what api knows (GET /internal/users/{id}), which
// is then remembered. api is asked only for someone notify never heard of:
// a user registered before the oldest entry the events stream still holds.
class People {
 public:
  People(core::redis::Client& redis, core::http::Client& api) : redis_(redis), api_(api) {}

  // The display names of `users`; one neither notify nor api knows, or that
  // api could not be asked about now, is left out (the texts then say "A
  // student"): a name is never worth holding a notification up.
  boost::asio::awaitable<DisplayNames> names(const std::vector<std::string>& users);
  // The user's address; nullopt when api does not know them either.
  // Error(kUnavailable) when api cannot be asked: the e-mail waits.
  boost::asio::awaitable<std::optional<core::mail::Address>> address(const std::string& user);

 private:
  struct Known {
    std::string email;
    std::string display_name;
  };
  // api's answer, recorded; nullopt for a user api does not know.
  boost::asio::awaitable<std::optional<Known>> ask_api(const std::string& user);

  core::redis::Client& redis_;
  core::http::Client& api_;
};

}  // namespace classroom::notify
