// classroom-notify: each user's inbox, preferences and live notifications.
//
//   classroom-notify          serve (configuration from the environment; see README)
//   classroom-notify routes   print every route, one "METHOD /pattern" per line
#include <iostream>
#include <string_view>

#include "core/service/service.hpp"
#include "services/notify/app.hpp"
#include "services/notify/config.hpp"

using namespace classroom;

int main(int argc, char** argv) {
  return core::run_service("notify", [&] {
    auto config = notify::Config::from_env();
    auto make_app = [&](core::Worker& worker) { return notify::make_app(worker, config); };
    if (argc == 2 && std::string_view(argv[1]) == "routes") {
      core::print_routes(make_app, std::cout);
      return 0;
    }
    if (argc >= 2) {
      std::cerr << "usage: classroom-notify [routes]\n";
      return 2;
    }
    return core::serve(config, {}, make_app);  // no database, no migrations
  });
}
