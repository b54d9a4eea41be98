#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

namespace classroom::core::log {

enum class Level { kDebug, kInfo, kWarn, kError };

// One structured field of a log line.
class Field {
 public:
  using Value = std::variant<std::string_view, std::int64_t, double, bool>;
  Field(std::string_view key, std::string_view value) : key_(key), value_(value) {}
  Field(std::string_view key, const std::string& value)
      : key_(key), value_(std::string_view(value)) {}
  Field(std::string_view key, const char* value) : key_(key), value_(std::string_view(value)) {}
  Field(std::string_view key, std::int64_t value) : key_(key), value_(value) {}
  Field(std::string_view key, int value) : key_(key), value_(std::int64_t{value}) {}
  Field(std::string_view key, unsigned value) : key_(key), value_(std::int64_t{value}) {}
  Field(std::string_view key, std::uint64_t value)
      : key_(key), value_(static_cast<std::int64_t>(value)) {}
  Field(std::string_view key, double value) : key_(key), value_(value) {}
  Field(std::string_view key, bool value) : key_(key), value_(value) {}

  std::string_view key() const { return key_; }
  const Value& value() const { return value_; }

 private:
  std::string_view key_;
  Value value_;
};

// Sets the service name carried by every line and the lowest level written.
void init(std::string service, Level min_level);
Level parse_level(std::string_view name);

// Writes one JSON object per line to standard error. Each write(2) holds
// whole lines, at most PIPE_BUF bytes when it holds several, so that lines of
// concurrent threads never interleave, on a pipe too.
void write(Level level, std::string_view message, std::initializer_list<Field> fields = {});

// Lets info and debug lines of the calling thread wait in a buffer: the first
// line into an empty buffer calls `schedule`, which must arrange for flush()
// to run on this thread soon (a server worker posts it to its io_context, so
// it runs once the handlers ready now have run, and the lines of a busy
// moment go out in one system call). Warnings and errors are written at once,
// after whatever waits. Threads that never call this write every line at once.
void defer_on_this_thread(std::function<void()> schedule);
// Writes what waits in the calling thread's buffer.
void flush();

inline void debug(std::string_view m, std::initializer_list<Field> f = {}) {
  write(Level::kDebug, m, f);
}
inline void info(std::string_view m, std::initializer_list<Field> f = {}) {
  write(Level::kInfo, m, f);
}
inline void warn(std::string_view m, std::initializer_list<Field> f = {}) {
  write(Level::kWarn, m, f);
}
inline void error(std::string_view m, std::initializer_list<Field> f = {}) {
  write(Level::kError, m, f);
}

}  // namespace classroom::core::log
