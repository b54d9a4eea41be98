"""End-to-end: every answer the gateway makes itself is a problem, and so is
every 503 of a service, without a word about where its dependencies live.

Each bad request goes over a raw socket, exactly as written here: http.client
would refuse to send most of them or would correct them first. The whole
stack runs; components are stopped (and started again) to make the gateway or
a service meet a dependency that is down. What a client would notice: the
status, `Content-Type: application/problem+json`, a body that parses with that
status, `X-Request-Id`, `Retry-After` where retrying helps; what an operator
would notice: log lines that stay JSON whatever bytes a path holds.
"""
from __future__ import annotations

import http.client
import json
import re
import socket
import unittest
import uuid

import support
from support import (Stack, call, new_email, register, setUpModule, start_component,  # noqa: F401
                     stop_component, tearDownModule, wait_until)

PROBLEM = "application/problem+json"


def send_raw(request: bytes) -> support.Response:
    """Sends `request` as it is and reads the gateway's answer."""
    with socket.create_connection(("127.0.0.1", Stack.port("gateway")), timeout=30) as sock:
        sock.sendall(request)
        response = http.client.HTTPResponse(sock)
        response.begin()
        return support.Response(response.status, response.headers, response.read())


def get(target: bytes, *headers: bytes) -> bytes:
    """A GET of `target` (bytes, sent as they are) that closes the connection."""
    return b"\r\n".join([b"GET " + target + b" HTTP/1.1", b"Host: classroom.test",
                         b"Connection: close", *headers, b"", b""])


class GatewayProblems(unittest.TestCase):
    def assert_problem(self, r: support.Response, status: int) -> dict:
        self.assertEqual(r.status, status, r)
        self.assertEqual(r.headers["Content-Type"], PROBLEM, r)
        body = r.json()
        self.assertEqual(body["status"], status, body)
        self.assertTrue(body["type"].startswith("/problems/"), body)
        self.assertTrue(body["title"] and body["detail"], body)
        self.assertTrue(r.headers["X-Request-Id"], r)
        return body

    def test_requests_nginx_refuses_itself_are_problems(self):
        cases = {
            "NUL in the path": (get(b"/api/a%00b"), 400),
            "10,000-character URI": (get(b"/api/" + b"a" * 10_000), 414),
            "100 KB header": (get(b"/api/x", b"X-Padding: " + b"a" * 100_000), 431),
            "unknown Transfer-Encoding": (
                b"POST /auth/login HTTP/1.1\r\nHost: classroom.test\r\n"
                b"Transfer-Encoding: gzip\r\nConnection: close\r\n\r\n", 501),
            "Transfer-Encoding with Content-Length": (
                b"POST /auth/login HTTP/1.1\r\nHost: classroom.test\r\n"
                b"Transfer-Encoding: chunked\r\nContent-Length: 3\r\nConnection: close\r\n\r\n"
                b"0\r\n\r\n", 400),
            "body over the limit": (
                b"POST /auth/login HTTP/1.1\r\nHost: classroom.test\r\n"
                b"Content-Type: application/json\r\nContent-Length: 2000000\r\n"
                b"Connection: close\r\n\r\n", 413),
            "method that is no token": (b"G@T /api/x HTTP/1.1\r\nHost: classroom.test\r\n\r\n",
                                        400),
            "request line that is no HTTP": (b"HELLO\r\n\r\n", 400),
            "HTTP version the gateway does not speak": (
                b"GET /api/x HTTP/2.0\r\nHost: classroom.test\r\n\r\n", 505),
            # Every other path is the web application's (test_gateway_web);
            # its assets are files, and a missing one is a problem.
            "missing asset": (get(b"/assets/nothing-here.js"), 404),
            "the error page itself": (get(b"/_problem"), 404),
        }
        for name, (request, status) in cases.items():
            with self.subTest(name):
                self.assert_problem(send_raw(request), status)

    def test_a_request_id_the_client_sent_names_the_problem(self):
        request_id = f"errors-{uuid.uuid4().hex}"
        r = send_raw(b"POST /auth/login HTTP/1.1\r\nHost: classroom.test\r\n"
                     b"X-Request-Id: " + request_id.encode() + b"\r\n"
                     b"Content-Length: 2000000\r\nConnection: close\r\n\r\n")
        body = self.assert_problem(r, 413)
        self.assertEqual(r.headers["X-Request-Id"], request_id)
        self.assertEqual(body["requestId"], request_id)

    def test_sign_in_without_a_session_is_a_401_problem_with_its_challenge(self):
        r = send_raw(get(b"/api/courses"))
        self.assert_problem(r, 401)
        self.assertEqual(r.headers["WWW-Authenticate"], "Bearer")

    def test_a_service_that_is_down_is_a_502_problem_with_retry_after(self):
        token = register()["token"]
        stop_component("exams")
        try:
            r = call("GET", "/exams/anything", token=token)
            self.assertEqual(self.assert_problem(r, 502)["type"], "/problems/bad-gateway")
            self.assertGreater(int(r.headers["Retry-After"]), 0)
        finally:
            start_component("exams")

    def test_auth_down_is_a_503_problem_with_retry_after(self):
        token = register()["token"]
        stop_component("auth")
        try:
            r = call("GET", "/api/courses", token=token)
            # Not the problem of the verify subrequest's own failure (a 502).
            self.assertEqual(self.assert_problem(r, 503)["type"], "/problems/unavailable")
            self.assertGreater(int(r.headers["Retry-After"]), 0)
        finally:
            start_component("auth")
        self.assertEqual(call("GET", "/api/courses", token=token).status, 200)


