#include "services/auth/admin.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>
#include <iostream>

#include "core/errors.hpp"
#include "core/pg/pg.hpp"
#include "core/text.hpp"
#include "services/auth/domain.hpp"
#include "services/auth/passwords.hpp"
#include "services/auth/users.hpp"

namespace classroom::auth {

namespace asio = boost::asio;

namespace {

asio::awaitable<std::string> promote_or_create(asio::io_context& io, const Config& config,
                                               NewUser user, const std::string& password) {
  core::pg::Pool db(io, *config.db);
  UserStore users(db);
  if (auto existing = co_await users.find_by_email(user.email)) {
    UserChange promote{.role = "admin", .active = true};
    co_await users.update(existing->id, promote, existing->id);
    co_return "promoted " + existing->email + " (" + existing->id + ") to admin";
  }
  user.password_hash = hash_password(password, config.passwords);
  User created = co_await users.create(user);
  co_return "created admin " + created.email + " (" + created.id + ")";
}

}  // namespace

int create_admin(const Config& config, const std::string& email, const std::string& display_name,
                 const std::string& password) {
  try {
    NewUser user;
    user.email = core::normalize_email(email);
    user.display_name =
        validate_display_name(display_name.empty() ? "Administrator" : display_name);
    user.role = "admin";
    validate_password(password);
    asio::io_context io;
    auto done = asio::co_spawn(io, promote_or_create(io, config, user, password), asio::use_future);
    io.run();
    std::cout << done.get() << "\n";
    return 0;
  } catch (const core::Error& e) {
    std::cerr << "create-admin: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace classroom::auth
