#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// The origin (RFC 6454) of an http or https URL: `scheme://host[:port]` in
// lower case, the port only when it is not the scheme's default, without
// path, query or user; nullopt for anything else ("null", a relative URL).
std::optional<std::string> url_origin(std::string_view url);

// Does a browser request come from one of our pages? `source` is its Origin
// header, or its Referer (a full URL) when the browser sent no Origin;
// `allowed` holds origins as url_origin() writes them. The client's Host
// header plays no part: a client chooses it.
bool origin_allowed(std::string_view source, const std::vector<std::string>& allowed);

}  // namespace classroom::auth
