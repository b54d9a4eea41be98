#pragma once

#include "core/http/handler.hpp"
#include "core/http/router.hpp"
#include "services/api/service.hpp"

// Each file of this folder serves one resource and adds its routes here.
namespace classroom::api::handlers {

using namespace core::http::handler;  // Request, Response, Method, Error, asio

void add_profile_routes(core::http::Router& router, Service& service);     // me, users
void add_course_routes(core::http::Router& router, Service& service);      // courses, join codes
void add_member_routes(core::http::Router& router, Service& service);      // join, members, leave
void add_invitation_routes(core::http::Router& router, Service& service);  // invitations
void add_announcement_routes(core::http::Router& router, Service& service);
void add_comment_routes(core::http::Router& router, Service& service);  // on posts and coursework
void add_topic_routes(core::http::Router& router, Service& service);
void add_coursework_routes(core::http::Router& router, Service& service);  // coursework
void add_submission_routes(core::http::Router& router, Service& service);  // submissions, grades
void add_gradebook_routes(core::http::Router& router, Service& service);   // gradebook, progress
void add_internal_routes(core::http::Router& router, Service& service);    // /internal

inline void add_all_routes(core::http::Router& router, Service& service) {
  add_profile_routes(router, service);
  add_course_routes(router, service);
  add_member_routes(router, service);
  add_invitation_routes(router, service);
  add_announcement_routes(router, service);
  add_comment_routes(router, service);
  add_topic_routes(router, service);
  add_coursework_routes(router, service);
  add_submission_routes(router, service);
  add_gradebook_routes(router, service);
  add_internal_routes(router, service);
}

}  // namespace classroom::api::handlers
