#include "core/pg/store.hpp"

namespace classroom::core::pg {

boost::asio::awaitable<Result> refused_as(boost::asio::awaitable<Result> write, Refusal fact,
                                          Error error) {
  try {
    co_return co_await std::move(write);
  } catch (const SqlError& e) {
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

void require_row(const Result& r, std::string_view what) {
  if (r.empty()) {
    throw Error(ErrorCode::kNotFound, "no such " + std::string(what));
  }
}

std::string uuid_array(const std::vector<std::string>& ids) {
  std::string out = "{";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    out += (i ? "," : "") + ids[i];
  }
  return out + "}";
}

std::string text_array(const std::vector<std::string>& texts) {
  std::string out = "{";
  for (std::size_t i = 0; i < texts.size(); ++i) {
    out += i ? ",\"" : "\"";
    for (char c : texts[i]) {
      if (c == '"' || c == '\\') {
        out += '\\';
      }
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

}  // namespace classroom::core::pg
