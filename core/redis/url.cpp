#include "core/redis/url.hpp"

#include <fmt/format.h>

#include <boost/url/grammar/ci_string.hpp>
#include <boost/url/parse.hpp>
#include <charconv>

#include "core/errors.hpp"

namespace classroom::core::redis {
namespace {

constexpr int kMaxDatabase = 1 << 20;

Error invalid(std::string_view what) {
  return Error(ErrorCode::kInvalidArgument, fmt::format("invalid redis url: {}", what));
}

int parse_database(std::string_view path) {
  if (path.empty() || path == "/") {
    return 0;
  }
  std::string_view digits = path.substr(1);
  int db = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), db);
  if (ec != std::errc() || end != digits.data() + digits.size() || db < 0 || db > kMaxDatabase) {
    throw invalid("the path must be a database number, like /0");
  }
  return db;
}

}  // namespace

std::string Endpoint::address() const {
  if (host.find(':') != std::string::npos) {
    return fmt::format("[{}]:{}", host, port);
  }
  return fmt::format("{}:{}", host, port);
}

Endpoint parse_url(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) {
    throw invalid("not a URL");
  }
  const auto& uri = *parsed;
  if (!boost::urls::grammar::ci_is_equal(uri.scheme(), "redis")) {
    throw invalid("the scheme must be redis://");
  }
  if (uri.has_query() || uri.has_fragment()) {
    throw invalid("no query or fragment is understood");
  }
  Endpoint endpoint;
  endpoint.host = uri.host_address();
  if (endpoint.host.empty()) {
    throw invalid("no host");
  }
  if (uri.has_port()) {
    if (uri.port().empty() || uri.port_number() == 0) {
      throw invalid("the port must be a number from 1 to 65535");
    }
    endpoint.port = uri.port_number();
  }
  if (uri.has_userinfo()) {
    endpoint.username = uri.user();
    if (uri.has_password()) {
      endpoint.password = uri.password();
    } else if (!endpoint.username.empty()) {
      throw invalid("a user needs a password (user:password@)");
    }
  }
  endpoint.db = parse_database(uri.encoded_path());
  return endpoint;
}

}  // namespace classroom::core::redis
