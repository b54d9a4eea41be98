#pragma once

#include <optional>
#include <string_view>

namespace classroom::core::http {

// The credentials of an `Authorization: Bearer <credentials>` value (the
// scheme in any case, spaces around them ignored), or nothing.
std::optional<std::string_view> bearer_credentials(std::string_view authorization);

}  // namespace classroom::core::http
