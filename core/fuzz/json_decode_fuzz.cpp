// core::json::decode<T> over structs shaped like real request bodies. A body
// is either decoded or refused with a 400/422 (never another error), and what
// is decoded survives encoding and decoding again unchanged (to the precision
// Boost.JSON reads numbers with).

#include <algorithm>
#include <boost/describe.hpp>
#include <boost/json.hpp>
#include <boost/mp11/algorithm.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/fuzz/check.hpp"
#include "core/json.hpp"

namespace classroom::core::fuzz {
namespace {

struct Link {
  std::string url;
  std::optional<std::string> title;
};
BOOST_DESCRIBE_STRUCT(Link, (), (url, title))

struct CourseworkBody {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<double> max_points;
  std::optional<std::string> due_at;
  std::optional<std::vector<Link>> materials;
  std::optional<Link> attachment;
  std::optional<std::vector<std::string>> assignees;
};
BOOST_DESCRIBE_STRUCT(CourseworkBody, (),
                      (title, description, max_points, due_at, materials, attachment, assignees))

struct GradeItem {
  std::string student_id;
  std::optional<double> draft_grade;
  std::optional<double> assigned_grade;
  std::optional<bool> returned;
  std::int64_t version = 0;
};
BOOST_DESCRIBE_STRUCT(GradeItem, (), (student_id, draft_grade, assigned_grade, returned, version))

struct GradesBody {
  std::vector<GradeItem> grades;
  std::optional<boost::json::value> note;
};
BOOST_DESCRIBE_STRUCT(GradesBody, (), (grades, note))

struct RegisterBody {
  std::string email;
  std::string password;
  std::string display_name;
};
BOOST_DESCRIBE_STRUCT(RegisterBody, (), (email, password, display_name))

// The inverse of decode, so that a decoded value can be checked by decoding
// it again. Absent optionals are left out, as a client would.
boost::json::value encode(const std::string& v) {
  require(v.find('\0') == std::string::npos, "a decoded string holds no NUL");
  return boost::json::string(v);
}
boost::json::value encode(bool v) { return v; }
boost::json::value encode(std::int64_t v) { return v; }
boost::json::value encode(double v) { return v; }
boost::json::value encode(const boost::json::value& v) { return v; }
template <class T>
boost::json::value encode(const std::vector<T>& v);
template <class T>
boost::json::value encode(const T& v);

template <class T>
boost::json::value encode(const std::vector<T>& v) {
  boost::json::array out;
  for (const auto& element : v) {
    out.push_back(encode(element));
  }
  return out;
}

template <class T>
boost::json::value encode(const T& v) {
  boost::json::object out;
  using Members = boost::describe::describe_members<T, boost::describe::mod_public>;
  boost::mp11::mp_for_each<Members>([&](auto member) {
    const auto& field = v.*member.pointer;
    if constexpr (json::detail::IsOptional<std::remove_cvref_t<decltype(field)>>::value) {
      if (field) {
        out[json::camel_case(member.name)] = encode(*field);
      }
    } else {
      out[json::camel_case(member.name)] = encode(field);
    }
  });
  return out;
}

// Equal, but for the last bits of a double: Boost.JSON 1.81 reads a number
// of many digits or a large exponent to within a few units in the last place
// (it has no precise mode yet), so text written from a double may read back
// as a neighbour of it.
bool same(double a, double b) {
  double scale = std::max(std::abs(a), std::abs(b));
  return a == b || std::abs(a - b) <= 8 * std::numeric_limits<double>::epsilon() * scale;
}
bool same(const std::string& a, const std::string& b) { return a == b; }
bool same(bool a, bool b) { return a == b; }
bool same(std::int64_t a, std::int64_t b) { return a == b; }
bool same(const boost::json::value& a, const boost::json::value& b);
template <class T>
bool same(const std::optional<T>& a, const std::optional<T>& b);
template <class T>
bool same(const std::vector<T>& a, const std::vector<T>& b);
template <class T>
bool same(const T& a, const T& b);

bool same(const boost::json::value& a, const boost::json::value& b) {
  if (a.is_double() || b.is_double()) {
    return a.is_number() && b.is_number() && same(a.to_number<double>(), b.to_number<double>());
  }
  if (a.is_array() && b.is_array()) {
    const auto& x = a.get_array();
    const auto& y = b.get_array();
    return std::equal(x.begin(), x.end(), y.begin(), y.end(),
                      [](const auto& p, const auto& q) { return same(p, q); });
  }
  if (a.is_object() && b.is_object()) {
    return a.get_object().size() == b.get_object().size() &&
           std::all_of(a.get_object().begin(), a.get_object().end(), [&](const auto& member) {
             const auto* other = b.get_object().if_contains(member.key());
             return other != nullptr && same(member.value(), *other);
           });
  }
  return a == b;
}
template <class T>
bool same(const std::optional<T>& a, const std::optional<T>& b) {
  return a.has_value() == b.has_value() && (!a || same(*a, *b));
}
template <class T>
bool same(const std::vector<T>& a, const std::vector<T>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const T& x, const T& y) { return same(x, y); });
}
template <class T>
bool same(const T& a, const T& b) {
  bool equal = true;
  using Members = boost::describe::describe_members<T, boost::describe::mod_public>;
  boost::mp11::mp_for_each<Members>(
      [&](auto member) { equal = equal && same(a.*member.pointer, b.*member.pointer); });
  return equal;
}

bool refused_as_bad_input(const Error& e) {
  if (e.code() == ErrorCode::kInvalidArgument) {
    return !e.fields().empty();  // a 422 names each missing field
  }
  return e.code() == ErrorCode::kMalformed;
}

template <class T>
void check_decode(std::string_view body) {
  T decoded;
  if (!decodes([&] { decoded = json::decode<T>(body); }, refused_as_bad_input)) {
    return;
  }
  std::string again = boost::json::serialize(encode(decoded));
  T redecoded;
  require(decodes([&] { redecoded = json::decode<T>(again); }, [](const Error&) { return false; }),
          "an encoded decoded body decodes again");
  require(same(redecoded, decoded), "decoding an encoded decoded body gives the same value");
}

}  // namespace
}  // namespace classroom::core::fuzz

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace classroom::core::fuzz;
  std::string_view body(reinterpret_cast<const char*>(data), size);
  check_decode<CourseworkBody>(body);
  check_decode<GradesBody>(body);
  check_decode<RegisterBody>(body);
  return 0;
}
