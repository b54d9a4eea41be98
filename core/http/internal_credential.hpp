#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "core/http/request.hpp"

namespace classroom::core::http {

// The header in which one service presents the service credential to
// another's /internal/* endpoints.
inline constexpr std::string_view kInternalTokenHeader = "X-Internal-Token";

// Whether `path` is an internal endpoint: never routed by the gateway, meant
// for other services only.
bool is_internal_path(std::string_view path);

// The service credential that internal endpoints require: a secret shared by
// the services (CLASSROOM_INTERNAL_TOKEN), which the HTTP client sends in
// X-Internal-Token. Only a digest of it is kept, and a presented token is
// compared with it in constant time, so the comparison reveals neither the
// secret nor its length.
class InternalCredential {
 public:
  // An empty token requires nothing: internal endpoints stay open to any
  // peer that can reach the service, as before services had a credential.
  // Throws std::invalid_argument for a token shorter than 16 bytes.
  explicit InternalCredential(std::string_view token);

  bool required() const { return digest_.has_value(); }
  // Throws Error(kUnauthenticated) when a credential is required and the
  // request carries none, or another one.
  void check(const Request& request) const;

 private:
  std::optional<std::array<unsigned char, 32>> digest_;
};

}  // namespace classroom::core::http
