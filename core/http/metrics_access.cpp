#include "core/http/metrics_access.hpp"

#include "core/errors.hpp"
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

MetricsAccess::MetricsAccess(std::string_view token) : token_(token, "CLASSROOM_METRICS_TOKEN") {}

void MetricsAccess::check(const Request& request) const {
  if (!token_.configured()) {
    throw Error(ErrorCode::kNotFound, "no such resource");
  }
  auto credentials = bearer_credentials(request.header("authorization").value_or(""));
  if (!credentials || !token_.matches(*credentials)) {
    throw Error(ErrorCode::kUnauthenticated, "metrics are served to configured scrapers only")
        .with_header("WWW-Authenticate", "Bearer");
  }
}

}  // namespace classroom::core::http
