#include "core/http/trusted_proxies.hpp"

#include <charconv>
#include <stdexcept>
#include <string>

namespace classroom::core::http {

namespace ip = boost::asio::ip;

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') {
    s.remove_prefix(1);
  }
  while (!s.empty() && s.back() == ' ') {
    s.remove_suffix(1);
  }
  return s;
}

// The address as 16 bytes: IPv4 as IPv4-mapped IPv6, so one comparison serves both.
ip::address_v6::bytes_type bytes_of(const ip::address& address) {
  return address.is_v4() ? ip::make_address_v6(ip::v4_mapped, address.to_v4()).to_bytes()
                         : address.to_v6().to_bytes();
}

}  // namespace

TrustedProxies::TrustedProxies(std::string_view list) {
  while (!list.empty()) {
    auto comma = list.find(',');
    std::string_view entry = trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (entry.empty()) {
      continue;
    }
    auto slash = entry.find('/');
    boost::system::error_code ec;
    auto base = ip::make_address(std::string(entry.substr(0, slash)), ec);
    unsigned max = base.is_v4() ? 32 : 128;
    unsigned prefix = max;
    if (!ec && slash != std::string_view::npos) {
      auto digits = entry.substr(slash + 1);
      auto [ptr, err] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
      if (err != std::errc() || ptr != digits.data() + digits.size() || prefix > max) {
        ec = make_error_code(boost::system::errc::invalid_argument);
      }
    }
    if (ec) {
      throw std::invalid_argument("not an address or network: " + std::string(entry));
    }
    // Stored as IPv6 prefixes: an IPv4 /n is the mapped ::ffff:0:0/96 plus n.
    networks_.push_back({base, base.is_v4() ? prefix + 96 : prefix});
  }
}

bool TrustedProxies::contains(const ip::address& address) const {
  auto candidate = bytes_of(address);
  for (const Network& network : networks_) {
    auto base = bytes_of(network.base);
    unsigned bits = network.prefix;
    bool match = true;
    for (std::size_t i = 0; i < candidate.size() && bits > 0 && match; ++i) {
      unsigned take = bits >= 8 ? 8 : bits;
      unsigned char mask = static_cast<unsigned char>(0xFF << (8 - take));
      match = (candidate[i] & mask) == (base[i] & mask);
      bits -= take;
    }
    if (match) {
      return true;
    }
  }
  return false;
}

}  // namespace classroom::core::http
