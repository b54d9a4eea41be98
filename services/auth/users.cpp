#include "services/auth/users.hpp"

#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/http/conditional.hpp"
#include "core/ids.hpp"
#include "core/outbox/outbox.hpp"
#include "core/pg/pg.hpp"
#include "services/auth/email_tokens.hpp"
#include "services/auth/queries.hpp"

namespace classroom::auth {

namespace asio = boost::asio;
using core::Error;
using core::ErrorCode;

namespace {

User read_user(const core::pg::Result& r, int row) {
  return User{r.get<std::string>(row, 0),  r.get<std::string>(row, 1), r.get<std::string>(row, 2),
              r.get<std::string>(row, 3),  r.get<bool>(row, 4),        r.get<std::int64_t>(row, 5),
              r.get<std::int64_t>(row, 6), r.get<std::string>(row, 7), r.get<bool>(row, 8)};
}

std::optional<User> first(const core::pg::Result& r) {
  if (r.empty()) {
    return std::nullopt;
  }
  return read_user(r, 0);
}

// The account a token was used for, locked; nullopt unless it is active and
// still holds the address the link was sent to.
asio::awaitable<std::optional<User>> lock_account_of(core::pg::Transaction& tx,
                                                     std::string_view token, TokenPurpose purpose) {
  auto use = co_await use_token(tx, token, purpose);
  if (!use) {
    co_return std::nullopt;
  }
  auto user = first(co_await tx.query(queries::kSelectUserForUpdate, use->user_id));
  if (!user || !user->active || user->email != use->email) {
    co_return std::nullopt;
  }
  co_return user;
}

core::outbox::Event email_verified_event(const User& user) {
  boost::json::object data{{"userId", user.id}, {"email", user.email}};
  return {"user.email_verified", user.id, std::nullopt, boost::json::serialize(data)};
}

core::outbox::Event password_reset_event(const User& user) {
  boost::json::object data{{"userId", user.id}};
  return {"user.password_reset", user.id, std::nullopt, boost::json::serialize(data)};
}

}  // namespace

asio::awaitable<User> UserStore::create(const NewUser& user) {
  auto tx = co_await db_.begin();
  User created;
  try {
    auto r = co_await tx.query(queries::kInsertUser, core::new_uuid(), user.email,
                               user.display_name, user.password_hash, user.role);
    created = read_user(r, 0);
  } catch (const core::pg::SqlError& e) {
    if (e.is_unique_violation()) {
      throw Error(ErrorCode::kAlreadyExists, "an account with this e-mail already exists");
    }
    throw;
  }
  boost::json::object data{{"userId", created.id},
                           {"email", created.email},
                           {"displayName", created.display_name},
                           {"role", created.role}};
  core::outbox::Event event{"user.registered", created.id, std::nullopt,
                            boost::json::serialize(data)};
  co_await core::outbox::enqueue(tx, event);
  co_await tx.commit();
  co_return created;
}

asio::awaitable<std::optional<User>> UserStore::find_by_email(const std::string& email) {
  co_return first(co_await db_.query(queries::kSelectUserByEmail, email));
}

asio::awaitable<std::optional<User>> UserStore::find_by_id(const std::string& id) {
  if (!core::is_uuid(id)) {
    co_return std::nullopt;
  }
  co_return first(co_await db_.query(queries::kSelectUserById, id));
}

asio::awaitable<void> UserStore::set_password(const std::string& id, const std::string& hash) {
  co_await db_.query(queries::kSetPassword, id, hash);
}

asio::awaitable<std::optional<User>> UserStore::verify_email(std::string_view token) {
  auto tx = co_await db_.begin();
  auto user = co_await lock_account_of(tx, token, TokenPurpose::kVerifyEmail);
  if (!user) {
    co_return std::nullopt;  // rolled back: nothing was used
  }
  if (!user->email_verified) {
    user = read_user(co_await tx.query(queries::kSetEmailVerified, user->id), 0);
    co_await core::outbox::enqueue(tx, email_verified_event(*user));
  }
  co_await tx.commit();
  co_return user;
}

asio::awaitable<std::optional<User>> UserStore::reset_password(std::string_view token,
                                                               const std::string& hash) {
  auto tx = co_await db_.begin();
  auto user = co_await lock_account_of(tx, token, TokenPurpose::kResetPassword);
  if (!user) {
    co_return std::nullopt;
  }
  User updated = read_user(co_await tx.query(queries::kResetPassword, user->id, hash), 0);
  co_await tx.query(queries::kEndResetTokens, user->id);
  // Before user.email_verified: consumed in order, the sessions it would
  // mark verified are gone by then.
  co_await core::outbox::enqueue(tx, password_reset_event(updated));
  if (!user->email_verified) {
    co_await core::outbox::enqueue(tx, email_verified_event(updated));
  }
  co_await tx.commit();
  co_return updated;
}

asio::awaitable<std::vector<User>> UserStore::list(std::optional<std::string> cursor, int limit) {
  auto r = co_await db_.query(queries::kListUsers, cursor, limit);
  std::vector<User> users;
  users.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) {
    users.push_back(read_user(r, i));
  }
  co_return users;
}

asio::awaitable<User> UserStore::update(const std::string& id, const UserChange& change,
                                        const std::string& actor_id) {
  if (!core::is_uuid(id)) {
    throw Error(ErrorCode::kNotFound, "no such user");
  }
  auto tx = co_await db_.begin();
  auto current = first(co_await tx.query(queries::kSelectUserForUpdate, id));
  if (!current) {
    throw Error(ErrorCode::kNotFound, "no such user");
  }
  core::http::check_version(change.expected_version, current->version, "user");
  std::string role = change.role.value_or(current->role);
  bool active = change.active.value_or(current->active);
  auto updated = read_user(co_await tx.query(queries::kUpdateUser, id, role, active), 0);
  std::vector<core::outbox::Event> events;
  auto event = [&](std::string type, boost::json::object data) {
    data["userId"] = id;
    events.push_back({std::move(type), actor_id, std::nullopt, boost::json::serialize(data)});
  };
  if (current->active && !active) {
    event("user.deactivated", {});
  } else if (!current->active && active) {
    event("user.reactivated", {});
  }
  if (current->role != role) {
    event("user.role_changed", {{"role", role}});
  }
  for (const auto& e : events) {
    co_await core::outbox::enqueue(tx, e);
  }
  co_await tx.commit();
  co_return updated;
}

}  // namespace classroom::auth
