#include "core/http/request.hpp"

#include "core/errors.hpp"

namespace classroom::core::http {
namespace {

constexpr std::pair<Method, std::string_view> kMethods[] = {
    {Method::kGet, "GET"},         {Method::kHead, "HEAD"},   {Method::kPost, "POST"},
    {Method::kPut, "PUT"},         {Method::kPatch, "PATCH"}, {Method::kDelete, "DELETE"},
    {Method::kOptions, "OPTIONS"},
};

}  // namespace

std::string_view method_name(Method method) {
  for (const auto& [m, name] : kMethods) {
    if (m == method) {
      return name;
    }
  }
  return "OTHER";
}

Method parse_method(std::string_view name) {
  for (const auto& [m, n] : kMethods) {
    if (n == name) {
      return m;
    }
  }
  return Method::kOther;
}

bool is_unsafe(Method method) {
  return method != Method::kGet && method != Method::kHead && method != Method::kOptions;
}

std::optional<std::string_view> Request::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) {
      return value;
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::query(std::string_view name) const {
  for (const auto& [key, value] : query_params) {
    if (key == name) {
      return value;
    }
  }
  return std::nullopt;
}

std::string_view Request::param(std::string_view name) const {
  for (const auto& [key, value] : path_params) {
    if (key == name) {
      return value;
    }
  }
  return {};
}

std::optional<Identity> Request::identity() const {
  auto user = header("x-auth-user");
  if (!user || user->empty()) {
    return std::nullopt;
  }
  return Identity{std::string(*user), std::string(header("x-auth-user-email").value_or("")),
                  std::string(header("x-auth-role").value_or("user")),
                  std::string(header("x-auth-session").value_or("")),
                  header("x-auth-email-verified") == "true"};
}

Identity Request::require_identity() const {
  auto who = identity();
  if (!who) {
    throw Error(ErrorCode::kUnauthenticated, "sign in to use this endpoint");
  }
  return *std::move(who);
}

}  // namespace classroom::core::http
