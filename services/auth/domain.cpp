#include "services/auth/domain.hpp"

#include <algorithm>
#include <boost/url/parse.hpp>

#include "core/errors.hpp"
#include "core/text.hpp"

namespace classroom::auth {

using core::ascii_lower;
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

std::optional<std::string> url_origin(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed || !parsed->has_authority() || parsed->has_userinfo() ||
      parsed->encoded_host().empty()) {
    return std::nullopt;
  }
  auto scheme = parsed->scheme_id();
  if (scheme != boost::urls::scheme::http && scheme != boost::urls::scheme::https) {
    return std::nullopt;
  }
  std::string origin = ascii_lower(parsed->scheme()) + "://" + ascii_lower(parsed->encoded_host());
  std::string_view default_port = scheme == boost::urls::scheme::https ? "443" : "80";
  if (parsed->has_port() && !parsed->port().empty() && parsed->port() != default_port) {
    origin += ":" + std::string(parsed->port());
  }
  return origin;
}

bool origin_allowed(std::string_view source, const std::vector<std::string>& allowed) {
  auto origin = url_origin(source);
  return origin && std::find(allowed.begin(), allowed.end(), *origin) != allowed.end();
}

}  // namespace classroom::auth
