// If-Match as handlers read it (if_match_version). A header is `*`, one of
// our ETags (possibly weak), or refused with a 412: a version is accepted
// only from the exact tag etag() gives for it, since a client can only hold
// tags we sent.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/fuzz/check.hpp"
#include "core/http/conditional.hpp"

namespace classroom::core::fuzz {
namespace {

bool precondition_failed(const Error& e) { return e.code() == ErrorCode::kPreconditionFailed; }

std::optional<std::int64_t> version_asked(std::string_view header) {
  http::Request request;
  request.headers.emplace_back("if-match", std::string(header));
  std::optional<std::int64_t> version;
  if (!decodes([&] { version = http::if_match_version(request); }, precondition_failed)) {
    return std::nullopt;
  }
  if (!version) {
    require(header == "*", "only * asks for no version");
  }
  return version;
}

void check_if_match(std::string_view header) {
  auto version = version_asked(header);
  if (!version) {
    return;
  }
  std::string strong = http::etag(*version);
  require(header == strong || header == "W/" + strong, "an accepted tag is one etag() gives");
  require(version_asked(strong) == version, "etag() of a version asks for that version");
}

}  // namespace
}  // namespace classroom::core::fuzz

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  classroom::core::fuzz::check_if_match(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
