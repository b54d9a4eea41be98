// A request target as the server decodes it (parse_target), then the list
// parameters as handlers read them (page_request). A target is decoded or
// refused with a 400; a page request is within API.md's bounds or a 400 that
// names `limit`, or a parameter of the query that a list without filters does
// not take (or one given twice).

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "core/fuzz/check.hpp"
#include "core/http/query.hpp"
#include "core/http/target.hpp"

namespace classroom::core::fuzz {
namespace {

bool malformed(const Error& e) { return e.code() == ErrorCode::kMalformed; }

bool malformed_page(const http::Request& request, const Error& e) {
  if (e.code() != ErrorCode::kMalformed || e.fields().size() != 1) {
    return false;
  }
  const std::string& name = e.fields()[0].field;
  auto given = std::count_if(request.query_params.begin(), request.query_params.end(),
                             [&](const auto& param) { return param.first == name; });
  return name == "limit" || (name == "cursor" ? given > 1 : given > 0);
}

void check_target(std::string_view raw) {
  http::Target target;
  if (!decodes([&] { target = http::parse_target(raw); }, malformed)) {
    return;
  }
  require(target.path.starts_with('/'), "a decoded path is absolute");
  auto query = raw.find('?');
  std::size_t separators =
      query == std::string_view::npos ? 0 : std::count(raw.begin() + query, raw.end(), '&') + 1;
  require(target.query_params.size() <= separators, "each query parameter was in the query");

  http::Request request;
  request.target = raw;
  request.path = target.path;
  request.query_params = target.query_params;
  http::PageRequest page;
  if (!decodes([&] { page = http::page_request(request); },
               [&](const Error& e) { return malformed_page(request, e); })) {
    return;
  }
  require(page.limit >= 1 && page.limit <= 200, "a page's limit is from 1 to 200");
  require(!request.query("limit") || std::to_string(page.limit) == *request.query("limit") ||
              request.query("limit")->starts_with('0'),
          "a given limit is the one used");
  require(page.cursor.value_or("") == request.query("cursor").value_or(""),
          "a given cursor is passed on unchanged");
}

}  // namespace
}  // namespace classroom::core::fuzz

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  classroom::core::fuzz::check_target(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
