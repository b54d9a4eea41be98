#pragma once

#include "core/http/handler.hpp"
#include "core/http/router.hpp"
#include "services/exams/service.hpp"

// Each file of this folder serves one resource and adds its routes here.
namespace classroom::exams::handlers {

using namespace core::http::handler;  // Request, Response, Method, Error, asio

inline void add_all_routes(core::http::Router& /*router*/, Service& /*service*/) {}

}  // namespace classroom::exams::handlers
