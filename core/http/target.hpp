#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace classroom::core::http {

// A request target (origin form, `/path?query`) as handlers see it.
struct Target {
  std::string path;                                               // percent-decoded; "/" when empty
  std::vector<std::pair<std::string, std::string>> query_params;  // decoded, in order
};

// Error(kMalformed) when `target` is not in origin form.
Target parse_target(std::string_view target);

}  // namespace classroom::core::http
