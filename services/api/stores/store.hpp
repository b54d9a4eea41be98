#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/pg/store.hpp"
#include "services/api/model.hpp"

// What the api's stores share beyond core/pg/store.hpp.
namespace classroom::api::stores {

// Links (`[{url, title}]`) as stored in a jsonb column, and back.
std::vector<Link> links(std::string_view json);
std::string links_json(const std::vector<Link>& links);

}  // namespace classroom::api::stores
