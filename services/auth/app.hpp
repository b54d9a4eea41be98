#pragma once

#include <memory>

#include "core/http/server.hpp"
#include "core/service/service.hpp"
#include "services/auth/config.hpp"

namespace classroom::core::mail {
class Client;
}

namespace classroom::auth {

class Passwords;

// Auth on one worker thread (core::ServiceApp): its stores and routes;
// worker 0 also consumes auth's own account events (AccountSync) and purges
// expired e-mail tokens. `passwords` and `smtp` are shared by every worker.
std::unique_ptr<core::http::App> make_app(core::Worker& worker, const Config& config,
                                          Passwords& passwords, core::mail::Client& smtp);

}  // namespace classroom::auth
