#include "core/http/bearer.hpp"

#include "core/text.hpp"

namespace classroom::core::http {

std::optional<std::string_view> bearer_credentials(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer ";
  authorization = trim(authorization);
  if (authorization.size() <= kScheme.size() ||
      ascii_lower(authorization.substr(0, kScheme.size())) != kScheme) {
    return std::nullopt;
  }
  auto credentials = trim(authorization.substr(kScheme.size()));
  if (credentials.empty()) {
    return std::nullopt;
  }
  return credentials;
}

}  // namespace classroom::core::http
