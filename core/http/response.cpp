#include "core/http/response.hpp"

#include <algorithm>
#include <cctype>

namespace classroom::core::http {
namespace {

bool same_name(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

}  // namespace

Response& Response::set_header(std::string name, std::string value) {
  for (auto& [n, v] : headers) {
    if (same_name(n, name)) {
      v = std::move(value);
      return *this;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

Response& Response::hand_over(HandOver to) {
  hand_over_to = std::make_shared<const HandOver>(std::move(to));
  return *this;
}

std::optional<std::string_view> Response::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (same_name(n, name)) {
      return v;
    }
  }
  return std::nullopt;
}

Response Response::json(int status, std::string body) {
  return text(status, std::move(body), "application/json");
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  response.set_header("Content-Type", std::move(content_type));
  return response;
}

Response Response::no_content() {
  Response response;
  response.status = 204;
  return response;
}

}  // namespace classroom::core::http
