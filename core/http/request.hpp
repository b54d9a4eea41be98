#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace classroom::core::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };
std::string_view method_name(Method method);
Method parse_method(std::string_view name);
// Methods that change state, for CSRF and idempotency rules.
bool is_unsafe(Method method);

using Headers = std::vector<std::pair<std::string, std::string>>;

// The caller as the gateway established it (X-Auth-* headers). Services
// behind the gateway never see or parse tokens.
struct Identity {
  std::string user_id;
  std::string email;
  std::string role;  // "admin" or "user"
  std::string session_id;
  bool email_verified = false;  // X-Auth-Email-Verified: the owner proved the address
  bool is_admin() const { return role == "admin"; }
};

class KeyedWrite;  // core/http/idempotency.cpp

// A request as handlers see it: no Beast type, so handler headers stay light.
class Request {
 public:
  Method method = Method::kGet;
  std::string target;  // path and query as sent
  std::string path;    // percent-decoded path
  Headers headers;     // names in lower case
  std::string body;
  std::string request_id;
  std::string client_address;  // the peer, or X-Real-IP when the peer is a trusted proxy
  std::vector<std::pair<std::string, std::string>> path_params;   // set by the router
  std::vector<std::pair<std::string, std::string>> query_params;  // decoded, in order
  // Set while the request runs under an Idempotency-Key: its writes join the
  // transaction that records the key (http::begin, core/http/idempotency.hpp).
  KeyedWrite* keyed_write = nullptr;

  std::optional<std::string_view> header(std::string_view lower_name) const;
  std::optional<std::string_view> query(std::string_view name) const;
  // The value of a `{name}` segment of the matched route (empty if none).
  std::string_view param(std::string_view name) const;
  // The identity headers, if the gateway set them.
  std::optional<Identity> identity() const;
  // The identity, or Error(kUnauthenticated).
  Identity require_identity() const;
};

}  // namespace classroom::core::http
