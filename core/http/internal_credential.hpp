#pragma once

#include <string_view>

#include "core/http/request.hpp"
#include "core/http/shared_secret.hpp"

namespace classroom::core::http {

// The header in which one service presents the service credential to
// another's /internal/* endpoints.
inline constexpr std::string_view kInternalTokenHeader = "X-Internal-Token";

// Whether `path` is an internal endpoint: never routed by the gateway, meant
// for other services only.
bool is_internal_path(std::string_view path);

// The service credential that internal endpoints require: a secret shared by
// the services (CLASSROOM_INTERNAL_TOKEN), which the HTTP client sends in
// X-Internal-Token.
class InternalCredential {
 public:
  // An empty token lets no one in: internal endpoints answer every call 401.
  // Throws std::invalid_argument for a token shorter than 16 bytes.
  explicit InternalCredential(std::string_view token);

  // Throws Error(kUnauthenticated) unless the request carries the credential.
  void check(const Request& request) const;

 private:
  SharedSecret secret_;
};

}  // namespace classroom::core::http
