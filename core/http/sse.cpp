#include "core/http/sse.hpp"

#include <string_view>

namespace classroom::core::http {
namespace {

// A line break inside `id` or `event` would end the field early; they are ours
// (identifiers, type names), so breaks are dropped rather than refused.
void append_field(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ": ";
  for (char c : value) {
    if (c != '\r' && c != '\n') {
      out += c;
    }
  }
  out += '\n';
}

}  // namespace

std::string format_event(const ServerSentEvent& event) {
  std::string out;
  if (!event.id.empty()) {
    append_field(out, "id", event.id);
  }
  if (!event.event.empty()) {
    append_field(out, "event", event.event);
  }
  std::string_view data = event.data;
  for (;;) {
    std::size_t end = data.find_first_of("\r\n");
    out += "data: ";
    out += data.substr(0, end);
    out += '\n';
    if (end == std::string_view::npos) {
      break;
    }
    std::size_t next = data.compare(end, 2, "\r\n") == 0 ? end + 2 : end + 1;
    data.remove_prefix(next);
  }
  out += '\n';
  return out;
}

Response event_stream(EventProducer producer) {
  Response response;
  response.set_header("Content-Type", "text/event-stream");
  response.set_header("Cache-Control", "no-cache");
  response.set_header("X-Accel-Buffering", "no");
  response.hand_over(std::move(producer));
  return response;
}

}  // namespace classroom::core::http
