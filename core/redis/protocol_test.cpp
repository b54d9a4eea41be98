#include "core/redis/protocol.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "core/errors.hpp"

namespace classroom::core::redis {
namespace {

using namespace std::string_literals;

std::vector<Reply> parse_all(ReplyParser& parser) {
  std::vector<Reply> replies;
  while (auto reply = parser.next()) {
    replies.push_back(std::move(*reply));
  }
  return replies;
}

TEST(RedisProtocol, EncodesCommandsAsBulkStrings) {
  std::string out;
  append_command(out, {"SET", "k", std::string("a\0b", 3)});
  append_command(out, {"GET", "k"});
  EXPECT_EQ(out,
            "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\na\0b\r\n"
            "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"s);
}

TEST(RedisProtocol, EmptyCommandIsABug) {
  std::string out;
  EXPECT_THROW(append_command(out, {}), Error);
}

TEST(RedisProtocol, ParsesEveryReplyType) {
  ReplyParser parser;
  parser.feed("+OK\r\n-ERR wrong\r\n:-42\r\n$5\r\nhello\r\n$-1\r\n*2\r\n$1\r\na\r\n*-1\r\n");
  auto replies = parse_all(parser);
  ASSERT_EQ(replies.size(), 6U);
  EXPECT_EQ(replies[0], Reply::make_status("OK"));
  EXPECT_EQ(replies[1], Reply::make_error("ERR wrong"));
  EXPECT_EQ(replies[2].integer(), -42);
  EXPECT_EQ(replies[3].str(), "hello");
  EXPECT_TRUE(replies[4].is_nil());
  EXPECT_EQ(replies[5], Reply::make_array({Reply::make_string("a"), Reply::make_nil()}));
}

TEST(RedisProtocol, ReplySplitAcrossReadsComesOutWhole) {
  ReplyParser parser;
  const std::string wire = "*2\r\n$5\r\nhello\r\n:7\r\n";
  for (std::size_t i = 0; i + 1 < wire.size(); ++i) {
    parser.feed(wire.substr(i, 1));
    EXPECT_FALSE(parser.next()) << "after " << i + 1 << " bytes";
  }
  parser.feed(wire.substr(wire.size() - 1));
  auto reply = parser.next();
  ASSERT_TRUE(reply);
  EXPECT_EQ(*reply, Reply::make_array({Reply::make_string("hello"), Reply::make_integer(7)}));
}

TEST(RedisProtocol, GarbageIsAProtocolError) {
  ReplyParser parser;
  parser.feed("HTTP/1.1 400 Bad Request\r\n");
  EXPECT_THROW(parser.next(), std::runtime_error);
}

TEST(RedisProtocol, ArrayOfMoreThanAMillionElementsIsAProtocolError) {
  // Announced, not sent: the element pointers would be allocated at once.
  ReplyParser fits;
  fits.feed("*1048576\r\n:1\r\n");
  EXPECT_FALSE(fits.next());
  for (const char* wire : {"*1048577\r\n", "*2147483647\r\n", "*1\r\n*2147483647\r\n"}) {
    ReplyParser parser;
    parser.feed(wire);
    EXPECT_THROW(parser.next(), std::runtime_error) << wire;
  }
}

TEST(RedisReply, OptionalStringIsEmptyForNil) {
  EXPECT_EQ(Reply::make_nil().as_optional_string(), std::nullopt);
  EXPECT_EQ(Reply::make_string("v").as_optional_string(), "v");
}

TEST(RedisReply, FieldValueArrayReadsAsPairsAndMap) {
  auto reply = Reply::make_array({Reply::make_string("b"), Reply::make_string("2"),
                                  Reply::make_string("a"), Reply::make_string("1")});
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(reply.as_pairs(), (Pairs{{"b", "2"}, {"a", "1"}}));
  EXPECT_EQ(reply.as_map().at("a"), "1");
  EXPECT_EQ(reply.as_map().size(), 2U);
}

TEST(RedisReply, ReadingTheWrongTypeIsAnInternalError) {
  try {
    (void)Reply::make_integer(1).str();
    FAIL() << "str() of an integer must throw";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kInternal);
  }
  EXPECT_THROW((void)Reply::make_nil().elements(), Error);
  EXPECT_THROW((void)Reply::make_array({Reply::make_string("odd")}).as_map(), Error);
}

TEST(RedisReply, ReplyErrorPrefixIsTheFirstWord) {
  EXPECT_EQ(ReplyError("WRONGTYPE Operation against a key").prefix(), "WRONGTYPE");
  EXPECT_EQ(ReplyError("NOSCRIPT").prefix(), "NOSCRIPT");
}

TEST(RedisReply, TransientServerErrorsAreUnavailableOthersAreReplyErrors) {
  try {
    throw_reply_error(Reply::make_error("LOADING Redis is loading the dataset in memory"));
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kUnavailable);
    EXPECT_TRUE(error.retry_after().has_value());
  }
  EXPECT_THROW(throw_reply_error(Reply::make_error("WRONGTYPE Operation against a key")),
               ReplyError);
  EXPECT_NO_THROW(throw_if_error({Reply::make_integer(1), Reply::make_nil()}));
  EXPECT_THROW(
      throw_if_error({Reply::make_integer(1), Reply::make_error("OOM command not allowed")}),
      Error);
}

}  // namespace
}  // namespace classroom::core::redis
