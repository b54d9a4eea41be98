#include "core/http/conditional.hpp"

#include <charconv>

#include "core/errors.hpp"

namespace classroom::core::http {

std::string etag(std::int64_t version) { return "\"" + std::to_string(version) + "\""; }

std::optional<std::int64_t> if_match_version(const Request& request) {
  auto header = request.header("if-match");
  if (!header || *header == "*") {
    return std::nullopt;
  }
  // A weak tag (`W/"1"`) never matches: If-Match compares strongly (RFC 9110,
  // 13.1.1), and we never send one.
  std::string_view tag = *header;
  std::int64_t version = 0;
  if (tag.size() >= 3 && tag.front() == '"' && tag.back() == '"') {
    auto read = std::from_chars(tag.data() + 1, tag.data() + tag.size() - 1, version);
    // Only the very tag etag() gives: `"007"` reads as 7 but was never sent.
    if (read.ec == std::errc() && etag(version) == tag) {
      return version;
    }
  }
  throw Error(ErrorCode::kPreconditionFailed, "If-Match does not name a current version");
}

void check_version(std::optional<std::int64_t> expected, std::int64_t current,
                   std::string_view what) {
  if (expected && *expected != current) {
    changed_or_gone(what, expected);
  }
}

void check_version(const Request& request, std::int64_t current, std::string_view what) {
  check_version(if_match_version(request), current, what);
}

void changed_or_gone(std::string_view what, std::optional<std::int64_t> expected) {
  if (expected) {
    throw Error(ErrorCode::kPreconditionFailed,
                "the " + std::string(what) + " was changed since it was read");
  }
  throw Error(ErrorCode::kNotFound, "no such " + std::string(what));
}

}  // namespace classroom::core::http
