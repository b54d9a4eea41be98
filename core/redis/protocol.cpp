#include "core/redis/protocol.hpp"

#include <hiredis/hiredis.h>

#include <memory>
#include <new>
#include <stdexcept>
#include <string>

#include "core/errors.hpp"

namespace classroom::core::redis {
namespace {

struct ReplyObjectDeleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using ReplyObject = std::unique_ptr<redisReply, ReplyObjectDeleter>;

// hiredis allocates an array's element pointers as soon as its header
// arrives, so a broken server announcing 2^31 elements would make us take
// 16 GiB before a single element came. No command core sends is answered
// with more than a few thousand.
constexpr int kMaxArrayElements = 1 << 20;

const redisReplyObjectFunctions& default_functions() {
  static const redisReplyObjectFunctions kDefaults = [] {
    redisReader* reader = redisReaderCreate();
    if (reader == nullptr) {
      throw std::bad_alloc();
    }
    redisReplyObjectFunctions copy = *reader->fn;
    redisReaderFree(reader);
    return copy;
  }();
  return kDefaults;
}

// The reader's privdata is the parser's flag, set when an array was refused.
void* create_bounded_array(const redisReadTask* task, int elements) {
  if (elements > kMaxArrayElements) {
    *static_cast<bool*>(task->privdata) = true;
    return nullptr;  // the reader fails: the reply is never built
  }
  return default_functions().createArray(task, elements);
}

redisReplyObjectFunctions* bounded_functions() {
  static redisReplyObjectFunctions functions = [] {
    redisReplyObjectFunctions copy = default_functions();
    copy.createArray = create_bounded_array;
    return copy;
  }();
  return &functions;
}

Reply to_reply(const redisReply& raw) {
  switch (raw.type) {
    case REDIS_REPLY_STRING:
      return Reply::make_string(std::string(raw.str, raw.len));
    case REDIS_REPLY_STATUS:
      return Reply::make_status(std::string(raw.str, raw.len));
    case REDIS_REPLY_ERROR:
      return Reply::make_error(std::string(raw.str, raw.len));
    case REDIS_REPLY_INTEGER:
      return Reply::make_integer(raw.integer);
    case REDIS_REPLY_ARRAY: {
      std::vector<Reply> elements;
      elements.reserve(raw.elements);
      for (std::size_t i = 0; i < raw.elements; ++i) {
        elements.push_back(to_reply(*raw.element[i]));
      }
      return Reply::make_array(std::move(elements));
    }
    default:
      return Reply::make_nil();
  }
}

}  // namespace

void append_command(std::string& out, const std::vector<std::string>& args) {
  append_command(out, {}, args);
}

void append_command(std::string& out, std::initializer_list<std::string_view> head,
                    const std::vector<std::string>& args) {
  if (head.size() + args.size() == 0) {
    throw Error(ErrorCode::kInternal, "empty redis command");
  }
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  argv.reserve(head.size() + args.size());
  lengths.reserve(head.size() + args.size());
  for (std::string_view arg : head) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  for (const auto& arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  char* encoded = nullptr;
  int length =
      redisFormatCommandArgv(&encoded, static_cast<int>(argv.size()), argv.data(), lengths.data());
  if (length < 0) {
    throw std::bad_alloc();
  }
  out.append(encoded, static_cast<std::size_t>(length));
  redisFreeCommand(encoded);
}

ReplyParser::ReplyParser() : reader_(redisReaderCreateWithFunctions(bounded_functions())) {
  if (reader_ == nullptr) {
    throw std::bad_alloc();
  }
  reader_->privdata = &array_too_long_;
}

ReplyParser::~ReplyParser() { redisReaderFree(reader_); }

void ReplyParser::feed(std::string_view bytes) {
  if (redisReaderFeed(reader_, bytes.data(), bytes.size()) != REDIS_OK) {
    throw std::runtime_error(reader_->errstr);
  }
}

std::optional<Reply> ReplyParser::next() {
  void* raw = nullptr;
  if (redisReaderGetReply(reader_, &raw) != REDIS_OK) {
    if (array_too_long_) {
      throw std::runtime_error("redis reply announces an array of more than " +
                               std::to_string(kMaxArrayElements) + " elements");
    }
    throw std::runtime_error(reader_->errstr);
  }
  if (raw == nullptr) {
    return std::nullopt;
  }
  ReplyObject reply(static_cast<redisReply*>(raw));
  return to_reply(*reply);
}

}  // namespace classroom::core::redis
