#include "core/json.hpp"

#include <boost/url/url.hpp>
#include <cmath>

#include "core/http/conditional.hpp"
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

void refuse_infinity(const boost::json::value& v, const std::string& field) {
  if (v.is_double() && !std::isfinite(v.get_double())) {
    throw invalid_field(field, "must be a number within the range of a double");
  }
  if (v.is_array()) {
    const auto& array = v.get_array();
    for (std::size_t i = 0; i < array.size(); ++i) {
      refuse_infinity(array[i], field + "[" + std::to_string(i) + "]");
    }
  } else if (v.is_object()) {
    for (const auto& member : v.get_object()) {
      refuse_infinity(member.value(), field + "." + std::string(member.key()));
    }
  }
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

namespace {

// `body` so far `{"items":[...]`: closes it with the cursor and adds the Link header.
http::Response page(const http::Request& request, std::string body,
                    const std::optional<std::string>& next_cursor) {
  body += ",\"nextCursor\":";
  if (!next_cursor) {
    body += "null}";
    return http::Response::json(200, std::move(body));
  }
  body += boost::json::serialize(boost::json::string_view(*next_cursor));
  body += '}';
  boost::urls::url next;
  next.set_path(request.path);
  for (const auto& [key, value] : request.query_params) {
    if (key != "cursor") {
      next.params().append({key, value});
    }
  }
  next.params().append({"cursor", *next_cursor});
  http::Response out = http::Response::json(200, std::move(body));
  out.set_header("Link", "<" + std::string(next.buffer()) + ">; rel=\"next\"");
  return out;
}

}  // namespace

http::Response page_response(const http::Request& request, const boost::json::array& items,
                             const std::optional<std::string>& next_cursor) {
  return page(request, "{\"items\":" + boost::json::serialize(items), next_cursor);
}

http::Response page_response(const http::Request& request,
                             const std::vector<std::string_view>& items,
                             const std::optional<std::string>& next_cursor) {
  std::size_t size = 64;
  for (auto item : items) {
    size += item.size() + 1;
  }
  std::string body;
  body.reserve(size);
  body += "{\"items\":[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      body += ',';
    }
    body += items[i];
  }
  body += ']';
  return page(request, std::move(body), next_cursor);
}

std::optional<std::optional<std::string>> patch_text(const boost::json::object& body,
                                                     std::string_view field, std::size_t max,
                                                     TextKind kind) {
  const boost::json::value* v = body.if_contains(field);
  if (v == nullptr) {
    return std::nullopt;
  }
  if (v->is_null()) {
    return std::optional<std::string>();
  }
  std::string text;
  detail::read(*v, text, std::string(field));
  return kind == TextKind::kName ? optional_name(field, text, max)
                                 : optional_text(field, text, max);
}

void wrong_type(const std::string& field, std::string_view expected) {
  std::string message = "must be " + std::string(expected);
  throw Error(ErrorCode::kMalformed, field + " " + message, {FieldError{field, message}});
}

http::Response resource(const boost::json::object& body, std::int64_t version, int status) {
  auto out = response(status, body);
  out.set_header("ETag", http::etag(version));
  return out;
}

boost::json::value optional(const std::optional<std::string>& text) {
  if (!text) {
    return nullptr;
  }
  return boost::json::string(*text);
}

boost::json::value optional(const std::optional<int>& number) {
  if (!number) {
    return nullptr;
  }
  return *number;
}

boost::json::value points(const std::optional<std::int64_t>& hundredths) {
  if (!hundredths) {
    return nullptr;
  }
  if (*hundredths % 100 == 0) {
    return *hundredths / 100;
  }
  return static_cast<double>(*hundredths) / 100.0;
}

void refuse(std::vector<FieldError> problems) {
  // The detail sums the fields up by kind; `errors` says what is wrong with each.
  std::string missing;
  std::string unknown;
  std::string invalid;
  for (const auto& p : problems) {
    std::string& list = p.message == kUnknownField   ? unknown
                        : p.message == "is required" ? missing
                                                     : invalid;
    list += (list.empty() ? "" : ", ") + p.field;
  }
  std::string detail;
  for (auto [kind, list] : {std::pair{"missing: ", &missing}, std::pair{"unknown: ", &unknown},
                            std::pair{"invalid: ", &invalid}}) {
    if (!list->empty()) {
      detail += (detail.empty() ? "" : "; ") + std::string(kind) + *list;
    }
  }
  throw Error(ErrorCode::kInvalidArgument, std::move(detail), std::move(problems));
}

}  // namespace classroom::core::json
