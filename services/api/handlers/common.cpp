#include "services/api/handlers/common.hpp"

#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "services/api/domain.hpp"
#include "services/api/service.hpp"

namespace classroom::api::handlers {

using core::Error;
using core::ErrorCode;

boost::asio::awaitable<core::pg::Result> translate(boost::asio::awaitable<core::pg::Result> write,
                                                   Refusal fact, core::Error error) {
  try {
    co_return co_await std::move(write);
  } catch (const core::pg::SqlError& e) {
    bool match =
        fact == Refusal::kUniqueViolation ? e.is_unique_violation() : e.is_foreign_key_violation();
    if (!match) {
      throw;
    }
  }
  throw error;
}

std::vector<Link> checked_links(std::string_view field, const std::vector<LinkBody>& links,
                                std::size_t max) {
  if (links.size() > max) {
    throw core::invalid_field(std::string(field), "at most " + std::to_string(max) + " links");
  }
  std::vector<Link> out;
  for (std::size_t i = 0; i < links.size(); ++i) {
    std::string item = std::string(field) + "[" + std::to_string(i) + "]";
    if (!is_web_url(links[i].url)) {
      throw core::invalid_field(item + ".url", "must be an http or https URL");
    }
    auto title = core::optional_text(item + ".title", links[i].title, 300);
    out.push_back(Link{links[i].url, title.value_or(links[i].url)});
  }
  return out;
}

std::string time_field(std::string_view field, std::string_view value) {
  auto t = utc_time(value);
  if (!t) {
    throw core::invalid_field(
        std::string(field),
        "must be an RFC 3339 time between 1970 and 2199, e.g. 2026-12-01T09:00:00Z");
  }
  return *t;
}

}  // namespace classroom::api::handlers
