#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/http/request.hpp"

// Query parameters as list endpoints read them (API.md, "Conventions"): a
// value that cannot be right is kMalformed (400) naming the parameter, never
// silently ignored; an absent or empty parameter is nullopt.
namespace classroom::core::http {

// `?limit=&cursor=`: limit defaults to 50, at most 200. A list takes these
// and its `filters`, each once: any other parameter, or one given twice, is
// refused rather than ignored, so that a misspelt or unsupported filter never
// answers an unfiltered list that looks like a filtered one.
struct PageRequest {
  int limit = 50;
  std::optional<std::string> cursor;
};
PageRequest page_request(const Request& request,
                         std::initializer_list<std::string_view> filters = {});
// The same for lists whose cursor is the last item's id (newest-first lists
// of uuid v7 ids): a cursor that is not an id was not given out by us.
PageRequest id_page_request(const Request& request,
                            std::initializer_list<std::string_view> filters = {});

// Parameter `name`, which must be one of `allowed`.
std::optional<std::string> enum_query(const Request& request, std::string_view name,
                                      std::initializer_list<std::string_view> allowed);
// Parameter `name`, which must be a UUID.
std::optional<std::string> uuid_query(const Request& request, std::string_view name);

}  // namespace classroom::core::http
