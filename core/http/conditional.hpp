#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/http/request.hpp"

namespace classroom::core::http {

// Resources carry a version number; their ETag is that number, quoted.
std::string etag(std::int64_t version);
// The version an `If-Match` header asks for; nullopt when there is none or it
// is `*`. A tag that is not one of ours, or a weak one (If-Match compares
// strongly), can match nothing: kPreconditionFailed.
std::optional<std::int64_t> if_match_version(const Request& request);

// kPreconditionFailed ("the <what> was changed since it was read") when If-Match
// named a version (`expected`) other than the `current` one.
void check_version(std::optional<std::int64_t> expected, std::int64_t current,
                   std::string_view what);
void check_version(const Request& request, std::int64_t current, std::string_view what);
// After a write conditional on `expected` changed no row: kPreconditionFailed
// when If-Match named a version, else kNotFound (deleted meanwhile).
[[noreturn]] void changed_or_gone(std::string_view what, std::optional<std::int64_t> expected);

}  // namespace classroom::core::http
