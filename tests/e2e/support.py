"""Shared pieces of the end-to-end tests.

The stack (PostgreSQL, Redis, a mail sink, auth, api, exams, notify, nginx) is started once per test
module by tools/stack.py, on free ports in a temporary folder. A test module
takes it with

    from support import setUpModule, tearDownModule  # noqa: F401

and then talks to it through the gateway with `call()`, or to the api directly
(as the gateway would, with identity headers it chooses, signed with the
stack's identity key as auth signs them: `identity_headers()`) with
`call_api()`. The api's /internal/* endpoints take the stack's service
credential, as another service sends it: `call_api(..., headers=internal_headers())`.
A module that needs several instances of a service starts the stack itself:

    def setUpModule():
        Stack.start(instances={"api": 2})

Stacks run in folders made by `temporary_folder()`. Run through `run.py` (as
ctest does), a module's folders are removed once every one of its tests
passed; when one failed, or when run otherwise, they are kept and named.
"""
from __future__ import annotations

import atexit
import base64
import hashlib
import hmac
import email
import email.policy
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
from stack import process_exited  # noqa: E402

BUILD_DIR = Path(os.environ.get("CLASSROOM_BUILD_DIR", ROOT / "build" / "debug"))
STACK = ROOT / "tools" / "stack.py"
COMPONENTS = "pg,redis,mail,auth,api,exams,notify,gateway"
PASSWORD = "correct horse battery"
INTERNAL_TOKEN_HEADER = "X-Internal-Token"
IDENTITY_TTL = 60  # seconds: how long auth's signatures last (CLASSROOM_IDENTITY_TTL's default)

# Every test signs in from 127.0.0.1: the gateway's per-address limit is raised
# (it is tested in test_gateway_limits). Password hashing is made cheap: these
# tests register many users and test no password.
ENV = dict(os.environ, CLASSROOM_GATEWAY_SIGNIN_RATE="1000r/s", CLASSROOM_GATEWAY_SIGNIN_BURST="1000",
           CLASSROOM_AUTH_ARGON2_PASSES="1", CLASSROOM_AUTH_ARGON2_MEMORY_KIB="8192")


# Temporary folders ---------------------------------------------------------------

_folders: list[Path] = []


def temporary_folder(name: str) -> Path:
    """A new folder for a stack, `classroom-e2e-<name>-*` in the temporary directory."""
    folder = Path(tempfile.mkdtemp(prefix=f"classroom-e2e-{name}-"))
    _folders.append(folder)
    return folder


def finish_folders(passed: bool) -> None:
    """Removes the folders once every test passed; otherwise says where they are."""
    while _folders:
        folder = _folders.pop()
        if passed:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            print(f"stack folder kept for inspection: {folder}", file=sys.stderr)


atexit.register(finish_folders, False)  # what run.py did not remove is named


class Stack:
    dir: Path | None = None
    state: dict = {}

    @classmethod
    def start(cls, instances: dict[str, int] | None = None) -> None:
        """Starts the stack; `instances` asks for several of a service, e.g. {"api": 2}."""
        cls.dir = temporary_folder("api")
        # Always given, so that CLASSROOM_STACK_INSTANCES set for `make run` does
        # not change what the tests start.
        counts = ",".join(f"{name}={n}" for name, n in (instances or {}).items())
        out = _stack("up", "--dir", str(cls.dir), "--components", COMPONENTS,
                     "--build-dir", str(BUILD_DIR), "--instances", counts)
        cls.state = json.loads(out)

    @classmethod
    def stop(cls) -> None:
        if cls.dir is not None:
            subprocess.run([sys.executable, str(STACK), "down", "--dir", str(cls.dir)],
                           check=False)

    @classmethod
    def port(cls, component: str) -> int:
        """The component's port; of a service, its first instance's."""
        return cls.state[component]["port"]

    @classmethod
    def ports(cls, service: str) -> list[int]:
        """The ports of a service's instances, the first instance's first."""
        return cls.state[service]["ports"]

    @classmethod
    def internal_token(cls) -> str:
        """The service credential stack.py gave every service of this stack."""
        return cls.state["internalToken"]

    @classmethod
    def identity_key(cls) -> str:
        """The key auth signs identities with and every service verifies them with."""
        return cls.state["identityKey"]

    @classmethod
    def metrics_token(cls) -> str:
        """The token a scraper presents for /metrics (Authorization: Bearer)."""
        return cls.state["metricsToken"]

    @classmethod
    def pid(cls, instance: str) -> int:
        """The process id of a service's instance ("api", "api-2", ...)."""
        return int((cls.dir / f"{instance}.pid").read_text())


def _stack(*args: str) -> str:
    r = subprocess.run([sys.executable, str(STACK), *args], env=ENV, capture_output=True,
                       text=True)
    if r.returncode != 0:
        raise RuntimeError(f"stack.py {' '.join(args)} failed:\n{r.stderr}")
    return r.stdout


