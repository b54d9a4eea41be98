"""End-to-end: the whole stack (PostgreSQL, Redis, auth, nginx) through the gateway.

Started once for the module by tools/stack.py on free ports in a temporary
folder. In place of the api service (not built yet) stands a small server that
echoes the headers it receives, so the tests see exactly what a service behind
the gateway is given.
"""
from __future__ import annotations

import http.client
import http.server
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import unittest
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from support import IDENTITY_TTL, sign_identity, temporary_folder

ROOT = Path(__file__).resolve().parents[2]
BUILD_DIR = Path(os.environ.get("CLASSROOM_BUILD_DIR", ROOT / "build" / "debug"))
STACK = ROOT / "tools" / "stack.py"


class EchoHandler(http.server.BaseHTTPRequestHandler):
    """Answers every request with the headers it received, as JSON."""
    protocol_version = "HTTP/1.1"
    received: list[dict[str, str]] = []

    def _echo(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        headers = {k.lower(): v for k, v in self.headers.items()}
        EchoHandler.received.append(headers)
        body = json.dumps({"headers": headers}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PATCH = do_DELETE = _echo

    def log_message(self, *args) -> None:
        pass


class Stack:
    dir: Path
    state: dict
    echo: http.server.ThreadingHTTPServer

    @classmethod
    def start(cls) -> None:
        cls.dir = temporary_folder("gateway")
        cls.echo = http.server.ThreadingHTTPServer(("127.0.0.1", 0), EchoHandler)
        threading.Thread(target=cls.echo.serve_forever, daemon=True).start()
        # The gateway routes /api/* to whatever listens on the api port.
        (cls.dir / "stack.json").write_text(json.dumps({"api": {"port": cls.echo.server_port}}))
        # Every test signs in from 127.0.0.1: the gateway's per-address limit is
        # raised (it is tested in test_gateway_limits). A slowed sign-in waits
        # 5 s, so that a test sees it before it ends (test_limits has the rest).
        env = dict(os.environ, CLASSROOM_AUTH_LOGIN_PAIR_LIMIT="5",
                   CLASSROOM_AUTH_LOGIN_DELAY="5s",
                   CLASSROOM_GATEWAY_SIGNIN_RATE="1000r/s", CLASSROOM_GATEWAY_SIGNIN_BURST="1000")
        out = subprocess.run([sys.executable, str(STACK), "up", "--dir", str(cls.dir),
                              "--components", "pg,redis,auth,gateway",
                              "--build-dir", str(BUILD_DIR)],
                             env=env, check=True, capture_output=True, text=True)
        cls.state = json.loads(out.stdout)

    @classmethod
    def stop(cls) -> None:
        subprocess.run([sys.executable, str(STACK), "down", "--dir", str(cls.dir)], check=False)
        cls.echo.shutdown()

    @classmethod
    def port(cls) -> int:
        return cls.state["gateway"]["port"]


def setUpModule() -> None:
    Stack.start()


def tearDownModule() -> None:
    Stack.stop()


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)


def call(method: str, path: str, body=None, token: str | None = None,
         headers: dict[str, str] | None = None, raw: bytes | None = None) -> Response:
    conn = http.client.HTTPConnection("127.0.0.1", Stack.port(), timeout=30)
    h = dict(headers or {})
    data = raw
    if body is not None:
        data = json.dumps(body).encode()
        h.setdefault("Content-Type", "application/json")
    if token:
        h["Authorization"] = f"Bearer {token}"
    conn.request(method, path, body=data, headers=h)
    r = conn.getresponse()
    out = Response(r.status, r.headers, r.read())
    conn.close()
    return out


def new_email() -> str:
    return f"user-{uuid.uuid4().hex[:12]}@example.org"


def register(email: str | None = None, password: str = "correct horse battery") -> dict:
    r = call("POST", "/auth/register",
             {"email": email or new_email(), "password": password, "displayName": "Test User"})
    assert r.status == 201, (r.status, r.body)
    return r.json()


def register_elsewhere(email: str) -> None:
    """An account registered from another address than the tests' (an owner's
    address is known for sign-in; a guesser's is not): straight to auth, with
    the X-Real-IP the gateway would send."""
    conn = http.client.HTTPConnection("127.0.0.1", Stack.state["auth"]["port"], timeout=30)
    conn.request("POST", "/auth/register",
                 body=json.dumps({"email": email, "password": "correct horse battery",
                                  "displayName": "Test User"}),
                 headers={"Content-Type": "application/json", "X-Real-IP": "192.0.2.10"})
    r = conn.getresponse()
    assert r.status == 201, (r.status, r.read())
    conn.close()


def login(email: str, password: str = "correct horse battery") -> Response:
    return call("POST", "/auth/login", {"email": email, "password": password})


def create_admin() -> tuple[str, str]:
    email, password = new_email(), "admin password 1"
    env = dict(os.environ, CLASSROOM_DB_URL=Stack.state["auth"]["dbUrl"],
               CLASSROOM_REDIS_URL=f"redis://127.0.0.1:{Stack.state['redis']['port']}")
    subprocess.run([str(BUILD_DIR / "services/auth/classroom-auth"), "create-admin",
                    "--email", email, "--display-name", "Admin"],
                   input=password + "\n", text=True, env=env, check=True, capture_output=True)
    r = login(email, password)
    assert r.status == 200, r.body
    return r.json()["token"], r.json()["user"]["id"]


class SessionLifecycle(unittest.TestCase):
    def test_register_login_me_logout_then_the_old_token_is_refused(self):
        email = new_email()
        registered = register(email)
        self.assertEqual(registered["user"]["email"], email)
        token = login(email).json()["token"]
        me = call("GET", "/auth/me", token=token)
        self.assertEqual(me.status, 200)
        self.assertEqual(me.json()["user"]["id"], registered["user"]["id"])
        self.assertEqual(me.json()["user"]["displayName"], "Test User")
        self.assertEqual(call("POST", "/auth/logout", token=token).status, 204)
        after = call("GET", "/auth/me", token=token)
        self.assertEqual(after.status, 401)
        self.assertEqual(after.headers["Content-Type"], "application/problem+json")
        # Through forward authentication too.
        self.assertEqual(call("GET", "/api/anything", token=token).status, 401)
        # The registration's own session is still alive.
        self.assertEqual(call("GET", "/auth/me", token=registered["token"]).status, 200)

    def test_register_normalises_email_and_refuses_a_taken_one(self):
        email = new_email()
        register(email)
        r = call("POST", "/auth/register",
                 {"email": email.upper(), "password": "another password", "displayName": "X"})
        self.assertEqual(r.status, 409)
        self.assertEqual(r.json()["status"], 409)

    def test_invalid_registration_names_every_bad_field(self):
        r = call("POST", "/auth/register", {"email": "nope", "password": "short", "displayName": " "})
        self.assertEqual(r.status, 422)
        fields = sorted(e["field"] for e in r.json()["errors"])
        self.assertEqual(fields, ["displayName", "email", "password"])

    def test_logout_all_ends_every_session_at_once(self):
        email = new_email()
        first = register(email)["token"]
        second = login(email).json()["token"]
        sessions = call("GET", "/auth/sessions", token=second).json()["items"]
        self.assertEqual(len(sessions), 2)
        self.assertEqual(sum(1 for s in sessions if s["current"]), 1)
        self.assertEqual(call("POST", "/auth/logout-all", token=second).status, 204)
        self.assertEqual(call("GET", "/auth/me", token=first).status, 401)
        self.assertEqual(call("GET", "/api/x", token=second).status, 401)

    def test_revoking_one_session_leaves_the_others(self):
        email = new_email()
        first = register(email)["token"]
        second = login(email).json()["token"]
        items = call("GET", "/auth/sessions", token=second).json()["items"]
        other = next(s["id"] for s in items if not s["current"])
        self.assertEqual(call("DELETE", f"/auth/sessions/{other}", token=second).status, 204)
        self.assertEqual(call("GET", "/auth/me", token=first).status, 401)
        self.assertEqual(call("GET", "/auth/me", token=second).status, 200)
        # Not twice, and not someone else's.
        self.assertEqual(call("DELETE", f"/auth/sessions/{other}", token=second).status, 404)

    def test_password_change_ends_other_sessions_and_keeps_this_one(self):
        email = new_email()
        other = register(email)["token"]
        current = login(email).json()["token"]
        wrong = call("POST", "/auth/password",
                     {"currentPassword": "not it at all", "newPassword": "a new password"},
                     token=current)
        self.assertEqual(wrong.status, 422)
        self.assertEqual(call("GET", "/auth/me", token=other).status, 200)
        r = call("POST", "/auth/password",
                 {"currentPassword": "correct horse battery", "newPassword": "a new password"},
                 token=current)
        self.assertEqual(r.status, 204)
        self.assertEqual(call("GET", "/auth/me", token=other).status, 401)
        self.assertEqual(call("GET", "/auth/me", token=current).status, 200)
        self.assertEqual(login(email).status, 401)
        self.assertEqual(login(email, "a new password").status, 200)


class Gateway(unittest.TestCase):
    def test_spoofed_identity_headers_never_reach_a_service(self):
        registered = register()
        EchoHandler.received.clear()
        forged_signature = "v1.9999999999.forged-by-the-client"
        r = call("GET", "/api/whoami", token=registered["token"],
                 headers={"X-Auth-User": "00000000-0000-7000-8000-000000000000",
                          "X-Auth-Role": "admin", "X-Auth-Anything": "x",
                          "X-Auth-Email-Verified": "true", "X-Auth-Signature": forged_signature})
        self.assertEqual(r.status, 200)
        seen = r.json()["headers"]
        self.assertEqual(seen["x-auth-user"], registered["user"]["id"])
        self.assertEqual(seen["x-auth-role"], "user")
        self.assertEqual(seen["x-auth-user-email"], registered["user"]["email"])
        self.assertEqual(seen["x-auth-email-verified"], "false")
        self.assertNotIn("x-auth-anything", seen)
        # auth's signature over exactly these headers, with the stack's key.
        signature = seen["x-auth-signature"]
        expiry = int(signature.split(".")[1])
        self.assertLessEqual(expiry - time.time(), IDENTITY_TTL + 1)
        identity = {"id": seen["x-auth-user"], "email": seen["x-auth-user-email"],
                    "role": seen["x-auth-role"], "session": seen["x-auth-session"]}
        self.assertEqual(signature, sign_identity(identity, Stack.state["identityKey"], ttl=0,
                                                  now=expiry))
        self.assertIsNone(r.headers.get("X-Auth-Signature"), "never shown to the client")
        self.assertTrue(seen.get("x-request-id"))
        self.assertEqual(r.headers["X-Request-Id"], seen["x-request-id"])

    def test_unauthenticated_requests_never_reach_a_service(self):
        EchoHandler.received.clear()
        r = call("GET", "/api/whoami", headers={"X-Auth-User": str(uuid.uuid4()),
                                                 "X-Auth-Role": "admin"})
        self.assertEqual(r.status, 401)
        self.assertEqual(r.json()["type"], "/problems/unauthenticated")
        self.assertEqual(EchoHandler.received, [])
        # auth itself trusts no identity header either.
        self.assertEqual(call("GET", "/auth/me", headers={"X-Auth-User": str(uuid.uuid4())}).status, 401)

    def test_cookie_authenticated_unsafe_request_needs_csrf_proof(self):
        token = register()["token"]
        cookie = {"Cookie": f"classroom_session={token}"}
        host = f"127.0.0.1:{Stack.port()}"
        # A safe method with the cookie is fine.
        self.assertEqual(call("GET", "/api/x", headers=cookie).status, 200)
        # A cross-site form: no X-Requested-With, foreign Origin.
        forged = call("POST", "/api/x", raw=b"a=1",
                      headers={**cookie, "Origin": "https://evil.example",
                               "Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(forged.status, 403)
        self.assertEqual(forged.json()["status"], 403)
        # Our own page's request: same origin and the header.
        ok = call("POST", "/api/x", body={}, headers={**cookie, "Origin": f"http://{host}",
                                                       "X-Requested-With": "XMLHttpRequest"})
        self.assertEqual(ok.status, 200)
        wrong_origin = call("POST", "/api/x", body={},
                            headers={**cookie, "Origin": "https://evil.example",
                                     "X-Requested-With": "XMLHttpRequest"})
        self.assertEqual(wrong_origin.status, 403)
        # auth's own endpoints apply the same rule.
        self.assertEqual(call("POST", "/auth/logout", headers=cookie).status, 403)
        self.assertEqual(call("GET", "/auth/me", token=token).status, 200)
        # Bearer tokens are not sent by browsers on their own: no CSRF rule.
        self.assertEqual(call("POST", "/api/x", body={}, token=token).status, 200)

    def test_a_forged_host_does_not_make_a_foreign_origin_ours(self):
        # The origin is compared with the configured public URL (the stack's
        # gateway), never with the Host the client chose.
        token = register()["token"]
        forged = {"Cookie": f"classroom_session={token}", "Host": "evil.example",
                  "Origin": "http://evil.example", "X-Requested-With": "XMLHttpRequest"}
        for path in ("/api/x", "/auth/logout"):
            with self.subTest(path):
                r = call("POST", path, body={}, headers=forged)
                self.assertEqual(r.status, 403, r.body)
                self.assertEqual(r.headers["Content-Type"], "application/problem+json")
        # Without Origin, the page's Referer is what counts.
        referer = {"Cookie": f"classroom_session={token}", "X-Requested-With": "XMLHttpRequest"}
        self.assertEqual(call("POST", "/api/x", body={},
                              headers={**referer, "Referer": "http://evil.example/page"}).status,
                         403)
        ours = f"http://127.0.0.1:{Stack.port()}/courses"
        self.assertEqual(call("POST", "/api/x", body={},
                              headers={**referer, "Referer": ours}).status, 200)
        self.assertEqual(call("GET", "/auth/me", token=token).status, 200)

    def test_malformed_json_is_a_400_problem(self):
        r = call("POST", "/auth/login", raw=b'{"email": ', headers={"Content-Type": "application/json"})
        self.assertEqual(r.status, 400)
        self.assertEqual(r.headers["Content-Type"], "application/problem+json")
        self.assertEqual(r.json()["status"], 400)

    def test_non_json_body_is_415(self):
        r = call("POST", "/auth/login", raw=b"email=a", headers={"Content-Type": "text/plain"})
        self.assertEqual(r.status, 415)

    def test_too_large_body_is_413(self):
        big = b'{"email":"' + b"a" * (2 << 20) + b'"}'
        r = call("POST", "/auth/login", raw=big, headers={"Content-Type": "application/json"})
        self.assertEqual(r.status, 413)
        self.assertEqual(r.json()["status"], 413)

    def test_unknown_route_and_wrong_method(self):
        self.assertEqual(call("GET", "/auth/nothing-here").status, 404)
        r = call("GET", "/auth/login")
        self.assertEqual(r.status, 405)
        self.assertEqual(r.headers["Allow"], "POST")

    def test_verify_is_not_routed(self):
        token = register()["token"]
        self.assertEqual(call("GET", "/verify", token=token).status, 404)


class Login(unittest.TestCase):
    def test_wrong_password_and_unknown_email_get_the_same_answer_in_the_same_time(self):
        email = new_email()
        register(email)
        wrong, unknown = [], []
        for _ in range(3):
            t = time.monotonic()
            a = login(email, "wrong password!")
            wrong.append(time.monotonic() - t)
            t = time.monotonic()
            b = login(new_email(), "wrong password!")
            unknown.append(time.monotonic() - t)
            self.assertEqual((a.status, b.status), (401, 401))
            strip = lambda r: {k: v for k, v in r.json().items() if k != "requestId"}
            self.assertEqual(strip(a), strip(b))
        # Both paths run the password hash: neither is markedly faster.
        ratio = statistics.median(unknown) / statistics.median(wrong)
        self.assertGreater(ratio, 0.5, (wrong, unknown))
        self.assertLess(ratio, 2.0, (wrong, unknown))

    def test_parallel_guesses_cannot_slip_past_the_limit(self):
        email = new_email()
        register_elsewhere(email)
        with ThreadPoolExecutor(max_workers=20) as pool:
            statuses = list(pool.map(lambda _: login(email, "wrong password!").status, range(20)))
        # Each attempt is counted before its hash runs: 5 are checked, 15 refused.
        self.assertEqual(statuses.count(401), 5, statuses)
        self.assertEqual(statuses.count(429), 15, statuses)

    def test_a_malformed_email_is_refused_like_an_unknown_one(self):
        for email in ["not an address", "victim@example.org\u0000x", "a" * 253 + "é"]:
            r = login(email, "wrong password!")
            self.assertIn(r.status, (400, 401), (email, r.body))
            self.assertEqual(r.headers["Content-Type"], "application/problem+json")

    def test_repeated_failures_are_slowed_with_429_and_retry_after(self):
        email = new_email()
        register_elsewhere(email)
        for _ in range(5):
            self.assertEqual(login(email, "wrong password!").status, 401)
        r = login(email, "wrong password!")
        self.assertEqual(r.status, 429)
        self.assertEqual(r.headers["Content-Type"], "application/problem+json")
        self.assertIn(int(r.headers["Retry-After"]), range(1, 6))
        # Even the right password waits out the delay (a 429 is no oracle).
        self.assertEqual(login(email).status, 429)


class Administration(unittest.TestCase):
    def test_a_deactivated_user_is_refused_on_the_next_request(self):
        admin_token, _ = create_admin()
        user = register()
        token = user["token"]
        self.assertEqual(call("GET", "/api/x", token=token).status, 200)
        r = call("PATCH", f"/auth/users/{user['user']['id']}", {"active": False}, token=admin_token)
        self.assertEqual(r.status, 200, r.body)
        self.assertFalse(r.json()["active"])
        self.assertEqual(call("GET", "/api/x", token=token).status, 401)
        self.assertEqual(call("GET", "/auth/me", token=token).status, 401)
        self.assertEqual(login(user["user"]["email"]).status, 403)

    def test_sessions_end_even_when_the_process_died_before_ending_them(self):
        user = register()
        token = user["token"]
        self.assertEqual(call("GET", "/auth/me", token=token).status, 200)
        # What a crash between the commit and the session update leaves behind:
        # the account deactivated and its event in the outbox, sessions alive.
        data = json.dumps({"userId": user["user"]["id"]})
        subprocess.run(["psql", Stack.state["auth"]["dbUrl"], "-v", "ON_ERROR_STOP=1", "-q", "-c",
                        f"BEGIN; UPDATE users SET active = false WHERE id = '{user['user']['id']}';"
                        f"INSERT INTO outbox (id, type, data) VALUES ('{uuid.uuid4()}', "
                        f"'user.deactivated', '{data}'); COMMIT;"],
                       check=True, capture_output=True)
        # The relay, the stream and auth's own consumer end them.
        deadline = time.monotonic() + 20
        while call("GET", "/auth/me", token=token).status == 200:
            self.assertLess(time.monotonic(), deadline, "the session outlived the deactivation")
            time.sleep(0.05)
        self.assertEqual(call("GET", "/api/x", token=token).status, 401)

    def test_only_admins_list_and_change_users(self):
        user = register()
        self.assertEqual(call("GET", "/auth/users", token=user["token"]).status, 403)
        self.assertEqual(call("PATCH", f"/auth/users/{user['user']['id']}", {"role": "admin"},
                              token=user["token"]).status, 403)
        self.assertEqual(call("GET", "/auth/users").status, 401)

    def test_role_change_applies_to_live_sessions_and_honours_if_match(self):
        admin_token, admin_id = create_admin()
        user = register()
        path = f"/auth/users/{user['user']['id']}"
        etag = call("GET", path, token=admin_token).headers["ETag"]
        stale = call("PATCH", path, {"role": "admin"}, token=admin_token,
                     headers={"If-Match": '"999"'})
        self.assertEqual(stale.status, 412)
        r = call("PATCH", path, {"role": "admin"}, token=admin_token, headers={"If-Match": etag})
        self.assertEqual(r.status, 200)
        self.assertNotEqual(r.headers["ETag"], etag)
        seen = call("GET", "/api/x", token=user["token"]).json()["headers"]
        self.assertEqual(seen["x-auth-role"], "admin")
        self.assertEqual(call("PATCH", f"/auth/users/{admin_id}", {"active": False},
                              token=admin_token).status, 409)
        self.assertEqual(call("PATCH", path, {"role": "root"}, token=admin_token).status, 422)

    def test_user_list_pages_with_cursor_and_link(self):
        admin_token, _ = create_admin()
        for _ in range(3):
            register()
        first = call("GET", "/auth/users?limit=2", token=admin_token)
        self.assertEqual(first.status, 200)
        page = first.json()
        self.assertEqual(len(page["items"]), 2)
        self.assertIsNotNone(page["nextCursor"])
        self.assertIn('rel="next"', first.headers["Link"])
        second = call("GET", f"/auth/users?limit=2&cursor={page['nextCursor']}", token=admin_token).json()
        ids = [u["id"] for u in page["items"]] + [u["id"] for u in second["items"]]
        self.assertEqual(len(ids), len(set(ids)), "pages do not overlap")
        self.assertEqual(ids, sorted(ids, reverse=True), "newest first")
        self.assertEqual(call("GET", "/auth/users?limit=201", token=admin_token).status, 400)
        self.assertEqual(call("GET", "/auth/users?limit=0", token=admin_token).status, 400)


class AuthorizationMatrix(unittest.TestCase):
    """Every auth endpoint, called by every kind of caller, against a table."""

    # (method, path) -> {caller: expected status}. `{own}` is a session of the
    # caller, `{other}` a session or user of another user, `{user}` a user id.
    TABLE = {
        ("GET", "/auth/me"): {"anonymous": 401, "user": 200, "admin": 200},
        ("GET", "/auth/sessions"): {"anonymous": 401, "user": 200, "admin": 200},
        ("DELETE", "/auth/sessions/{other}"): {"anonymous": 401, "user": 404, "admin": 404},
        ("DELETE", "/auth/sessions/{own}"): {"anonymous": 401, "user": 204, "admin": 204},
        ("POST", "/auth/password"): {"anonymous": 401, "user": 422, "admin": 422},
        ("GET", "/auth/users"): {"anonymous": 401, "user": 403, "admin": 200},
        ("GET", "/auth/users/{user}"): {"anonymous": 401, "user": 403, "admin": 200},
        ("PATCH", "/auth/users/{user}"): {"anonymous": 401, "user": 403, "admin": 200},
        ("POST", "/auth/logout"): {"anonymous": 401, "user": 204, "admin": 204},
        ("POST", "/auth/logout-all"): {"anonymous": 401, "user": 204, "admin": 204},
        ("POST", "/auth/email/verification"): {"anonymous": 401, "user": 202, "admin": 202},
        # Public: a token that is none is 410 for anyone; forgot is 202 for anyone.
        ("POST", "/auth/email/verify"): {"anonymous": 410, "user": 410, "admin": 410},
        ("POST", "/auth/password/forgot"): {"anonymous": 202, "user": 202, "admin": 202},
        ("POST", "/auth/password/reset"): {"anonymous": 410, "user": 410, "admin": 410},
    }
    BODIES = {
        "/auth/password": {"currentPassword": "not the password", "newPassword": "whatever 123"},
        "/auth/users/{user}": {"role": "user"},
        "/auth/email/verify": {"token": "not a token"},
        "/auth/password/forgot": {"email": "nobody@example.org"},
        "/auth/password/reset": {"token": "not a token", "newPassword": "whatever 123"},
    }

    def test_every_endpoint_answers_every_caller_as_the_table_says(self):
        for (method, path), expected in self.TABLE.items():
            for caller, status in expected.items():
                with self.subTest(method=method, path=path, caller=caller):
                    # Fresh sessions for every call: some calls end them.
                    other = register()
                    other_session = call("GET", "/auth/sessions", token=other["token"]).json()["items"][0]["id"]
                    token = None
                    if caller == "user":
                        token = register()["token"]
                    elif caller == "admin":
                        token, _ = create_admin()
                    own = (call("GET", "/auth/sessions", token=token).json()["items"][0]["id"]
                           if token else "00000000-0000-7000-8000-000000000000")
                    concrete = path.format(own=own, other=other_session, user=other["user"]["id"])
                    r = call(method, concrete, self.BODIES.get(path), token=token)
                    self.assertEqual(r.status, status, r.body)
                    if r.status >= 400:
                        self.assertEqual(r.headers["Content-Type"], "application/problem+json")


class Events(unittest.TestCase):
    def test_registration_reaches_the_event_stream(self):
        registered = register()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            out = subprocess.run(["redis-cli", "-p", str(Stack.state["redis"]["port"]), "--raw",
                                  "XRANGE", "classroom:events", "-", "+"],
                                 capture_output=True, text=True, check=True).stdout
            envelopes = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
            mine = [e for e in envelopes if e["type"] == "user.registered"
                    and e["data"]["userId"] == registered["user"]["id"]]
            if mine:
                self.assertEqual(len(mine), 1)
                self.assertEqual(mine[0]["data"]["displayName"], "Test User")
                self.assertTrue(mine[0]["occurredAt"].endswith("Z"))
                return
            time.sleep(0.05)
        self.fail("user.registered did not reach the stream within 10 s")


if __name__ == "__main__":
    unittest.main()
