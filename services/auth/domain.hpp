#pragma once

#include <optional>
#include <string>
#include <string_view>

// Auth's rules as plain functions over plain types: no HTTP, SQL or JSON.
namespace classroom::auth {

// A name by core's rule (core/text.hpp, TextKind::kName), 1 to 100 characters.
std::string validate_display_name(std::string_view name, std::string_view field = "displayName");
// At least 8 characters (Unicode code points), at most 1024 bytes.
void validate_password(std::string_view password, std::string_view field = "password");
// "admin" or "user".
bool is_role(std::string_view role);

// The session token's transport in a Cookie header, if any.
std::optional<std::string> cookie_value(std::string_view cookie_header, std::string_view name);
// The token of an `Authorization: Bearer <token>` header, if any.
std::optional<std::string> bearer_token(std::string_view authorization);

// Does a browser request's Origin belong to us? `allowed` is a comma-separated
// list of origins; when empty, the origin must name the host the request was
// sent to (`host`, as in the Host header).
bool origin_allowed(std::string_view origin, std::string_view host, std::string_view allowed);

}  // namespace classroom::auth
