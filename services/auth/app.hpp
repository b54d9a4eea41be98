#pragma once

#include <memory>

#include "core/http/server.hpp"
#include "core/service/service.hpp"
#include "services/auth/config.hpp"

namespace classroom::auth {

class Passwords;

// Auth on one worker thread (core::ServiceApp): its stores and routes;
// worker 0 also consumes auth's own account events (AccountSync).
std::unique_ptr<core::http::App> make_app(core::Worker& worker, const Config& config,
                                          Passwords& passwords);

}  // namespace classroom::auth
