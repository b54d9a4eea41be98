#include "core/http/query.hpp"

#include <algorithm>
#include <charconv>

#include "core/errors.hpp"
#include "core/ids.hpp"

namespace classroom::core::http {

namespace {

[[noreturn]] void malformed(std::string_view name, const std::string& message) {
  throw Error(ErrorCode::kMalformed, std::string(name) + " " + message,
              {FieldError{std::string(name), message}});
}

std::optional<std::string_view> non_empty(const Request& request, std::string_view name) {
  auto value = request.query(name);
  if (!value || value->empty()) {
    return std::nullopt;
  }
  return value;
}

// Every parameter is `limit`, `cursor` or one of `filters`, and none is repeated.
void require_known(const Request& request, std::initializer_list<std::string_view> filters) {
  std::string known;
  for (auto name : filters) {
    known += std::string(name) + ", ";
  }
  known += "limit, cursor";
  const auto& params = request.query_params;
  for (auto it = params.begin(); it != params.end(); ++it) {
    const std::string& name = it->first;
    bool listed = name == "limit" || name == "cursor" ||
                  std::find(filters.begin(), filters.end(), name) != filters.end();
    if (!listed) {
      malformed(name, "is not a parameter of this list (it takes " + known + ")");
    }
    if (std::any_of(params.begin(), it, [&](const auto& p) { return p.first == name; })) {
      malformed(name, "is given twice");
    }
  }
}

}  // namespace

PageRequest page_request(const Request& request, std::initializer_list<std::string_view> filters) {
  require_known(request, filters);
  PageRequest page;
  if (auto limit = request.query("limit")) {
    int value = 0;
    auto [ptr, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), value);
    if (ec != std::errc() || ptr != limit->data() + limit->size() || value < 1 || value > 200) {
      malformed("limit", "must be an integer from 1 to 200");
    }
    page.limit = value;
  }
  if (auto cursor = non_empty(request, "cursor")) {
    page.cursor = std::string(*cursor);
  }
  return page;
}

PageRequest id_page_request(const Request& request,
                            std::initializer_list<std::string_view> filters) {
  auto page = page_request(request, filters);
  if (page.cursor && !is_uuid(*page.cursor)) {
    throw Error(ErrorCode::kMalformed, "cursor is not one this endpoint gave out",
                {{"cursor", "is not valid"}});
  }
  return page;
}

std::optional<std::string> enum_query(const Request& request, std::string_view name,
                                      std::initializer_list<std::string_view> allowed) {
  auto value = non_empty(request, name);
  if (!value) {
    return std::nullopt;
  }
  std::string list;
  for (auto a : allowed) {
    if (*value == a) {
      return std::string(*value);
    }
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  malformed(name, "must be one of " + list);
}

std::optional<std::string> uuid_query(const Request& request, std::string_view name) {
  auto value = non_empty(request, name);
  if (value && !is_uuid(*value)) {
    malformed(name, "must be an id");
  }
  return value ? std::optional<std::string>(*value) : std::nullopt;
}

}  // namespace classroom::core::http
