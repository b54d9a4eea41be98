#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/redis/redis.hpp"

// hiredis' parser, declared here so that this header does not pull hiredis in.
struct redisReader;

namespace classroom::core::redis {

// Appends one command in the Redis protocol (RESP) to `out`. Throws
// Error(kInternal) for an empty command.
void append_command(std::string& out, const std::vector<std::string>& args);
// The same for `head` followed by `args` (EVALSHA sha1 numkeys …), without copying them.
void append_command(std::string& out, std::initializer_list<std::string_view> head,
                    const std::vector<std::string>& args);

// Incremental reply parser over hiredis' reader: bytes go in as they arrive
// from the socket, whole replies come out.
class ReplyParser {
 public:
  ReplyParser();
  ~ReplyParser();
  ReplyParser(const ReplyParser&) = delete;
  ReplyParser& operator=(const ReplyParser&) = delete;

  void feed(std::string_view bytes);
  // The next complete reply, or nullopt until more bytes arrive. Throws
  // std::runtime_error when the bytes are not the Redis protocol, or announce
  // an array of more than a million elements; the parser (and the
  // connection) cannot be used after that.
  std::optional<Reply> next();

 private:
  redisReader* reader_;
  bool array_too_long_ = false;
};

}  // namespace classroom::core::redis
