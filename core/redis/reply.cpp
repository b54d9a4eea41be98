#include <fmt/format.h>

#include "core/errors.hpp"
#include "core/redis/redis.hpp"

namespace classroom::core::redis {

Reply Reply::make_integer(std::int64_t value) {
  Reply reply;
  reply.type_ = Type::kInteger;
  reply.integer_ = value;
  return reply;
}

Reply Reply::make_array(std::vector<Reply> elements) {
  Reply reply;
  reply.type_ = Type::kArray;
  reply.elements_ = std::move(elements);
  return reply;
}

void Reply::expect(Type type, std::string_view wanted) const {
  if (type_ != type) {
    throw Error(ErrorCode::kInternal,
                fmt::format("redis reply is {}, not {}", to_string(type_), wanted));
  }
}

const std::string& Reply::str() const {
  if (type_ != Type::kString && type_ != Type::kStatus && type_ != Type::kError) {
    expect(Type::kString, "text");
  }
  return text_;
}

std::int64_t Reply::integer() const {
  expect(Type::kInteger, "an integer");
  return integer_;
}

const std::vector<Reply>& Reply::elements() const {
  expect(Type::kArray, "an array");
  return elements_;
}

std::optional<std::string> Reply::as_optional_string() const {
  if (type_ == Type::kNil) {
    return std::nullopt;
  }
  if (type_ != Type::kStatus) {
    expect(Type::kString, "a string or nil");
  }
  return text_;
}

std::vector<std::pair<std::string, std::string>> Reply::as_pairs() const {
  const auto& items = elements();
  if (items.size() % 2 != 0) {
    throw Error(ErrorCode::kInternal, "redis reply has an odd number of elements, not pairs");
  }
  std::vector<std::pair<std::string, std::string>> pairs;
  pairs.reserve(items.size() / 2);
  for (std::size_t i = 0; i < items.size(); i += 2) {
    pairs.emplace_back(items[i].str(), items[i + 1].str());
  }
  return pairs;
}

std::unordered_map<std::string, std::string> Reply::as_map() const {
  std::unordered_map<std::string, std::string> map;
  for (auto& [field, value] : as_pairs()) {
    map.insert_or_assign(std::move(field), std::move(value));
  }
  return map;
}

std::string_view to_string(Reply::Type type) noexcept {
  switch (type) {
    case Reply::Type::kNil:
      return "nil";
    case Reply::Type::kString:
      return "a string";
    case Reply::Type::kStatus:
      return "a status";
    case Reply::Type::kInteger:
      return "an integer";
    case Reply::Type::kArray:
      return "an array";
    case Reply::Type::kError:
      return "an error";
  }
  return "unknown";
}

std::string_view ReplyError::prefix() const noexcept {
  std::string_view message = what();
  return message.substr(0, message.find(' '));
}

void throw_reply_error(const Reply& error) {
  ReplyError reply_error(error.str());
  constexpr std::string_view kTransient[] = {"LOADING", "OOM",        "MISCONF",  "READONLY",
                                             "BUSY",    "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN"};
  for (std::string_view prefix : kTransient) {
    if (reply_error.prefix() == prefix) {
      throw Error(ErrorCode::kUnavailable, "redis unavailable: " + error.str())
          .with_retry_after(std::chrono::seconds(1));
    }
  }
  throw reply_error;
}

void throw_if_error(const std::vector<Reply>& replies) {
  for (const Reply& reply : replies) {
    if (reply.is_error()) {
      throw_reply_error(reply);
    }
  }
}

}  // namespace classroom::core::redis
