#include "core/http/trusted_proxies.hpp"

#include <gtest/gtest.h>

namespace classroom::core::http {
namespace {

namespace ip = boost::asio::ip;

TEST(TrustedProxies, LoopbackByDefaultListMatchesOnlyLoopback) {
  TrustedProxies proxies("127.0.0.0/8,::1");
  EXPECT_TRUE(proxies.contains(ip::make_address("127.0.0.1")));
  EXPECT_TRUE(proxies.contains(ip::make_address("127.5.6.7")));
  EXPECT_TRUE(proxies.contains(ip::make_address("::1")));
  EXPECT_FALSE(proxies.contains(ip::make_address("10.0.0.1")));
  EXPECT_FALSE(proxies.contains(ip::make_address("::2")));
}

TEST(TrustedProxies, NetworksMatchByPrefix) {
  TrustedProxies proxies("10.1.0.0/16, fd00::/8, 192.0.2.7");
  EXPECT_TRUE(proxies.contains(ip::make_address("10.1.255.3")));
  EXPECT_FALSE(proxies.contains(ip::make_address("10.2.0.1")));
  EXPECT_TRUE(proxies.contains(ip::make_address("fd12::1")));
  EXPECT_TRUE(proxies.contains(ip::make_address("192.0.2.7")));
  EXPECT_FALSE(proxies.contains(ip::make_address("192.0.2.8")));
  // An IPv4 peer seen as IPv4-mapped IPv6 is the same peer.
  EXPECT_TRUE(proxies.contains(ip::make_address("::ffff:10.1.0.9")));
}

TEST(TrustedProxies, EmptyListTrustsNobody) {
  TrustedProxies proxies("");
  EXPECT_FALSE(proxies.contains(ip::make_address("127.0.0.1")));
}

TEST(TrustedProxies, BadEntriesAreRefused) {
  EXPECT_THROW(TrustedProxies("10.0.0.0/33"), std::invalid_argument);
  EXPECT_THROW(TrustedProxies("gateway.local"), std::invalid_argument);
  EXPECT_THROW(TrustedProxies("10.0.0.0/x"), std::invalid_argument);
}

}  // namespace
}  // namespace classroom::core::http
