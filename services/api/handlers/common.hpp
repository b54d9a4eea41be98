#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/describe/class.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.hpp"
#include "core/pg/pg.hpp"
#include "services/api/model.hpp"

// Pieces every api handler file uses.
namespace classroom::api::handlers {

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

// An RFC 3339 time, normalised to UTC with milliseconds (422 otherwise).
std::string time_field(std::string_view field, std::string_view value);

}  // namespace classroom::api::handlers
