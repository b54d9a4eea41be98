#include "core/json.hpp"

#include <boost/url/url.hpp>

#include "core/text.hpp"

namespace classroom::core::json {

boost::json::object parse_object(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(text, ec);
  if (ec) {
    throw Error(ErrorCode::kMalformed, "the body is not valid JSON: " + ec.message());
  }
  if (!value.is_object()) {
    throw Error(ErrorCode::kMalformed, "the body must be a JSON object");
  }
  return std::move(value.get_object());
}

boost::json::object parse_body(const http::Request& request) {
  std::string media(request.header("content-type").value_or(""));
  media = media.substr(0, media.find(';'));
  while (!media.empty() && media.back() == ' ') {
    media.pop_back();
  }
  media = ascii_lower(media);  // media types are case-insensitive (RFC 9110)
  bool is_json = media == "application/json" ||
                 (media.starts_with("application/") && media.ends_with("+json"));
  if (!is_json) {
    throw Error(ErrorCode::kUnsupportedMediaType,
                "send the body as JSON with Content-Type: application/json");
  }
  return parse_object(request.body);
}

std::string camel_case(std::string_view snake) {
  std::string out;
  out.reserve(snake.size());
  bool upper = false;
  for (char c : snake) {
    if (c == '_') {
      upper = true;
    } else {
      out.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
      upper = false;
    }
  }
  return out;
}

http::Response response(int status, const boost::json::value& body) {
  return http::Response::json(status, boost::json::serialize(body));
}

http::Response page_response(const http::Request& request, boost::json::array items,
                             const std::optional<std::string>& next_cursor) {
  // emplace, not an initializer list: that would copy every item.
  boost::json::object body;
  body.emplace("items", std::move(items));
  body.emplace("nextCursor", nullptr);
  std::optional<std::string> link;
  if (next_cursor) {
    body["nextCursor"] = *next_cursor;
    boost::urls::url next;
    next.set_path(request.path);
    for (const auto& [key, value] : request.query_params) {
      if (key != "cursor") {
        next.params().append({key, value});
      }
    }
    next.params().append({"cursor", *next_cursor});
    link = "<" + std::string(next.buffer()) + ">; rel=\"next\"";
  }
  http::Response out = response(200, body);
  if (link) {
    out.set_header("Link", *link);
  }
  return out;
}

void wrong_type(const std::string& field, std::string_view expected) {
  std::string message = "must be " + std::string(expected);
  throw Error(ErrorCode::kMalformed, field + " " + message, {FieldError{field, message}});
}

}  // namespace classroom::core::json
