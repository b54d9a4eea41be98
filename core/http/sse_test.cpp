#include "core/http/sse.hpp"

#include <gtest/gtest.h>

namespace classroom::core::http {
namespace {

TEST(ServerSentEvent, IdTypeAndDataEndWithABlankLine) {
  EXPECT_EQ(format_event({.id = "7", .event = "note", .data = "hello"}),
            "id: 7\nevent: note\ndata: hello\n\n");
}

TEST(ServerSentEvent, EachLineOfDataIsItsOwnDataLine) {
  EXPECT_EQ(format_event({.data = "one\ntwo\r\nthree\rfour"}),
            "data: one\ndata: two\ndata: three\ndata: four\n\n");
}

TEST(ServerSentEvent, TrailingAndEmptyLinesOfDataSurvive) {
  EXPECT_EQ(format_event({.data = "a\n\n"}), "data: a\ndata: \ndata: \n\n");
  EXPECT_EQ(format_event({.data = ""}), "data: \n\n");
}

TEST(ServerSentEvent, LineBreaksInIdOrTypeCannotEndTheFieldEarly) {
  EXPECT_EQ(format_event({.id = "1\ndata: x", .event = "a\rb", .data = "d"}),
            "id: 1data: x\nevent: ab\ndata: d\n\n");
}

TEST(ServerSentEvent, StreamResponseIsUnbufferedEventStream) {
  auto response = event_stream([](EventSink&) -> boost::asio::awaitable<void> { co_return; });
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.header("Content-Type"), "text/event-stream");
  EXPECT_EQ(response.header("Cache-Control"), "no-cache");
  EXPECT_EQ(response.header("X-Accel-Buffering"), "no");
  EXPECT_NE(response.handed_over<EventProducer>(), nullptr);
}

}  // namespace
}  // namespace classroom::core::http