def setUpModule() -> None:
    Stack.start()


def tearDownModule() -> None:
    Stack.stop()


def stop_component(name: str) -> None:
    """Stops one component (e.g. "api"); its port and data stay for start_component."""
    _stack("stop-component", name, "--dir", str(Stack.dir))


def start_component(name: str) -> None:
    """Starts a stopped component again; returns once it answers /readyz."""
    _stack("start-component", name, "--dir", str(Stack.dir), "--build-dir", str(BUILD_DIR))


def kill_instance(instance: str, sig: int = signal.SIGKILL) -> None:
    """Sends `sig` to a service's instance ("api-2"); for SIGKILL, returns once
    it has exited (its sockets are closed), with a deadline."""
    pid = Stack.pid(instance)
    os.kill(pid, sig)
    if sig == signal.SIGKILL:
        wait_until(lambda: process_exited(pid), 10, f"{instance} (pid {pid}) exiting")


# HTTP ------------------------------------------------------------------------

class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)

    def __repr__(self) -> str:  # what a failed assertion shows
        return f"<{self.status} {self.body[:500]!r}>"


def _request(port: int, method: str, path: str, body, headers: dict[str, str] | None,
             raw: bytes | None) -> Response:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    h = dict(headers or {})
    data = raw
    if body is not None:
        data = json.dumps(body).encode()
        h.setdefault("Content-Type", "application/json")
    conn.request(method, path, body=data, headers=h)
    r = conn.getresponse()
    out = Response(r.status, r.headers, r.read())
    conn.close()
    return out


def call(method: str, path: str, body=None, token: str | None = None,
         headers: dict[str, str] | None = None, raw: bytes | None = None) -> Response:
    """A request through the gateway, as a client sends it (Bearer token)."""
    h = dict(headers or {})
    if token:
        h["Authorization"] = f"Bearer {token}"
    return _request(Stack.port("gateway"), method, path, body, h, raw)


def call_api(method: str, path: str, body=None, identity: dict | None = None,
             headers: dict[str, str] | None = None, port: int | None = None) -> Response:
    """A request straight to the api (or the service on `port`), with the
    identity headers the gateway would set, signed as auth signs them.

    `identity` is as identity_headers() takes it, which lets a test be a user
    auth never saw.
    """
    h = dict(headers or {})
    if identity:
        h.update(identity_headers(identity))
    return _request(port or Stack.port("api"), method, path, body, h, None)


def identity_key_bytes(text: str) -> bytes:
    """An identity key's bytes, decoded as core decodes CLASSROOM_IDENTITY_KEY:
    hex when it is an even number of hex digits, base64url otherwise."""
    if len(text) % 2 == 0 and re.fullmatch(r"[0-9a-fA-F]*", text):
        return bytes.fromhex(text)
    text = text.rstrip("=")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_identity(identity: dict, key: str | None = None, ttl: float = IDENTITY_TTL,
                  now: float | None = None) -> str:
    """X-Auth-Signature for `identity` (see identity_headers), as auth makes it
    (core/http/identity_signature.cpp): v1.<expiry>.<base64url(HMAC-SHA256)>
    over "v1", the expiry and each field length-prefixed. The stack's key
    unless `key` is given; `now` (unix seconds) shifts the clock."""
    expiry = int(time.time() if now is None else now) + int(ttl)
    fields = [identity["id"], identity["email"], identity.get("role", "user"),
              identity.get("session", "e2e-session"),
              "true" if identity.get("emailVerified") else "false"]
    canonical = f"v1\n{expiry}\n".encode()
    for field in fields:
        data = field.encode()
        canonical += str(len(data)).encode() + b":" + data + b"\n"
    mac = hmac.new(identity_key_bytes(key or Stack.identity_key()), canonical,
                   hashlib.sha256).digest()
    return f"v1.{expiry}." + base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def identity_headers(identity: dict, key: str | None = None, ttl: float = IDENTITY_TTL,
                     now: float | None = None) -> dict[str, str]:
    """The headers the gateway sends a service for `identity`: {"id", "email",
    "role"? ("user"), "session"? ("e2e-session"), "emailVerified"? (False)},
    with their signature (sign_identity's arguments)."""
    return {"X-Auth-User": identity["id"], "X-Auth-User-Email": identity["email"],
            "X-Auth-Role": identity.get("role", "user"),
            "X-Auth-Session": identity.get("session", "e2e-session"),
            "X-Auth-Email-Verified": "true" if identity.get("emailVerified") else "false",
            "X-Auth-Signature": sign_identity(identity, key, ttl, now)}


