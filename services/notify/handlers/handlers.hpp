#pragma once

#include "core/http/handler.hpp"
#include "core/http/router.hpp"
#include "services/notify/service.hpp"

// Each file of this folder serves one resource and adds its routes here.
namespace classroom::notify::handlers {

using namespace core::http::handler;  // Request, Response, Method, Error, asio

// The signed-in caller's user id, in lower case: 401 when not signed in or
// when the identity is not a user id (a UUID).
std::string caller_id(const Request& request);

// The inbox: list, unread count, read one, read all.
void add_inbox_routes(core::http::Router& router, Service& service);
void add_preferences_routes(core::http::Router& router, Service& service);

inline void add_all_routes(core::http::Router& router, Service& service) {
  add_inbox_routes(router, service);
  add_preferences_routes(router, service);
}

}  // namespace classroom::notify::handlers
