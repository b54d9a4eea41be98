#include "core/ids.hpp"
#include "core/text.hpp"
#include "services/notify/handlers/handlers.hpp"

namespace classroom::notify::handlers {

std::string caller_id(const Request& request) {
  auto user = request.require_identity().user_id;
  // Every user id auth gives out is a UUID; anything else names nobody, and
  // must never reach a key or a published message.
  if (!core::is_uuid(user)) {
    throw Error(ErrorCode::kUnauthenticated, "the signed-in identity is not a user id");
  }
  return core::ascii_lower(user);
}

}  // namespace classroom::notify::handlers
