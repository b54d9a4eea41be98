#pragma once

#include <cstdint>
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
  Field(std::string_view key, const std::string& value) : key_(key), value_(std::string_view(value)) {}
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

// Writes one JSON object per line to standard error, in a single write so
// that lines of concurrent threads never interleave.
void write(Level level, std::string_view message, std::initializer_list<Field> fields = {});

inline void debug(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::kDebug, m, f); }
inline void info(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::kInfo, m, f); }
inline void warn(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::kWarn, m, f); }
inline void error(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::kError, m, f); }

}  // namespace classroom::core::log
