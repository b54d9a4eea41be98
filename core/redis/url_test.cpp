#include "core/redis/url.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"

namespace classroom::core::redis {
namespace {

// The message of the error parse_url throws, or "" when it does not throw.
std::string rejection(std::string_view url) {
  try {
    parse_url(url);
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
    return error.what();
  }
  return "";
}

TEST(RedisUrl, HostAndPortWithDefaults) {
  auto endpoint = parse_url("redis://127.0.0.1:16379");
  EXPECT_EQ(endpoint.host, "127.0.0.1");
  EXPECT_EQ(endpoint.port, 16379);
  EXPECT_EQ(endpoint.username, "");
  EXPECT_FALSE(endpoint.password);
  EXPECT_EQ(endpoint.db, 0);
  EXPECT_EQ(endpoint.address(), "127.0.0.1:16379");
}

TEST(RedisUrl, PortDefaultsTo6379) {
  auto endpoint = parse_url("redis://cache.internal");
  EXPECT_EQ(endpoint.host, "cache.internal");
  EXPECT_EQ(endpoint.port, 6379);
}

TEST(RedisUrl, PasswordWithoutUserAuthenticatesTheDefaultUser) {
  auto endpoint = parse_url("redis://:s%3Acret@localhost:6380/2");
  EXPECT_EQ(endpoint.username, "");
  EXPECT_EQ(endpoint.password, "s:cret");
  EXPECT_EQ(endpoint.db, 2);
}

TEST(RedisUrl, UserAndPasswordAreBothKept) {
  auto endpoint = parse_url("redis://notify:pw@localhost/0");
  EXPECT_EQ(endpoint.username, "notify");
  EXPECT_EQ(endpoint.password, "pw");
  EXPECT_EQ(endpoint.db, 0);
}

TEST(RedisUrl, EmptyPasswordIsStillSent) {
  EXPECT_EQ(parse_url("redis://:@localhost").password, "");
}

TEST(RedisUrl, SchemeIsCaseInsensitive) { EXPECT_EQ(parse_url("REDIS://h:1").port, 1); }

TEST(RedisUrl, Ipv6HostLosesItsBrackets) {
  auto endpoint = parse_url("redis://[::1]:6379");
  EXPECT_EQ(endpoint.host, "::1");
  EXPECT_EQ(endpoint.address(), "[::1]:6379");
}

TEST(RedisUrl, RejectsWhatItCannotUse) {
  EXPECT_NE(rejection("127.0.0.1:6379"), "");
  EXPECT_NE(rejection("rediss://localhost"), "");
  EXPECT_NE(rejection("http://localhost"), "");
  EXPECT_NE(rejection("redis://"), "");
  EXPECT_NE(rejection("redis://localhost:0"), "");
  EXPECT_NE(rejection("redis://localhost:70000"), "");
  EXPECT_NE(rejection("redis://localhost:"), "");
  EXPECT_NE(rejection("redis://localhost/one"), "");
  EXPECT_NE(rejection("redis://localhost/1/2"), "");
  EXPECT_NE(rejection("redis://localhost/-1"), "");
  EXPECT_NE(rejection("redis://localhost?db=1"), "");
  EXPECT_NE(rejection("redis://user@localhost"), "");
}

TEST(RedisUrl, ErrorsNeverShowThePassword) {
  std::string message = rejection("redis://:hunter2@localhost/x");
  EXPECT_NE(message, "");
  EXPECT_EQ(message.find("hunter2"), std::string::npos);
}

}  // namespace
}  // namespace classroom::core::redis
