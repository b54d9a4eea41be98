#include "services/auth/domain.hpp"

#include <algorithm>
#include <cctype>

#include "core/errors.hpp"
#include "core/text.hpp"

namespace classroom::auth {

using core::code_points;
using core::trim;

namespace {

core::Error invalid(std::string_view field, std::string message) {
  return core::invalid_field(std::string(field), std::move(message));
}

}  // namespace

std::string validate_display_name(std::string_view name, std::string_view field) {
  return core::required_name(field, name, 100);
}

void validate_password(std::string_view password, std::string_view field) {
  if (code_points(password) < 8) {
    throw invalid(field, "must be at least 8 characters");
  }
  if (password.size() > 1024) {
    throw invalid(field, "must be at most 1024 bytes");
  }
}

bool is_role(std::string_view role) { return role == "admin" || role == "user"; }

std::optional<std::string> cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    auto end = header.find(';');
    std::string_view pair = trim(header.substr(0, end));
    auto eq = pair.find('=');
    if (eq != std::string_view::npos && trim(pair.substr(0, eq)) == name) {
      std::string_view value = trim(pair.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      if (!value.empty()) {
        return std::string(value);
      }
    }
    if (end == std::string_view::npos) {
      break;
    }
    header.remove_prefix(end + 1);
  }
  return std::nullopt;
}

std::optional<std::string> bearer_token(std::string_view authorization) {
  authorization = trim(authorization);
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size()) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) {
      return std::nullopt;
    }
  }
  std::string_view token = trim(authorization.substr(kScheme.size()));
  if (token.empty()) {
    return std::nullopt;
  }
  return std::string(token);
}

bool origin_allowed(std::string_view origin, std::string_view host, std::string_view allowed) {
  if (origin.empty() || origin == "null") {
    return false;
  }
  if (allowed.empty()) {
    auto scheme_end = origin.find("://");
    return scheme_end != std::string_view::npos && origin.substr(scheme_end + 3) == host;
  }
  while (!allowed.empty()) {
    auto comma = allowed.find(',');
    if (trim(allowed.substr(0, comma)) == origin) {
      return true;
    }
    if (comma == std::string_view::npos) {
      break;
    }
    allowed.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace classroom::auth
