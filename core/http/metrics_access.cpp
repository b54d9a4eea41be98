#include "core/http/metrics_access.hpp"

#include "core/errors.hpp"
#include "core/http/bearer.hpp"

namespace classroom::core::http {

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
