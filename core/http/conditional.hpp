#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/http/request.hpp"

namespace classroom::core::http {

// Resources carry a version number; their ETag is that number, quoted.
std::string etag(std::int64_t version);
// The version an `If-Match` header asks for; nullopt when there is none or it
// is `*`. A tag that is not one of ours can match nothing: kPreconditionFailed.
std::optional<std::int64_t> if_match_version(const Request& request);

// `?limit=&cursor=` of a list endpoint (API.md): limit defaults to 50, at most
// 200; anything else is kMalformed, never silently cut.
struct PageRequest {
  int limit = 50;
  std::optional<std::string> cursor;
};
PageRequest page_request(const Request& request);

}  // namespace classroom::core::http
