#include "core/log.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <string>

namespace classroom::core::log {
namespace {

// What write() puts on standard error, captured through a temporary file.
std::string captured(Level level, std::string_view message, std::initializer_list<Field> fields) {
  std::FILE* file = std::tmpfile();
  int saved = ::dup(STDERR_FILENO);
  ::dup2(::fileno(file), STDERR_FILENO);
  write(level, message, fields);
  ::dup2(saved, STDERR_FILENO);
  ::close(saved);
  std::string text;
  std::rewind(file);
  for (int c = std::fgetc(file); c != EOF; c = std::fgetc(file)) {
    text.push_back(static_cast<char>(c));
  }
  std::fclose(file);
  return text;
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

}  // namespace
}  // namespace classroom::core::log
