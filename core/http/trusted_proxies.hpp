#pragma once

#include <boost/asio/ip/address.hpp>
#include <string_view>
#include <vector>

namespace classroom::core::http {

// The peers allowed to speak for the client: the gateway. Only requests from
// them have their X-Real-IP (the client's address) honoured; from anyone else
// it is dropped. Who is calling (X-Auth-*) is proven by its signature, not by
// the peer (IdentityVerifier).
class TrustedProxies {
 public:
  // A comma-separated list of addresses and CIDR networks, e.g.
  // "127.0.0.0/8,::1,10.0.0.0/8"; throws std::invalid_argument on a bad entry.
  explicit TrustedProxies(std::string_view list);
  bool contains(const boost::asio::ip::address& address) const;

 private:
  struct Network {
    boost::asio::ip::address base;
    unsigned prefix;
  };
  std::vector<Network> networks_;
};

}  // namespace classroom::core::http
