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
  // A row mapper reads the same columns in the same order on every row, and
  // mostly in SELECT order: the entry after the last one found is almost
  // always the one asked for, and a new name is almost always the next column.
  std::size_t count = known_.size();
  for (std::size_t i = 0; i < count; ++i) {
    std::size_t at = (next_ + i) % count;
    if (known_[at].first == name) {  // the same literal: no need to compare the text
      next_ = at + 1;
      return known_[at].second;
    }
  }
  int col = r_.column(name, static_cast<int>(count));
  known_.emplace_back(name, col);
  next_ = known_.size();
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
