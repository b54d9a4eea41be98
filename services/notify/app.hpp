#pragma once

#include <memory>

#include "core/http/server.hpp"
#include "core/service/service.hpp"
#include "services/notify/config.hpp"

namespace classroom::notify {

// The notify service on one worker thread (core::ServiceApp): its routes
// and, on worker 0, the consumer of every event.
std::unique_ptr<core::http::App> make_app(core::Worker& worker, const Config& config);

}  // namespace classroom::notify