class DependencyDown(unittest.TestCase):
    """A service's 503 says a dependency is down, and nothing of where it lives."""

    def assert_unavailable_without_internals(self, r: support.Response, where: list[str]) -> dict:
        self.assertEqual(r.status, 503, r)
        self.assertEqual(r.headers["Content-Type"], PROBLEM)
        retry_after = int(r.headers["Retry-After"])
        self.assertGreater(retry_after, 0)
        body = r.json()
        self.assertEqual(body["detail"], "a service this request needs is unavailable; "
                                         f"retry after {retry_after} s")
        text = r.body.decode()
        for secret in where:
            self.assertNotIn(secret, text)
        self.assertIsNone(re.search(r"\b127\.0\.0\.1\b|\.s\.PGSQL|:\d{4,5}\b", text), text)
        return body

    def logged_error(self, service: str, request_id: str) -> str:
        """The error auth logged for the request, found by its id."""
        log = Stack.dir / "logs" / f"{service}.log"
        for line in log.read_bytes().splitlines():
            if not line.startswith(b"{"):
                continue
            entry = json.loads(line)
            if entry.get("requestId") == request_id and "error" in entry:
                return entry["error"]
        return ""

    def test_postgresql_down(self):
        stop_component("pg")
        try:
            r = call("POST", "/auth/register", {"email": new_email(), "password": "long enough 1",
                                                "displayName": "Pat"})
            body = self.assert_unavailable_without_internals(
                r, [str(Stack.dir), str(Stack.port("pg"))])
        finally:
            start_component("pg")
        # The log has what the client was not told.
        error = wait_until(lambda: self.logged_error("auth", body["requestId"]), 10,
                           "auth's log line of the failed request")
        self.assertIn("database unavailable", error)
        wait_until(lambda: call("POST", "/auth/register",
                                {"email": new_email(), "password": "long enough 1",
                                 "displayName": "Pat"}).status == 201,
                   30, "auth writing to PostgreSQL again")

    def test_redis_down(self):
        stop_component("redis")
        try:
            r = call("POST", "/auth/login", {"email": new_email(), "password": "long enough 1"})
            body = self.assert_unavailable_without_internals(r, [str(Stack.port("redis"))])
        finally:
            start_component("redis")
        error = wait_until(lambda: self.logged_error("auth", body["requestId"]), 10,
                           "auth's log line of the failed request")
        self.assertIn("redis unavailable", error)
        wait_until(lambda: call("POST", "/auth/login",
                                {"email": new_email(), "password": "long enough 1"}).status == 401,
                   30, "auth reaching Redis again")


class LogLines(unittest.TestCase):
    def test_a_path_of_bytes_that_are_not_utf8_is_logged_as_valid_json(self):
        token = register()["token"]
        request_id = f"utf8-{uuid.uuid4().hex}"
        r = call("GET", "/api/courses/%FF%FE%C3%28%7F", token=token,
                 headers={"X-Request-Id": request_id})
        self.assertLess(r.status, 500, r)
        for log in (Stack.dir / "logs" / "api.log", Stack.dir / "nginx" / "logs" / "access.log"):
            with self.subTest(log.name):
                line = wait_until(lambda: next(
                    (line for line in log.read_bytes().splitlines()
                     if request_id.encode() in line), None), 10, f"the request in {log.name}")
                entry = json.loads(line.decode("utf-8"))  # raw 0xFF fails both
                self.assertEqual(entry["requestId"], request_id)
                self.assertTrue(entry["path"].startswith("/api/courses/"), entry)


if __name__ == "__main__":
    unittest.main()
