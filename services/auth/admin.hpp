#pragma once

#include <string>

#include "services/auth/config.hpp"

namespace classroom::auth {

// The first administrator: creates the account with role admin, or promotes
// an existing account (its password is then left as it is). Returns the
// process exit code and says what it did on stdout / what failed on stderr.
int create_admin(const Config& config, const std::string& email, const std::string& display_name,
                 const std::string& password);

}  // namespace classroom::auth
