#include "core/log.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <climits>
#include <cstdio>
#include <exception>
#include <string>

#include "core/testing/log_capture.hpp"

namespace classroom::core::log {
namespace {

using Capture = testing::LogCapture;

// What write() puts on standard error.
std::string captured(Level level, std::string_view message, std::initializer_list<Field> fields) {
  Capture capture;
  write(level, message, fields);
  return capture.text();
}

std::size_t lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(Log, WritesOneJsonObjectPerLine) {
  init("tests", Level::kInfo);
  std::string text = captured(Level::kWarn, "said \"hi\"\n",
                              {{"path", "/a\\b\t\x01"},
                               {"status", 404},
                               {"ms", 1.5},
                               {"big", std::int64_t{-9007199254740993}},
                               {"ok", true}});
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(text.find('\n'), text.size() - 1);  // control characters are escaped
  auto line = boost::json::parse(text).as_object();
  EXPECT_EQ(line.at("level"), "warn");
  EXPECT_EQ(line.at("service"), "tests");
  EXPECT_EQ(line.at("msg"), "said \"hi\"\n");
  EXPECT_EQ(line.at("path"), "/a\\b\t\x01");
  EXPECT_EQ(line.at("status"), 404);
  EXPECT_EQ(line.at("ms"), 1.5);
  EXPECT_EQ(line.at("big"), std::int64_t{-9007199254740993});
  EXPECT_EQ(line.at("ok"), true);
  std::string ts(line.at("ts").as_string());
  EXPECT_EQ(ts.size(), 24u) << ts;  // 2026-11-25T01:02:03.456Z
  EXPECT_EQ(ts.back(), 'Z');
  // The fixed keys come first, in this order.
  EXPECT_EQ(text.rfind("{\"ts\":", 0), 0u);
  EXPECT_LT(text.find("\"level\""), text.find("\"service\""));
  EXPECT_LT(text.find("\"service\""), text.find("\"msg\""));
}

TEST(Log, BytesThatAreNotUtf8AreEscapedAndTheLineStaysJson) {
  init("tests", Level::kInfo);
  // What a client's `%FF%FE` path or a truncated sequence decodes to, an
  // overlong '/', a UTF-16 surrogate, and well-formed text around them.
  std::string path = "/api/\xff\xfe/\xc3/\xc0\xaf/\xed\xa0\x80/é€😀\x7f";
  std::string text = captured(Level::kInfo, "request", {{"path", path}});
  EXPECT_EQ(text.find('\xff'), std::string::npos) << "raw bytes reached the log";
  auto line = boost::json::parse(text).as_object();
  EXPECT_EQ(line.at("path"), "/api/\\xFF\\xFE/\\xC3/\\xC0\\xAF/\\xED\\xA0\\x80/é€😀\x7f");
}

TEST(Log, NonFiniteNumbersAreNull) {
  init("tests", Level::kInfo);
  auto line = boost::json::parse(captured(Level::kInfo, "m", {{"x", 0.0 / 0.0}})).as_object();
  EXPECT_TRUE(line.at("x").is_null());
}

TEST(Log, LinesBelowTheLevelAreNotWritten) {
  init("tests", Level::kWarn);
  EXPECT_EQ(captured(Level::kInfo, "quiet", {}), "");
  init("tests", Level::kInfo);
}

TEST(Log, DeferredLinesWaitForTheFlushTheFirstOneScheduled) {
  init("tests", Level::kInfo);
  Capture capture;
  int scheduled = 0;
  defer_on_this_thread([&scheduled] { ++scheduled; });
  info("one");
  info("two");
  EXPECT_EQ(scheduled, 1);  // once per batch
  EXPECT_EQ(capture.text(), "");
  flush();
  EXPECT_EQ(lines(capture.text()), 2u);
  info("three");
  EXPECT_EQ(scheduled, 2);
  // A warning goes out at once, after what waited, in order.
  warn("four");
  std::string text = capture.text();
  EXPECT_EQ(lines(text), 4u);
  EXPECT_LT(text.find("\"three\""), text.find("\"four\""));
  // No write holds more than PIPE_BUF bytes of several lines.
  std::string long_text(PIPE_BUF / 3, 'x');
  for (int i = 0; i < 5; ++i) {
    info("long", {{"text", long_text}});
  }
  EXPECT_GE(lines(capture.text()), 4u + 3u);  // some were written without a flush
  flush();
  EXPECT_EQ(lines(capture.text()), 4u + 5u);
  defer_on_this_thread(nullptr);
  info("five");
  EXPECT_EQ(lines(capture.text()), 4u + 5u + 1u);
}

TEST(LogDeathTest, WaitingLinesAreWrittenWhenTheProcessTerminates) {
  EXPECT_DEATH(
      {
        init("tests", Level::kInfo);
        defer_on_this_thread([] {});
        info("last words");
        std::terminate();
      },
      "last words");
}

}  // namespace
}  // namespace classroom::core::log
