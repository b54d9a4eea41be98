#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace classroom::core::redis {

// Where and how to connect, from a redis:// URL.
struct Endpoint {
  std::string host;
  std::uint16_t port = 6379;
  std::string username;                 // empty: the default user
  std::optional<std::string> password;  // AUTH on connect when present
  int db = 0;                           // SELECT on connect when not 0

  // host:port, for messages (never the password).
  std::string address() const;
};

// redis://[[user]:password@]host[:port][/db], user and password
// percent-decoded. Throws Error(kInvalidArgument) naming what is wrong but
// never echoing the URL, which may hold a password.
Endpoint parse_url(std::string_view url);

}  // namespace classroom::core::redis
