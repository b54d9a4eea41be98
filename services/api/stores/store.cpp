#include "services/api/stores/store.hpp"

#include <boost/json.hpp>

namespace classroom::api::stores {

std::vector<Link> links(std::string_view json) {
  std::vector<Link> out;
  auto parsed = boost::json::parse(json);
  for (const auto& v : parsed.as_array()) {
    const auto& o = v.as_object();
    out.push_back(
        Link{std::string(o.at("url").as_string()), std::string(o.at("title").as_string())});
  }
  return out;
}

std::string links_json(const std::vector<Link>& links) {
  boost::json::array out;
  for (const Link& l : links) {
    out.push_back(boost::json::object{{"url", l.url}, {"title", l.title}});
  }
  return boost::json::serialize(out);
}

}  // namespace classroom::api::stores
