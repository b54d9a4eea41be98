#pragma once

#include <boost/describe/class.hpp>
#include <boost/json/array.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.hpp"
#include "core/http/conditional.hpp"
#include "core/http/request.hpp"
#include "core/http/response.hpp"
#include "core/pg/pg.hpp"
#include "services/api/model.hpp"

// Pieces every api handler file uses.
namespace classroom::api::handlers {

// A list page whose cursor is the last item's id (newest-first lists).
struct IdPage {
  int limit = 50;
  std::optional<std::string> after;  // the cursor: an id
};
IdPage id_page(const core::http::Request& request);

// `items` (one more than the limit was asked for) as a page: the extra item,
// if any, is dropped and the last kept one's id is the next cursor.
template <class T, class View>
core::http::Response page_of(const core::http::Request& request, std::vector<T> items, int limit,
                             View view);

// The value of query parameter `name`, which must be one of `allowed` (400 otherwise).
std::optional<std::string> enum_query(const core::http::Request& request, std::string_view name,
                                      std::initializer_list<std::string_view> allowed);
// core::json::page_response, declared here so that this header need not
// include core/json.hpp (template-heavy) for page_of.
core::http::Response page_response(const core::http::Request& request, boost::json::array items,
                                   const std::optional<std::string>& next);

// A UUID query parameter (400 when malformed).
std::optional<std::string> uuid_query(const core::http::Request& request, std::string_view name);

// Trimmed text of 1..max characters (422 otherwise).
std::string required_text(std::string_view field, std::string_view value, std::size_t max);
// Optional text: empty after trimming is null.
std::optional<std::string> optional_text(std::string_view field,
                                         const std::optional<std::string>& value, std::size_t max);
// A link as clients send it (coursework materials, a submission's links).
struct LinkBody {
  std::string url;
  std::optional<std::string> title;
};
BOOST_DESCRIBE_STRUCT(LinkBody, (), (url, title))

// `links` checked: at most `max`, http(s) URLs, titles of at most 300
// characters defaulting to the URL; a 422 names `field[i].url` or `.title`.
std::vector<Link> checked_links(std::string_view field, const std::vector<LinkBody>& links,
                                std::size_t max);

// Runs `write`; when PostgreSQL refuses it for `fact` (a unique value taken,
// or a row it refers to deleted meanwhile), throws `error` instead of the
// SqlError that would otherwise be a 500.
enum class Refusal { kUniqueViolation, kForeignKeyViolation };
boost::asio::awaitable<core::pg::Result> translate(boost::asio::awaitable<core::pg::Result> write,
                                                   Refusal fact, core::Error error);

// After a conditional write changed no row: 412 when If-Match named a
// version, else 404 (a concurrent request deleted it).
[[noreturn]] void changed_or_gone(std::string_view what, std::optional<std::int64_t> version);

// An RFC 3339 time, normalised to UTC with milliseconds (422 otherwise).
std::string time_field(std::string_view field, std::string_view value);

template <class T, class View>
core::http::Response page_of(const core::http::Request& request, std::vector<T> items, int limit,
                             View view) {
  std::optional<std::string> next;
  if (static_cast<int>(items.size()) > limit) {
    items.resize(static_cast<std::size_t>(limit));
    next = items.back().id;
  }
  boost::json::array out;
  out.reserve(items.size());
  for (const T& item : items) {
    out.push_back(view(item));
  }
  return page_response(request, std::move(out), next);
}

}  // namespace classroom::api::handlers

namespace classroom::api::handlers {

// A PATCH body's optional text member: absent (nullopt), null or empty
// (an engaged nullopt: clear it) or trimmed text of at most `max` characters.
std::optional<std::optional<std::string>> patch_text(const boost::json::object& body,
                                                     std::string_view field, std::size_t max);

}  // namespace classroom::api::handlers
