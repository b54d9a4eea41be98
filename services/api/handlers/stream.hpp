#pragma once

#include <boost/describe/class.hpp>
#include <cstddef>
#include <string>

// What the stream's handlers (announcements, comments) share.
namespace classroom::api::handlers {

inline constexpr std::size_t kPostTextMax = 10000;

// The body of a post or a comment.
struct TextBody {
  std::string text;
};
BOOST_DESCRIBE_STRUCT(TextBody, (), (text))

}  // namespace classroom::api::handlers
