#include "core/log.hpp"

#include <fmt/format.h>
#include <limits.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <iterator>
#include <mutex>
#include <stdexcept>
#include <type_traits>

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
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
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

namespace {

// The length of the well-formed UTF-8 sequence at the start of `text`
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), or 0.
std::size_t utf8_sequence(std::string_view text) {
  auto byte = [&text](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(0);
  std::size_t length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
  if (lead < 0xc2 || lead > 0xf4 || text.size() < length) {
    return 0;
  }
  // The second byte's range depends on the lead byte; the others are 80..BF.
  unsigned char low = lead == 0xe0 ? 0xa0 : lead == 0xf0 ? 0x90 : 0x80;
  unsigned char high = lead == 0xed ? 0x9f : lead == 0xf4 ? 0x8f : 0xbf;
  if (byte(1) < low || byte(1) > high) {
    return 0;
  }
  for (std::size_t i = 2; i < length; ++i) {
    if ((byte(i) & 0xc0) != 0x80) {
      return 0;
    }
  }
  return length;
}

// A JSON string for any bytes: control characters escaped, and each byte that
// is not part of well-formed UTF-8 written as `\\xNN` (hex), so that the line
// stays valid JSON and the value read back shows, as the text `\xNN`, which
// bytes a client sent (docs/decisions.md, "Edge hardening").
void append_string(std::string& out, std::string_view text) {
  out += '"';
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (static_cast<unsigned char>(c) >= 0x80) {
      std::size_t length = utf8_sequence(text.substr(i));
      if (length == 0) {
        fmt::format_to(std::back_inserter(out), "\\\\x{:02X}", static_cast<unsigned char>(c));
      } else {
        out.append(text.substr(i, length));
        i += length - 1;
      }
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void append_value(std::string& out, const Field::Value& value) {
  std::visit(
      [&out](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string_view>) {
          append_string(out, v);
        } else if constexpr (std::is_same_v<T, bool>) {
          out += v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, double>) {
          if (std::isfinite(v)) {
            fmt::format_to(std::back_inserter(out), "{}", v);
          } else {
            out += "null";
          }
        } else {
          fmt::format_to(std::back_inserter(out), "{}", v);
        }
      },
      value);
}

void write_out(std::string_view text) {
  // Best effort: a log line that cannot be written is not worth failing a request.
  [[maybe_unused]] auto written = ::write(STDERR_FILENO, text.data(), text.size());
}

// Lines of this thread waiting for flush() (defer_on_this_thread). They are
// written when the thread ends, however it ends its work, and by
// std::terminate (an exception nothing caught) before the process aborts.
struct Deferred {
  std::function<void()> schedule;
  bool scheduled = false;
  std::string pending;

  ~Deferred() {
    if (!pending.empty()) {
      write_out(pending);
    }
  }
};

Deferred& this_thread() {
  thread_local Deferred deferred;
  return deferred;
}

std::terminate_handler g_previous_terminate = nullptr;

[[noreturn]] void flush_and_terminate() {
  flush();
  if (g_previous_terminate != nullptr) {
    g_previous_terminate();
  }
  std::abort();
}

}  // namespace

void write(Level level, std::string_view message, std::initializer_list<Field> fields) {
  if (level < g_min_level.load(std::memory_order_relaxed)) {
    return;
  }
  // Written straight into a buffer each thread reuses: a log line is written
  // for every request, so it allocates nothing once the buffer has grown.
  thread_local std::string line;
  line.clear();
  line += "{\"ts\":";
  append_string(line, format_time(std::chrono::system_clock::now(), true));
  line += ",\"level\":";
  append_string(line, level_name(level));
  line += ",\"service\":";
  append_string(line, service_name());
  line += ",\"msg\":";
  append_string(line, message);
  for (const Field& field : fields) {
    line += ',';
    append_string(line, field.key());
    line += ':';
    append_value(line, field.value());
  }
  line += "}\n";
  Deferred& deferred = this_thread();
  if (!deferred.schedule) {
    write_out(line);
    return;
  }
  if (deferred.pending.size() + line.size() > PIPE_BUF) {
    flush();
  }
  deferred.pending += line;
  if (level >= Level::kWarn || deferred.pending.size() > PIPE_BUF) {
    flush();
  } else if (!deferred.scheduled) {
    deferred.scheduled = true;
    deferred.schedule();
  }
}

void defer_on_this_thread(std::function<void()> schedule) {
  flush();
  static std::once_flag hooked;
  std::call_once(hooked, [] { g_previous_terminate = std::set_terminate(flush_and_terminate); });
  this_thread().schedule = std::move(schedule);
}

void flush() {
  Deferred& deferred = this_thread();
  deferred.scheduled = false;
  if (!deferred.pending.empty()) {
    write_out(deferred.pending);
    deferred.pending.clear();
  }
}

}  // namespace classroom::core::log
