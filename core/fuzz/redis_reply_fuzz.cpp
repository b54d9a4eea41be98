// The Redis reply parser over bytes a server (or a broken one) could send.
// Replies come out whole however the bytes are split across reads; what comes
// out was in the input (no reply is larger than the bytes it was read from);
// bytes that are not the protocol end in std::runtime_error, nothing else.

#include <cstdint>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "core/fuzz/check.hpp"
#include "core/redis/protocol.hpp"

namespace classroom::core::fuzz {
namespace {

struct Parsed {
  std::vector<redis::Reply> replies;
  bool refused = false;
  friend bool operator==(const Parsed&, const Parsed&) = default;
};

// Feeds `bytes` in reads of `chunk` bytes, taking every reply as soon as it is
// complete, as a connection does.
Parsed parse(std::string_view bytes, std::size_t chunk) {
  redis::ReplyParser parser;
  Parsed out;
  try {
    for (std::size_t at = 0; at < bytes.size(); at += chunk) {
      parser.feed(bytes.substr(at, chunk));
      while (auto reply = parser.next()) {
        out.replies.push_back(std::move(*reply));
      }
    }
  } catch (const Error& e) {
    std::fprintf(stderr, "unexpected core::Error: %s\n", e.what());
    std::abort();
  } catch (const std::runtime_error&) {
    out.refused = true;
  }
  return out;
}

// The fewest bytes a reply can take on the wire: a type byte and CRLF, and
// for a bulk string its length line and a second CRLF.
std::size_t wire_size(const redis::Reply& reply) {
  using Type = redis::Reply::Type;
  switch (reply.type()) {
    case Type::kString:
      return reply.str().size() + 5;
    case Type::kStatus:
    case Type::kError:
      return reply.str().size() + 3;
    case Type::kArray: {
      std::size_t size = 3;
      for (const auto& element : reply.elements()) {
        size += wire_size(element);
      }
      return size;
    }
    case Type::kNil:
    case Type::kInteger:
      return 3;
  }
  return 3;
}

void check_replies(std::string_view bytes) {
  Parsed whole = parse(bytes, bytes.size() + 1);
  std::size_t total = 0;
  for (const auto& reply : whole.replies) {
    total += wire_size(reply);
  }
  require(total <= bytes.size(), "replies consume no more than the input");
  // Reads of 1 to 7 bytes, varying with the input.
  require(parse(bytes, 1 + bytes.size() % 7) == whole,
          "split reads give the same replies as one read");
}

}  // namespace
}  // namespace classroom::core::fuzz

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  classroom::core::fuzz::check_replies(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
