#pragma once

#include <memory>

#include "core/http/server.hpp"
#include "core/service/service.hpp"
#include "services/api/config.hpp"

namespace classroom::api {

// The api on one worker thread (core::ServiceApp): its coursework cache and
// routes; worker 0 also consumes events (EventSync) and publishes scheduled
// coursework.
std::unique_ptr<core::http::App> make_app(core::Worker& worker, const Config& config);

}  // namespace classroom::api
