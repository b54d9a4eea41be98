#pragma once

#include <string_view>

#include "core/http/request.hpp"
#include "core/http/shared_secret.hpp"

namespace classroom::core::http {

// /metrics is served to configured scrapers only: those that send
// `Authorization: Bearer <CLASSROOM_METRICS_TOKEN>` (Prometheus'
// `authorization` setting). Without a token configured it is served to no one.
class MetricsAccess {
 public:
  // Throws std::invalid_argument for a token shorter than 16 bytes.
  explicit MetricsAccess(std::string_view token);

  // Error(kNotFound) when no token is configured (the endpoint does not
  // exist for anyone); Error(kUnauthenticated) when the request does not
  // carry the token.
  void check(const Request& request) const;

 private:
  SharedSecret token_;
};

}  // namespace classroom::core::http