def metrics_headers(token: str | None = None) -> dict[str, str]:
    """What a scraper sends for /metrics (the stack's token unless given)."""
    return {"Authorization": f"Bearer {Stack.metrics_token() if token is None else token}"}


def internal_headers(token: str | None = None) -> dict[str, str]:
    """The header in which a service presents the credential (the stack's unless given)."""
    return {INTERNAL_TOKEN_HEADER: Stack.internal_token() if token is None else token}


def new_email() -> str:
    return f"user-{uuid.uuid4().hex[:12]}@example.org"


def register(display_name: str | None = None, email: str | None = None) -> dict:
    """A new account: {"id", "email", "displayName", "token"}."""
    r = call("POST", "/auth/register",
             {"email": email or new_email(), "password": PASSWORD,
              "displayName": display_name or f"User {uuid.uuid4().hex[:8]}"})
    assert r.status == 201, r
    out = r.json()
    return {**out["user"], "token": out["token"]}


# Mail ----------------------------------------------------------------------------

VERIFICATION_SUBJECT = "Confirm your e-mail address for Classroom"
RESET_SUBJECT = "Reset your Classroom password"


def mails_to(address: str) -> list[email.message.EmailMessage]:
    """Every message the stack's mail server accepted for `address` (its envelope
    recipient), oldest first. The server (aiosmtpd's Mailbox) keeps them in a Maildir;
    they are read as a mail program would: headers decoded, body decoded."""
    folder = Path(Stack.state["mail"]["maildir"]) / "new"
    mails = []
    for path in sorted(folder.iterdir(), key=lambda p: (p.stat().st_mtime_ns, p.name)) \
            if folder.exists() else []:
        with open(path, "rb") as f:
            mail = email.message_from_binary_file(f, policy=email.policy.default)
        if mail["X-RcptTo"] == address:
            mails.append(mail)
    return mails


def wait_for_mail(address: str, subject: str, timeout: float = 30,
                  skip: int = 0) -> email.message.EmailMessage:
    """The first mail to `address` with `subject` after the first `skip` of them."""
    def found():
        matching = [m for m in mails_to(address) if m["Subject"] == subject]
        return matching[skip] if len(matching) > skip else None
    return wait_until(found, timeout, f"mail {skip + 1} {subject!r} to {address}")


def link_token(mail: email.message.EmailMessage, page: str) -> str:
    """The token of the link to `page` ("/verify-email", "/reset-password") in a mail."""
    m = re.search(re.escape(page) + r"#token=([A-Za-z0-9_-]+)", mail.get_content())
    assert m, f"no {page} link in {mail.get_content()!r}"
    return m.group(1)


def verify_email(user: dict) -> dict:
    """Verifies the user's address as its owner does: opens the link of the
    confirmation mail registration sent to it. Returns the user."""
    token = link_token(wait_for_mail(user["email"], VERIFICATION_SUBJECT), "/verify-email")
    r = call("POST", "/auth/email/verify", {"token": token})
    assert r.status == 204, r
    return user


# Time and waiting --------------------------------------------------------------

def wait_until(predicate, timeout: float = 20.0, what: str = "the condition"):
    """Polls `predicate` until it returns something true, and returns that.

    Raises AssertionError (a test failure) when `timeout` seconds pass first.
    """
    deadline = time.monotonic() + timeout
    delay = 0.01
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not hold within {timeout:.0f} s")
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def from_now(**delta) -> str:
    """An RFC 3339 UTC time relative to now, e.g. from_now(hours=-1)."""
    return rfc3339(datetime.now(timezone.utc) + timedelta(**delta))


# Links ------------------------------------------------------------------------

def next_link(response: Response) -> str | None:
    """The path of the Link header's rel="next" target, or None."""
    header = response.headers.get("Link")
    if not header:
        return None
    for part in header.split(","):
        m = re.match(r'\s*<([^>]*)>\s*;\s*rel="?next"?', part)
        if m:
            return re.sub(r"^https?://[^/]+", "", m.group(1))
    return None


# Redis and events --------------------------------------------------------------

class Redis:
    """Just enough of RESP to send commands and read their replies."""

    def __init__(self, port: int | None = None):
        self.sock = socket.create_connection(("127.0.0.1", port or Stack.port("redis")),
                                             timeout=10)
        self.reader = self.sock.makefile("rb")

    def close(self) -> None:
        self.reader.close()
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def command(self, *args):
        out = [f"*{len(args)}\r\n".encode()]
        for arg in args:
            data = arg if isinstance(arg, bytes) else str(arg).encode()
            out.append(b"$%d\r\n%s\r\n" % (len(data), data))
        self.sock.sendall(b"".join(out))
        return self._reply()

    def _reply(self):
        line = self.reader.readline()
        if not line:
            raise ConnectionError("redis closed the connection")
        kind, rest = line[:1], line[1:-2]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RuntimeError(f"redis: {rest.decode()}")
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            data = self.reader.read(n + 2)[:-2]
            return data.decode()
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self._reply() for _ in range(n)]
        raise RuntimeError(f"redis: unexpected reply {line!r}")


