#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace classroom::core::http {

// A secret that callers present to be let in (the service credential, a
// scraper's token). Only a digest of it is kept, and a presented value is
// compared with it in constant time, so the comparison reveals neither the
// secret nor its length.
class SharedSecret {
 public:
  // An empty secret is none: nothing matches it. Throws
  // std::invalid_argument naming `variable` for one shorter than 16 bytes.
  SharedSecret(std::string_view secret, std::string_view variable);

  bool configured() const { return digest_.has_value(); }
  bool matches(std::string_view presented) const;

 private:
  std::optional<std::array<unsigned char, 32>> digest_;
};

}  // namespace classroom::core::http
