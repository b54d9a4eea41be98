#include "services/api/stores/store.hpp"

#include <boost/json.hpp>

namespace classroom::api::stores {

boost::asio::awaitable<core::pg::Result> refused_as(boost::asio::awaitable<core::pg::Result> write,
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

int Columns::index(const char* name) const {
  for (const auto& [known, col] : known_) {
    if (known == name) {  // the same literal: no need to compare the text
      return col;
    }
  }
  int col = r_.column(name);
  known_.emplace_back(name, col);
  return col;
}

void require_row(const core::pg::Result& r, std::string_view what) {
  if (r.empty()) {
    throw core::Error(core::ErrorCode::kNotFound, "no such " + std::string(what));
  }
}

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

std::string uuid_array(const std::vector<std::string>& ids) {
  std::string out = "{";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    out += (i ? "," : "") + ids[i];
  }
  return out + "}";
}

}  // namespace classroom::api::stores
