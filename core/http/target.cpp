#include "core/http/target.hpp"

#include <boost/url/parse.hpp>

#include "core/errors.hpp"

namespace classroom::core::http {

Target parse_target(std::string_view target) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) {
    throw Error(ErrorCode::kMalformed, "the request target is not a valid path");
  }
  Target out;
  out.path = url->path();
  if (out.path.empty()) {
    // push_back, not `= "/"`: GCC 12 warns falsely (-Wrestrict) on assigning
    // a literal to a string just assigned.
    out.path.push_back('/');
  }
  for (auto param : url->params()) {
    out.query_params.emplace_back(param.key, param.value);
  }
  return out;
}

}  // namespace classroom::core::http
