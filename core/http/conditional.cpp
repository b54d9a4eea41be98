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
  std::string_view tag = *header;
  if (tag.starts_with("W/")) {
    tag.remove_prefix(2);
  }
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

PageRequest page_request(const Request& request) {
  PageRequest page;
  if (auto limit = request.query("limit")) {
    int value = 0;
    auto [ptr, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), value);
    if (ec != std::errc() || ptr != limit->data() + limit->size() || value < 1 || value > 200) {
      throw Error(ErrorCode::kMalformed, "limit must be an integer from 1 to 200",
                  {FieldError{"limit", "must be an integer from 1 to 200"}});
    }
    page.limit = value;
  }
  if (auto cursor = request.query("cursor"); cursor && !cursor->empty()) {
    page.cursor = std::string(*cursor);
  }
  return page;
}

}  // namespace classroom::core::http
