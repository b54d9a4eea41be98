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

IdPage id_page(const core::http::Request& request) {
  auto page = core::http::page_request(request);
  if (page.cursor && !core::is_uuid(*page.cursor)) {
    throw Error(ErrorCode::kMalformed, "cursor is not one this endpoint gave out",
                {{"cursor", "is not valid"}});
  }
  return IdPage{page.limit, page.cursor};
}

std::optional<std::string> enum_query(const core::http::Request& request, std::string_view name,
                                      std::initializer_list<std::string_view> allowed) {
  auto value = request.query(name);
  if (!value || value->empty()) {
    return std::nullopt;
  }
  for (auto a : allowed) {
    if (*value == a) {
      return std::string(*value);
    }
  }
  std::string list;
  for (auto a : allowed) {
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  throw Error(ErrorCode::kMalformed, std::string(name) + " must be one of " + list,
              {{std::string(name), "must be one of " + list}});
}

std::optional<std::string> uuid_query(const core::http::Request& request, std::string_view name) {
  auto value = request.query(name);
  if (!value || value->empty()) {
    return std::nullopt;
  }
  if (!core::is_uuid(*value)) {
    throw Error(ErrorCode::kMalformed, std::string(name) + " must be an id",
                {{std::string(name), "must be an id"}});
  }
  return std::string(*value);
}

std::string required_text(std::string_view field, std::string_view value, std::size_t max) {
  auto text = core::trim(value);
  if (text.empty()) {
    throw core::invalid_field(std::string(field), "must not be empty");
  }
  if (core::code_points(text) > max) {
    throw core::invalid_field(std::string(field),
                              "must be at most " + std::to_string(max) + " characters");
  }
  return std::string(text);
}

std::optional<std::string> optional_text(std::string_view field,
                                         const std::optional<std::string>& value, std::size_t max) {
  if (!value || core::trim(*value).empty()) {
    return std::nullopt;
  }
  return required_text(field, *value, max);
}

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
    auto title = optional_text(item + ".title", links[i].title, 300);
    out.push_back(Link{links[i].url, title.value_or(links[i].url)});
  }
  return out;
}

core::http::Response page_response(const core::http::Request& request, boost::json::array items,
                                   const std::optional<std::string>& next) {
  return core::json::page_response(request, std::move(items), next);
}

void changed_or_gone(std::string_view what, std::optional<std::int64_t> version) {
  if (version) {
    throw Error(ErrorCode::kPreconditionFailed,
                "the " + std::string(what) + " was changed since it was read");
  }
  throw Error(ErrorCode::kNotFound, "no such " + std::string(what));
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

namespace classroom::api::handlers {

std::optional<std::optional<std::string>> patch_text(const boost::json::object& body,
                                                     std::string_view field, std::size_t max) {
  const boost::json::value* v = body.if_contains(field);
  if (v == nullptr) {
    return std::nullopt;
  }
  if (v->is_null()) {
    return std::optional<std::string>();
  }
  std::string text;
  core::json::detail::read(*v, text, std::string(field));
  return optional_text(field, text, max);
}

}  // namespace classroom::api::handlers
