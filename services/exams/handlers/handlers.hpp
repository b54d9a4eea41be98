#pragma once

#include "core/http/handler.hpp"
#include "core/http/router.hpp"
#include "services/exams/service.hpp"

// Each file of this folder serves one resource and adds its routes here.
namespace classroom::exams::handlers {

using namespace core::http::handler;  // Request, Response, Method, Error, asio

void add_exam_routes(core::http::Router& router, Service& service);     // exams, publish, close
void add_bank_routes(core::http::Router& router, Service& service);     // the question bank
void add_attempt_routes(core::http::Router& router, Service& service);  // attempts, answers
// Accommodations and overrides, and their reach into attempts in progress.
void add_adjustment_routes(core::http::Router& router, Service& service);
// Teachers' grades and regrading; results, statistics and their release.
void add_grading_routes(core::http::Router& router, Service& service);
void add_result_routes(core::http::Router& router, Service& service);

inline void add_all_routes(core::http::Router& router, Service& service) {
  add_exam_routes(router, service);
  add_bank_routes(router, service);
  add_attempt_routes(router, service);
  add_adjustment_routes(router, service);
  add_grading_routes(router, service);
  add_result_routes(router, service);
}

}  // namespace classroom::exams::handlers
