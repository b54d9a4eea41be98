#pragma once

#include <memory>

#include "core/http/server.hpp"
#include "core/service/service.hpp"
#include "services/exams/config.hpp"

namespace classroom::exams {

// The exams service on one worker thread (core::ServiceApp): its membership
// client and cache and its routes.
std::unique_ptr<core::http::App> make_app(core::Worker& worker, const Config& config);

}  // namespace classroom::exams
