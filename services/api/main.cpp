// classroom-api: profiles, courses, membership, stream, coursework,
// submissions, grades, gradebook and progress.
//
//   classroom-api          serve (configuration from the environment; see README)
//   classroom-api routes   print every route, one "METHOD /pattern" per line
#include <iostream>
#include <string_view>

#include "core/service/service.hpp"
#include "services/api/app.hpp"
#include "services/api/config.hpp"

using namespace classroom;

int main(int argc, char** argv) {
  return core::run_service("api", [&] {
    auto config = api::Config::from_env();
    auto make_app = [&](core::Worker& worker) { return api::make_app(worker, config); };
    if (argc == 2 && std::string_view(argv[1]) == "routes") {
      core::print_routes(make_app, std::cout);
      return 0;
    }
    if (argc >= 2) {
      std::cerr << "usage: classroom-api [routes]\n";
      return 2;
    }
    return core::serve(config, core::pg::embedded_migrations(), make_app);
  });
}
