#pragma once

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/http/request.hpp"
#include "core/http/response.hpp"
#include "core/http/websocket.hpp"

namespace classroom::core::http {

using Handler = std::function<boost::asio::awaitable<Response>(Request&)>;

// Routes by method and path pattern. Patterns are literal segments and
// `{name}` parameters: `/auth/sessions/{id}`. A literal segment wins over a
// parameter at the same place. An unknown path is 404; a known path with
// another method is 405 with `Allow`.
class Router {
 public:
  void add(Method method, std::string_view pattern, Handler handler);
  // A GET route that only a WebSocket upgrade request may use; any other
  // request is refused with 400 before the handler runs. The handler's
  // refusals are problem responses as on any route; its session runs on the
  // upgraded connection (core/http/websocket.hpp).
  void add_websocket(std::string_view pattern, WebSocketHandler handler);

  struct Match {
    const Handler& handler;
    std::string_view route;  // the pattern, a low-cardinality label for logs and metrics
    bool websocket = false;
  };
  // Fills `request.path_params`; throws Error(kNotFound) or Error(kMethodNotAllowed).
  Match match(Request& request) const;

  // Every route as (method, pattern), in the order added: for route listings
  // and the tests that check every route is covered.
  std::vector<std::pair<Method, std::string>> routes() const;

 private:
  struct Route {
    Method method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
    bool websocket = false;
  };
  std::vector<Route> routes_;
};

}  // namespace classroom::core::http
