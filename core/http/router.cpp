#include "core/http/router.hpp"

#include <set>

#include "core/errors.hpp"

namespace classroom::core::http {
namespace {

using boost::asio::awaitable;

std::vector<std::string> split(std::string_view path) {
  std::vector<std::string> segments;
  std::size_t start = 1;  // paths start with '/'
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) {
      end = path.size();
    }
    segments.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

bool is_param(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// How well `route` matches `segments`: -1 for no match; higher is more literal.
int score(const std::vector<std::string>& route, const std::vector<std::string>& segments) {
  if (route.size() != segments.size()) {
    return -1;
  }
  int literal = 0;
  for (std::size_t i = 0; i < route.size(); ++i) {
    if (is_param(route[i])) {
      if (segments[i].empty()) {
        return -1;
      }
    } else if (route[i] == segments[i]) {
      literal += 1 << (route.size() - i);  // earlier literal segments weigh more
    } else {
      return -1;
    }
  }
  return literal;
}

}  // namespace

void Router::add(Method method, std::string_view pattern, Handler handler) {
  routes_.push_back(Route{method, std::string(pattern), split(pattern), std::move(handler), false});
}

void Router::add_websocket(std::string_view pattern, WebSocketHandler handler) {
  add(Method::kGet, pattern,
      [handler = std::move(handler)](Request& request) -> awaitable<Response> {
        WebSocketSession session = co_await handler(request);
        Response response;
        response.status = 101;
        response.hand_over(std::move(session));
        co_return response;
      });
  routes_.back().websocket = true;
}

std::vector<std::pair<Method, std::string>> Router::routes() const {
  std::vector<std::pair<Method, std::string>> out;
  out.reserve(routes_.size());
  for (const Route& route : routes_) {
    out.emplace_back(route.method, route.pattern);
  }
  return out;
}

Router::Match Router::match(Request& request) const {
  auto segments = split(request.path);
  const Route* best = nullptr;
  int best_score = -1;
  std::set<std::string_view> allowed;
  int allowed_score = -1;
  for (const Route& route : routes_) {
    int s = score(route.segments, segments);
    if (s < 0) {
      continue;
    }
    // The allowed methods are those of the best-matching pattern.
    if (s > allowed_score) {
      allowed.clear();
      allowed_score = s;
    }
    if (s == allowed_score) {
      allowed.insert(method_name(route.method));
      if (route.method == Method::kGet) {
        allowed.insert("HEAD");
      }
    }
    bool method_ok = route.method == request.method ||
                     (request.method == Method::kHead && route.method == Method::kGet);
    if (method_ok && s > best_score) {
      best = &route;
      best_score = s;
    }
  }
  if (best == nullptr || best_score < allowed_score) {
    if (allowed.empty()) {
      throw Error(ErrorCode::kNotFound, "no such resource");
    }
    std::string allow;
    for (std::string_view m : allowed) {
      allow += (allow.empty() ? "" : ", ") + std::string(m);
    }
    throw Error(ErrorCode::kMethodNotAllowed,
                std::string(method_name(request.method)) + " is not allowed here")
        .with_header("Allow", allow);
  }
  request.path_params.clear();
  for (std::size_t i = 0; i < best->segments.size(); ++i) {
    const std::string& seg = best->segments[i];
    if (is_param(seg)) {
      request.path_params.emplace_back(seg.substr(1, seg.size() - 2), segments[i]);
    }
  }
  return Match{best->handler, best->pattern, best->websocket};
}

}  // namespace classroom::core::http
