// classroom-exams: exams, the question bank, attempts, grading and results.
//
//   classroom-exams          serve (configuration from the environment; see README)
//   classroom-exams routes   print every route, one "METHOD /pattern" per line
#include <iostream>
#include <string_view>

#include "core/service/service.hpp"
#include "services/exams/app.hpp"
#include "services/exams/config.hpp"

using namespace classroom;

int main(int argc, char** argv) {
  return core::run_service("exams", [&] {
    auto config = exams::Config::from_env();
    auto make_app = [&](core::Worker& worker) { return exams::make_app(worker, config); };
    if (argc == 2 && std::string_view(argv[1]) == "routes") {
      core::print_routes(make_app, std::cout);
      return 0;
    }
    if (argc >= 2) {
      std::cerr << "usage: classroom-exams [routes]\n";
      return 2;
    }
    return core::serve(config, core::pg::embedded_migrations(), make_app);
  });
}
