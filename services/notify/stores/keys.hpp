#pragma once

#include <string>
#include <string_view>

// Where notify keeps things in Redis (docs/decisions.md, "Notifications").
// Every key of one user has the user's id as its hash tag, notify:{<u>}:<kind>,
// so that a Redis Cluster keeps all of them in one slot and one script may
// touch them together; a script never touches two users' keys.
namespace classroom::notify::keys {

inline std::string of(std::string_view owner, std::string_view kind) {
  std::string key = "notify:{";
  key.append(owner).append("}:").append(kind);
  return key;
}

// Global sets of the users with e-mail waiting: written after the users' own
// keys, one key per command (mail_store.hpp says why that is enough).
inline constexpr const char* kMailUsers = "notify:mail:users";
inline constexpr const char* kDigestUsers = "notify:digest:users";

}  // namespace classroom::notify::keys
