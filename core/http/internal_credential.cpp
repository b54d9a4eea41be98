#include "core/http/internal_credential.hpp"

#include <string>

#include "core/errors.hpp"

namespace classroom::core::http {
namespace {

Error refused(std::string detail) {
  return Error(ErrorCode::kUnauthenticated, std::move(detail))
      .with_header("WWW-Authenticate", std::string(kInternalTokenHeader));
}

}  // namespace

bool is_internal_path(std::string_view path) { return path.starts_with("/internal/"); }

InternalCredential::InternalCredential(std::string_view token)
    : secret_(token, "CLASSROOM_INTERNAL_TOKEN") {}

void InternalCredential::check(const Request& request) const {
  if (!secret_.configured()) {
    throw refused("this service has no service credential configured: it serves no internal call");
  }
  auto presented = request.header("x-internal-token");
  if (!presented) {
    throw refused("internal endpoints require the service credential in " +
                  std::string(kInternalTokenHeader));
  }
  if (!secret_.matches(*presented)) {
    throw refused("the service credential in " + std::string(kInternalTokenHeader) +
                  " is not valid");
  }
}

}  // namespace classroom::core::http