def uuid7() -> str:
    """A UUIDv7 (time-ordered), as the services make event ids."""
    ms = time.time_ns() // 1_000_000
    value = (ms << 80) | (0x7 << 76) | (secrets.randbits(12) << 64) \
        | (0b10 << 62) | secrets.randbits(62)
    return str(uuid.UUID(int=value))


def stream_events() -> list[dict]:
    """The envelopes on `classroom:events`, in stream order."""
    with Redis() as redis:
        entries = redis.command("XRANGE", "classroom:events", "-", "+")
    events = []
    for _, fields in entries:
        values = dict(zip(fields[::2], fields[1::2]))
        events.append(json.loads(values["event"]))
    return events


def publish_event(type_: str, data: dict, actor_id: str | None = None,
                  course_id: str | None = None, event_id: str | None = None) -> str:
    """Appends an event to `classroom:events` as a producing service's relay would.

    Returns the event id (a new UUIDv7 unless given: giving one again re-delivers).
    """
    event_id = event_id or uuid7()
    envelope = {"id": event_id, "type": type_, "occurredAt": rfc3339(datetime.now(timezone.utc)),
                "actorId": actor_id, "data": data}
    if course_id is not None:
        envelope["courseId"] = course_id
    with Redis() as redis:
        redis.command("XADD", "classroom:events", "*", "id", event_id, "type", type_,
                      "event", json.dumps(envelope))
    return event_id


# Small builders shared by the api tests ----------------------------------------

def create_course(owner: dict, name: str | None = None, **fields) -> dict:
    r = call("POST", "/api/courses", {"name": name or f"Course {uuid.uuid4().hex[:8]}",
                                      **fields}, token=owner["token"])
    assert r.status == 201, r
    return r.json()


def join(user: dict, code: str) -> Response:
    return call("POST", "/api/courses/join", {"code": code}, token=user["token"])


def course_with_students(n: int = 1) -> tuple[dict, dict, list[dict]]:
    """A new course, its owner, and `n` students who joined by code (in order)."""
    owner = register()
    course = create_course(owner)
    students = []
    for _ in range(n):
        student = register()
        r = join(student, course["joinCode"])
        assert r.status == 200, r
        students.append(student)
    return course, owner, students


def returned_submission(course: dict, owner: dict, student: dict, title: str = "Homework 1",
                        max_points: int = 10, grade: float = 8.5) -> dict:
    """Published coursework that `student` turned in and `owner` graded and returned;
    returns the coursework."""
    base = f"/api/courses/{course['id']}/coursework"
    r = call("POST", base, {"title": title, "workType": "ASSIGNMENT", "maxPoints": max_points,
                            "state": "PUBLISHED"}, token=owner["token"])
    assert r.status == 201, r
    coursework = r.json()
    r = call("GET", f"{base}/{coursework['id']}/submissions", token=student["token"])
    path = f"{base}/{coursework['id']}/submissions/{r.json()['items'][0]['id']}"
    for method, step, body, user in (("POST", "/turn-in", None, student),
                                     ("PATCH", "", {"draftGrade": grade}, owner),
                                     ("POST", "/return", None, owner)):
        r = call(method, path + step, body, token=user["token"])
        assert r.status == 200, r
    return coursework


def add_teacher(course: dict, owner: dict) -> dict:
    """A new user, verified, made a teacher of the course through an accepted invitation."""
    teacher = verify_email(register())
    r = call("POST", f"/api/courses/{course['id']}/invitations",
             {"email": teacher["email"], "role": "teacher"}, token=owner["token"])
    assert r.status == 201, r
    r = call("POST", f"/api/invitations/{r.json()['id']}/accept", token=teacher["token"])
    assert r.status == 200, r
    return teacher


def create_admin() -> dict:
    """An administrator made with `classroom-auth create-admin`, signed in:
    {"id", "email", "displayName", "role", "token"}."""
    email, password = new_email(), "admin password 1"
    env = dict(os.environ, CLASSROOM_DB_URL=Stack.state["auth"]["dbUrl"],
               CLASSROOM_REDIS_URL=f"redis://127.0.0.1:{Stack.state['redis']['port']}")
    subprocess.run([str(BUILD_DIR / "services/auth/classroom-auth"), "create-admin",
                    "--email", email, "--display-name", "Ada Admin"],
                   input=password + "\n", text=True, env=env, check=True, capture_output=True)
    r = call("POST", "/auth/login", {"email": email, "password": password})
    assert r.status == 200, f"admin login: {r!r}"
    body = r.json()
    assert body["user"]["role"] == "admin", body
    return {**body["user"], "token": body["token"]}
