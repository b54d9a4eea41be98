#pragma once

// Request-body decoding with Boost.Describe: a described struct's members are
// read from the JSON object of the same names in lowerCamelCase
// (`display_name` <- "displayName"). Malformed JSON, a non-object body or a
// member of the wrong type is a 400 naming the field; missing required
// members and unknown members (a misspelt `dueDate` for `dueAt`, which would
// otherwise change nothing and answer 200) are one 422 naming each of them,
// nested ones by their path (`materials[0].tittle`); a number beyond the range
// of a double is a 422 naming it. `std::optional` members may be absent or null.
// Include this only in handler .cpp files: it is template-heavy.

#include <algorithm>
#include <boost/describe.hpp>
#include <boost/json.hpp>
#include <boost/mp11/algorithm.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/errors.hpp"
#include "core/http/request.hpp"
#include "core/http/response.hpp"
#include "core/text.hpp"

namespace classroom::core::json {

// The request's body as a JSON object: 415 unless Content-Type is JSON, 400 if
// it is not a well-formed JSON object.
boost::json::object parse_body(const http::Request& request);
boost::json::object parse_object(std::string_view text);
// `display_name` -> `displayName`.
std::string camel_case(std::string_view snake);
http::Response response(int status, const boost::json::value& body);
// A single resource: 200 (or `status`) with its ETag (the version, quoted).
http::Response resource(const boost::json::object& body, std::int64_t version, int status = 200);
// Text, or a number, or null.
boost::json::value optional(const std::optional<std::string>& text);
boost::json::value optional(const std::optional<int>& number);
// Points kept as integer hundredths (exact), as a JSON number: 150 -> 1.5,
// 200 -> 2; null when there are none.
boost::json::value points(const std::optional<std::int64_t>& hundredths);

// A list page: `{"items": [...], "nextCursor": ...}` with a `Link: <...>; rel="next"`
// header that repeats the request's query with the next cursor.
http::Response page_response(const http::Request& request, const boost::json::array& items,
                             const std::optional<std::string>& next_cursor);
// The same page from items already serialised, each one JSON value.
http::Response page_response(const http::Request& request,
                             const std::vector<std::string_view>& items,
                             const std::optional<std::string>& next_cursor);
// `items`, read with one more than `limit` asked for, as a page: the extra
// item, if any, is dropped and the last kept one's key (`cursor_of(item)`,
// by default its `id`) is the next cursor.
template <class T, class View, class CursorOf>
http::Response page_of(const http::Request& request, std::vector<T> items, int limit, View view,
                       CursorOf cursor_of) {
  std::optional<std::string> next;
  if (static_cast<int>(items.size()) > limit) {
    items.resize(static_cast<std::size_t>(limit));
    next = cursor_of(items.back());
  }
  boost::json::array out;
  out.reserve(items.size());
  for (const T& item : items) {
    out.push_back(view(item));
  }
  return page_response(request, out, next);
}

template <class T, class View>
http::Response page_of(const http::Request& request, std::vector<T> items, int limit, View view) {
  return page_of(request, std::move(items), limit, view, [](const T& item) { return item.id; });
}
// A PATCH body's optional text member `field` (core/text.hpp's rules for
// `kind`): nullopt when absent, an engaged nullopt (clear it) when null or
// blank, else the trimmed text of at most `max` characters.
std::optional<std::optional<std::string>> patch_text(const boost::json::object& body,
                                                     std::string_view field, std::size_t max,
                                                     TextKind kind);
[[noreturn]] void wrong_type(const std::string& field, std::string_view expected);
// Boost.JSON reads 1e400 as infinity, and would write it back as `Infinity`,
// which is not JSON: a number in `v` beyond the range of a double is a 422
// naming where it is.
void refuse_infinity(const boost::json::value& v, const std::string& field);
// The message of a member that the request type does not have.
inline constexpr std::string_view kUnknownField = "is not a field of this request";

// Runs `read`; the 422 field errors it throws (of a nested object, say) are
// added to `problems`, so that one answer names every invalid field.
template <class F>
void collect(std::vector<FieldError>& problems, F&& read) {
  try {
    read();
  } catch (const Error& e) {
    if (e.code() != ErrorCode::kInvalidArgument) {
      throw;
    }
    problems.insert(problems.end(), e.fields().begin(), e.fields().end());
  }
}

// One 422 naming every field of `problems`.
[[noreturn]] void refuse(std::vector<FieldError> problems);

namespace detail {

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

template <class T>
void read(const boost::json::value& v, T& out, const std::string& field);
// Declared before any definition, so that they find each other when nested
// (an optional vector, a vector of optionals).
template <class T>
void read(const boost::json::value& v, std::optional<T>& out, const std::string& field);
template <class T>
void read(const boost::json::value& v, std::vector<T>& out, const std::string& field);

inline void read(const boost::json::value& v, std::string& out, const std::string& field) {
  // NUL is refused here, once for every service: libpq sends text parameters
  // as C strings, so PostgreSQL would silently see only what precedes it.
  if (!v.is_string() || v.get_string().find('\0') != boost::json::string::npos) {
    wrong_type(field, "a string without NUL characters");
  }
  out = v.get_string();
}
inline void read(const boost::json::value& v, bool& out, const std::string& field) {
  if (!v.is_bool()) {
    wrong_type(field, "true or false");
  }
  out = v.get_bool();
}
inline void read(const boost::json::value& v, std::int64_t& out, const std::string& field) {
  if (v.is_int64()) {
    out = v.get_int64();
  } else if (v.is_uint64() && v.get_uint64() <= INT64_MAX) {
    out = static_cast<std::int64_t>(v.get_uint64());
  } else {
    wrong_type(field, "an integer");
  }
}
inline void read(const boost::json::value& v, double& out, const std::string& field) {
  if (!v.is_number()) {
    wrong_type(field, "a number");
  }
  refuse_infinity(v, field);
  out = v.to_number<double>();
}
inline void read(const boost::json::value& v, boost::json::value& out, const std::string& field) {
  refuse_infinity(v, field);
  out = v;
}
template <class T>
void read(const boost::json::value& v, std::optional<T>& out, const std::string& field) {
  if (v.is_null()) {
    out.reset();
    return;
  }
  read(v, out.emplace(), field);
}
template <class T>
T read_object(const boost::json::object& object, const std::string& prefix);

template <class T>
void read(const boost::json::value& v, std::vector<T>& out, const std::string& field) {
  if (!v.is_array()) {
    wrong_type(field, "an array");
  }
  const auto& array = v.get_array();
  out.resize(array.size());
  std::vector<FieldError> problems;
  for (std::size_t i = 0; i < array.size(); ++i) {
    collect(problems, [&] { read(array[i], out[i], field + "[" + std::to_string(i) + "]"); });
  }
  if (!problems.empty()) {
    refuse(std::move(problems));
  }
}

template <class T>
void read(const boost::json::value& v, T& out, const std::string& field) {
  static_assert(boost::describe::has_describe_members<T>::value,
                "decode a described struct, or add a read() overload for this type");
  if (!v.is_object()) {
    wrong_type(field, "an object");
  }
  out = read_object<T>(v.get_object(), field + ".");
}

template <class T>
T read_object(const boost::json::object& object, const std::string& prefix) {
  T out{};
  std::vector<FieldError> problems;
  std::vector<std::string> names;
  using Members = boost::describe::describe_members<T, boost::describe::mod_public>;
  boost::mp11::mp_for_each<Members>([&](auto member) {
    using Type = std::remove_cvref_t<decltype(out.*member.pointer)>;
    const std::string& name = names.emplace_back(camel_case(member.name));
    const boost::json::value* v = object.if_contains(name);
    if (v == nullptr || (v->is_null() && !IsOptional<Type>::value)) {
      if constexpr (!IsOptional<Type>::value) {
        problems.push_back(FieldError{prefix + name, "is required"});
      }
      return;
    }
    collect(problems, [&] { read(*v, out.*member.pointer, prefix + name); });
  });
  for (const auto& member : object) {
    if (std::find(names.begin(), names.end(), member.key()) == names.end()) {
      problems.push_back(
          FieldError{prefix + std::string(member.key()), std::string(kUnknownField)});
    }
  }
  if (!problems.empty()) {
    refuse(std::move(problems));
  }
  return out;
}

}  // namespace detail

// Decodes a described struct from a JSON object. PATCH handlers keep the
// object to tell an absent member from a null one (`object.contains(name)`).
template <class T>
T decode_object(const boost::json::object& object) {
  return detail::read_object<T>(object, "");
}

// Decodes `v`, a member of a larger document named `field` (say
// "sections[2]"), as T: a described struct, a vector or optional of one, or
// a plain value. Problems are named under `field`.
template <class T>
T decode_value(const boost::json::value& v, const std::string& field) {
  T out{};
  detail::read(v, out, field);
  return out;
}

// Decodes a described struct from a request body.
template <class T>
T decode(const http::Request& request) {
  return decode_object<T>(parse_body(request));
}

template <class T>
T decode(std::string_view text) {
  return decode_object<T>(parse_object(text));
}

}  // namespace classroom::core::json
