#pragma once

#include "core/http/handler.hpp"
#include "core/http/router.hpp"
#include "services/auth/service.hpp"

// Each file of this folder serves one resource and adds its routes here.
namespace classroom::auth::handlers {

using namespace core::http::handler;  // Request, Response, Method, Error, asio

void add_account_routes(core::http::Router& router, Service& service);  // register, login, logout
void add_me_routes(core::http::Router& router, Service& service);       // me, password
void add_session_routes(core::http::Router& router, Service& service);  // sessions
void add_verify_routes(core::http::Router& router, Service& service);   // verify (gateway)
void add_user_routes(core::http::Router& router, Service& service);     // users (admin)
// e-mail verification, password reset
void add_email_routes(core::http::Router& router, Service& service);

inline void add_all_routes(core::http::Router& router, Service& service) {
  add_account_routes(router, service);
  add_me_routes(router, service);
  add_session_routes(router, service);
  add_verify_routes(router, service);
  add_user_routes(router, service);
  add_email_routes(router, service);
}

}  // namespace classroom::auth::handlers
