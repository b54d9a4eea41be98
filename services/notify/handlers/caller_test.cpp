#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "services/notify/handlers/handlers.hpp"

namespace classroom::notify::handlers {
namespace {

Request signed_in_as(std::string user) {
  Request r;
  if (!user.empty()) {
    r.headers = {{"x-auth-user", std::move(user)}};
  }
  return r;
}

core::ErrorCode refusal(const std::string& user) {
  try {
    caller_id(signed_in_as(user));
  } catch (const core::Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "accepted: " << user;
  return core::ErrorCode::kInternal;
}

TEST(Caller, AUserIdIsTheCallerInLowerCase) {
  EXPECT_EQ(caller_id(signed_in_as("0193A000-0000-7000-8000-0000000000B1")),
            "0193a000-0000-7000-8000-0000000000b1");
}

TEST(Caller, NoIdentityOrOneThatIsNotAUserIdIsUnauthenticated) {
  for (const std::string& user :
       {std::string(), std::string("admin"), std::string(R"(x","kind":"close)"),
        std::string("0193a000-0000-7000-8000-0000000000b1 ")}) {
    EXPECT_EQ(refusal(user), core::ErrorCode::kUnauthenticated) << user;
  }
}

}  // namespace
}  // namespace classroom::notify::handlers
