#include "core/log.hpp"

#include <unistd.h>

#include <atomic>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <stdexcept>

#include "core/time.hpp"

namespace classroom::core::log {
namespace {

std::string& service_name() {
  static std::string name = "classroom";
  return name;
}
std::atomic<Level> g_min_level{Level::kInfo};

std::string_view level_name(Level level) {
  switch (level) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
  }
  return "info";
}

}  // namespace

void init(std::string service, Level min_level) {
  service_name() = std::move(service);
  g_min_level = min_level;
}

Level parse_level(std::string_view name) {
  for (Level level : {Level::kDebug, Level::kInfo, Level::kWarn, Level::kError}) {
    if (name == level_name(level)) {
      return level;
    }
  }
  throw std::invalid_argument("unknown log level: " + std::string(name));
}

void write(Level level, std::string_view message, std::initializer_list<Field> fields) {
  if (level < g_min_level.load(std::memory_order_relaxed)) {
    return;
  }
  boost::json::object line;
  line["ts"] = format_time(std::chrono::system_clock::now(), true);
  line["level"] = level_name(level);
  line["service"] = service_name();
  line["msg"] = message;
  for (const Field& field : fields) {
    std::visit([&](const auto& v) { line[field.key()] = v; }, field.value());
  }
  std::string text = boost::json::serialize(line);
  text.push_back('\n');
  // Best effort: a log line that cannot be written is not worth failing a request.
  [[maybe_unused]] auto written = ::write(STDERR_FILENO, text.data(), text.size());
}

}  // namespace classroom::core::log
