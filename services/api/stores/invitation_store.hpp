#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/api/model.hpp"

namespace classroom::core::pg {
class Pool;
class Transaction;
}  // namespace classroom::core::pg

// Invitations to join a course, by e-mail address.
namespace classroom::api::invitation_store {

namespace asio = boost::asio;
using core::pg::Pool;
using core::pg::Transaction;

// A new pending invitation; kAlreadyExists when the address has one already.
asio::awaitable<Invitation> insert(Transaction& tx, const std::string& course_id,
                                   const std::string& email, const std::string& role,
                                   const std::string& invited_by);

// Invitation `id` locked, with its course's state (ACTIVE, ARCHIVED);
// kNotFound when there is none.
struct Locked {
  Invitation invitation;
  std::string course_state;
};
asio::awaitable<Locked> lock(Transaction& tx, std::string_view id);

// The pending invitations of `email`, newest first.
asio::awaitable<std::vector<Invitation>> list_pending(Pool& db, const std::string& email,
                                                      const std::optional<std::string>& cursor,
                                                      int count);

asio::awaitable<Invitation> set_state(Transaction& tx, const std::string& id,
                                      const std::string& state);

}  // namespace classroom::api::invitation_store
