#include "core/http/router.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"

namespace classroom::core::http {
namespace {

Handler named(std::string name) {
  return
      [name](Request&) -> boost::asio::awaitable<Response> { co_return Response::text(200, name); };
}

Request request(Method method, std::string path) {
  Request r;
  r.method = method;
  r.path = std::move(path);
  return r;
}

TEST(Router, MatchesLiteralPath) {
  Router router;
  router.add(Method::kGet, "/auth/me", named("me"));
  auto r = request(Method::kGet, "/auth/me");
  EXPECT_EQ(router.match(r).route, "/auth/me");
}

TEST(Router, ExtractsPathParameters) {
  Router router;
  router.add(Method::kDelete, "/courses/{courseId}/members/{userId}", named("remove"));
  auto r = request(Method::kDelete, "/courses/c1/members/u2");
  EXPECT_EQ(router.match(r).route, "/courses/{courseId}/members/{userId}");
  EXPECT_EQ(r.param("courseId"), "c1");
  EXPECT_EQ(r.param("userId"), "u2");
}

TEST(Router, LiteralSegmentWinsOverParameter) {
  Router router;
  router.add(Method::kPost, "/courses/{id}", named("param"));
  router.add(Method::kPost, "/courses/join", named("join"));
  auto r = request(Method::kPost, "/courses/join");
  EXPECT_EQ(router.match(r).route, "/courses/join");
}

TEST(Router, UnknownPathIsNotFound) {
  Router router;
  router.add(Method::kGet, "/auth/me", named("me"));
  auto r = request(Method::kGet, "/auth/nope");
  try {
    router.match(r);
    FAIL() << "expected NotFound";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
  }
}

TEST(Router, EmptyParameterDoesNotMatch) {
  Router router;
  router.add(Method::kGet, "/users/{id}", named("user"));
  auto r = request(Method::kGet, "/users/");
  EXPECT_THROW(router.match(r), Error);
}

TEST(Router, WrongMethodIsMethodNotAllowedWithAllow) {
  Router router;
  router.add(Method::kGet, "/auth/sessions", named("list"));
  router.add(Method::kDelete, "/auth/sessions/{id}", named("revoke"));
  auto r = request(Method::kPost, "/auth/sessions");
  try {
    router.match(r);
    FAIL() << "expected MethodNotAllowed";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kMethodNotAllowed);
    ASSERT_EQ(e.headers().size(), 1u);
    EXPECT_EQ(e.headers()[0].first, "Allow");
    EXPECT_EQ(e.headers()[0].second, "GET, HEAD");
  }
}

TEST(Router, HeadIsServedByGet) {
  Router router;
  router.add(Method::kGet, "/auth/me", named("me"));
  auto r = request(Method::kHead, "/auth/me");
  EXPECT_EQ(router.match(r).route, "/auth/me");
}

TEST(Router, WebSocketRouteIsAGetRouteMarkedForTheUpgrade) {
  Router router;
  router.add(Method::kGet, "/notifications", named("inbox"));
  router.add_websocket("/notifications/ws",
                       [](Request&) -> boost::asio::awaitable<WebSocketSession> {
                         co_return [](WebSocket&) -> boost::asio::awaitable<void> { co_return; };
                       });
  auto ws = request(Method::kGet, "/notifications/ws");
  auto inbox = request(Method::kGet, "/notifications");
  auto post = request(Method::kPost, "/notifications/ws");

  EXPECT_TRUE(router.match(ws).websocket);
  EXPECT_FALSE(router.match(inbox).websocket);
  EXPECT_THROW(router.match(post), Error);
}

}  // namespace
}  // namespace classroom::core::http
