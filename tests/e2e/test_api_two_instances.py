"""End-to-end: two api instances behind the gateway, one killed under a write load.

Client threads post announcements and turn work in through the gateway, each
call with a timeout. Once both instances have answered some, one of them is
frozen (SIGSTOP) until a request is certainly waiting in its sockets, then
killed with SIGKILL; the load goes on to its end. Then:

- nothing acknowledged is lost: every 2xx write is in the database, read back
  through the api, and no write was applied twice;
- the outbox delivered an event for every write in the database, once;
- the gateway kept answering: a request in flight on the killed instance got a
  502/503 problem, a POST once sent was never replayed on the other instance
  (the gateway's access log records what each attempt sent), every request
  after the kill reached the survivor, and no call ran into its timeout.
"""
from __future__ import annotations

import http.client
import json
import signal
import threading
import time
import unittest
import uuid
from dataclasses import dataclass
from pathlib import Path

from support import (Stack, call, course_with_students, kill_instance, next_link,
                     stream_events, tearDownModule, wait_until)  # noqa: F401

PROBLEM = "application/problem+json"
CALL_TIMEOUT = 15.0  # seconds; a call that reaches it is a hang, and fails the test
LOAD_DEADLINE = 30.0  # no thread starts a request after this many seconds of load
COURSES = 8  # one client thread each
ASSIGNMENTS_PER_COURSE = 5
OPS_PER_THREAD = 18
TCP_ESTABLISHED, TCP_CLOSE_WAIT = "01", "08"


def setUpModule() -> None:
    Stack.start(instances={"api": 2})


@dataclass
class Outcome:
    """One write the load sent, and what came back."""
    kind: str  # "announcement" or "turn-in"
    course_id: str
    target: str  # the announcement's text (unique), or the submission id
    request_id: str
    started: float = 0.0
    status: int | None = None
    content_type: str = ""
    body: bytes = b""
    error: str | None = None  # no answer: the timeout or a connection error

    @property
    def acknowledged(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def post(token: str, path: str, body: dict | None, outcome: Outcome) -> None:
    """Sends one POST through the gateway and records the answer (never raises)."""
    conn = http.client.HTTPConnection("127.0.0.1", Stack.port("gateway"), timeout=CALL_TIMEOUT)
    headers = {"Authorization": f"Bearer {token}", "X-Request-Id": outcome.request_id}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    outcome.started = time.monotonic()
    try:
        conn.request("POST", path, body=data, headers=headers)
        r = conn.getresponse()
        outcome.body = r.read()
        outcome.status = r.status
        outcome.content_type = r.headers.get("Content-Type", "")
    except (OSError, http.client.HTTPException) as e:  # TimeoutError included
        outcome.error = f"{type(e).__name__}: {e}"
    finally:
        conn.close()


def tcp_sockets() -> list[tuple[int, int, str, int]]:
    """IPv4 TCP sockets of this network namespace: (local port, remote port, state, rx queue)."""
    out = []
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote, state = fields[1], fields[2], fields[3]
        rx_queue = int(fields[4].split(":")[1], 16)
        out.append((int(local.split(":")[1], 16), int(remote.split(":")[1], 16), state,
                    rx_queue))
    return out


def request_waiting_at(port: int) -> bool:
    """Whether bytes sent to the server on `port` wait unread in one of its sockets."""
    return any(local == port and state == TCP_ESTABLISHED and rx > 0
               for local, _, state, rx in tcp_sockets())


def connections_open_to(port: int) -> bool:
    """Whether a client (the gateway) still holds a connection to `port` open,
    one it could send a request on."""
    return any(remote == port and state in (TCP_ESTABLISHED, TCP_CLOSE_WAIT)
               for _, remote, state, _ in tcp_sockets())


def access_log() -> dict[str, dict]:
    """The gateway's access log lines, by request id."""
    path = Stack.dir / "nginx" / "logs" / "access.log"
    lines = path.read_text().splitlines() if path.exists() else []
    return {entry["requestId"]: entry for entry in map(json.loads, lines)}


def listed(path: str, token: str) -> list[dict]:
    """Every item of a paged list."""
    items: list[dict] = []
    while path:
        r = call("GET", path, token=token)
        assert r.status == 200, r
        items += r.json()["items"]
        path = next_link(r)
    return items


class Load:
    """Client threads, each with a bounded list of writes, bounded in time too.

    Each thread is the only student of a course of its own: the api locks a
    course's row for every write to it, and a transaction the frozen instance
    holds must not hold up the other threads, whose requests go on reaching
    both instances.
    """

    def __init__(self):
        self.outcomes: list[Outcome] = []
        self.courses: list[tuple[dict, dict]] = []  # (course, owner)
        self.threads: list[threading.Thread] = []
        self.lock = threading.Lock()

    def prepare(self) -> None:
        for _ in range(COURSES):
            course, owner, [student] = course_with_students(1)
            base = f"/api/courses/{course['id']}/coursework"
            for i in range(ASSIGNMENTS_PER_COURSE):
                r = call("POST", base, {"title": f"Homework {i}", "workType": "ASSIGNMENT",
                                        "maxPoints": 10, "state": "PUBLISHED"},
                         token=owner["token"])
                assert r.status == 201, r
            self.courses.append((course, owner))
            subs = [s for cw in listed(base, owner["token"])
                    for s in listed(f"{base}/{cw['id']}/submissions", owner["token"])]
            assert len(subs) == ASSIGNMENTS_PER_COURSE, subs
            self.threads.append(self._thread(course, student, subs))

    def _thread(self, course: dict, user: dict, subs: list[dict]) -> threading.Thread:
        """Turns each submission in, between announcements."""
        ops = []
        for i in range(OPS_PER_THREAD):
            if i % 2 == 1 and subs:
                sub = subs.pop()
                path = (f"/api/courses/{course['id']}/coursework/{sub['courseworkId']}"
                        f"/submissions/{sub['id']}/turn-in")
                ops.append((path, None, Outcome("turn-in", course["id"], sub["id"],
                                                f"e2e-two-{uuid.uuid4().hex}")))
            else:
                text = f"Announcement {uuid.uuid4().hex}"
                ops.append((f"/api/courses/{course['id']}/announcements", {"text": text},
                            Outcome("announcement", course["id"], text,
                                    f"e2e-two-{uuid.uuid4().hex}")))
        return threading.Thread(target=self._run, args=(user["token"], ops), daemon=True)

    def _run(self, token: str, ops: list) -> None:
        for path, body, outcome in ops:
            if time.monotonic() > self.deadline:
                return
            post(token, path, body, outcome)
            with self.lock:
                self.outcomes.append(outcome)

    def start(self) -> None:
        self.deadline = time.monotonic() + LOAD_DEADLINE
        for thread in self.threads:
            thread.start()

    def join(self) -> list[threading.Thread]:
        """Waits for the threads; returns those still running (hung) after the bound."""
        end = self.deadline + CALL_TIMEOUT + 5
        for thread in self.threads:
            thread.join(max(0.0, end - time.monotonic()))
        return [t for t in self.threads if t.is_alive()]

    def acknowledged(self) -> int:
        with self.lock:
            return sum(o.acknowledged for o in self.outcomes)


class TwoInstancesOneKilled(unittest.TestCase):
    def test_no_acknowledged_write_is_lost_and_the_gateway_keeps_answering(self):
        survivor, victim = Stack.ports("api")
        load = Load()
        load.prepare()
        load.start()
        wait_until(lambda: load.acknowledged() >= 20, 30, "the load being under way")
        # Frozen, the instance keeps what the gateway sends it unanswered: the
        # kill then certainly finds a request in flight.
        kill_instance("api-2", signal.SIGSTOP)
        wait_until(lambda: request_waiting_at(victim), 10,
                   "a request waiting at the frozen instance")
        kill_instance("api-2")
        # Once the gateway has closed every connection to the dead instance, no
        # request can be sent to it any more: what starts now must reach the survivor.
        wait_until(lambda: not connections_open_to(victim), 10,
                   "the gateway closing its connections to the killed instance")
        killed_at = time.monotonic()
        hung = load.join()
        self.assertEqual(hung, [], "client threads still waiting for an answer")
        outcomes = load.outcomes

        self.check_answers(outcomes, killed_at)
        self.check_gateway_attempts(outcomes, killed_at, survivor, victim)
        self.check_writes_kept(load, outcomes)
        self.check_events(load)

    def check_answers(self, outcomes: list[Outcome], killed_at: float) -> None:
        self.assertEqual([o for o in outcomes if o.error], [], "calls without an answer")
        failed = [o for o in outcomes if not o.acknowledged]
        self.assertTrue(failed, "no request was in flight on the killed instance")
        for o in failed:
            self.assertIn(o.status, (502, 503), o)
            self.assertEqual(o.content_type, PROBLEM, o)
            self.assertEqual(json.loads(o.body)["status"], o.status, o)
            self.assertLess(o.started, killed_at, f"{o} failed after the kill")
        later = [o for o in outcomes if o.started >= killed_at]
        self.assertGreaterEqual(len(later), 10, "too little load after the kill to judge")

    def check_gateway_attempts(self, outcomes: list[Outcome], killed_at: float, survivor: int,
                               victim: int) -> None:
        ids = {o.request_id for o in outcomes}

        def logged():
            entries = access_log()
            return ids <= entries.keys() and entries

        log = wait_until(logged, 10, "the gateway logging every request")  # flushed each second
        served_by = set()
        for o in outcomes:
            entry = log[o.request_id]
            self.assertEqual(entry["status"], o.status, entry)
            attempts = entry["upstream"].split(", ")
            sent = entry["upstreamSent"].split(", ")
            # Another instance is tried only for a request that never reached the first.
            self.assertTrue(all(n == "0" for n in sent[:-1]), f"a POST was replayed: {entry}")
            if o.acknowledged:
                served_by.add(attempts[-1])
            if o.started >= killed_at:
                self.assertEqual(attempts[-1], f"127.0.0.1:{survivor}", entry)
        self.assertEqual(served_by, {f"127.0.0.1:{survivor}", f"127.0.0.1:{victim}"},
                         "the load was not spread over both instances")

    def check_writes_kept(self, load: Load, outcomes: list[Outcome]) -> None:
        self.announcements: dict[str, dict] = {}  # id -> announcement, in the database
        self.turned_in: dict[str, str] = {}  # submission id -> course id, in the database
        for course, owner in load.courses:
            base = f"/api/courses/{course['id']}"
            posts = listed(f"{base}/announcements", owner["token"])
            texts = [p["text"] for p in posts]
            self.assertEqual(len(texts), len(set(texts)), "an announcement written twice")
            self.announcements.update((p["id"], p) for p in posts)
            for cw in listed(f"{base}/coursework", owner["token"]):
                for s in listed(f"{base}/coursework/{cw['id']}/submissions", owner["token"]):
                    if s["state"] == "TURNED_IN":
                        self.turned_in[s["id"]] = course["id"]
        sent_texts = {o.target for o in outcomes if o.kind == "announcement"}
        self.assertLessEqual({p["text"] for p in self.announcements.values()}, sent_texts)
        for o in outcomes:
            if o.acknowledged and o.kind == "announcement":
                kept = self.announcements.get(json.loads(o.body)["id"])
                self.assertIsNotNone(kept, f"acknowledged, then lost: {o}")
                self.assertEqual(kept["text"], o.target)
            elif o.acknowledged:
                self.assertIn(o.target, self.turned_in, f"acknowledged, then lost: {o}")

    def check_events(self, load: Load) -> None:
        wanted = ({("announcement.posted", i, p["courseId"])
                   for i, p in self.announcements.items()}
                  | {("submission.turned_in", s, c) for s, c in self.turned_in.items()})

        def delivered():
            events = stream_events()
            keys = {(e["type"], e["data"].get("announcementId") or e["data"].get("submissionId"),
                     e.get("courseId")) for e in events}
            return wanted <= keys and events

        events = wait_until(delivered, 30, "the outbox delivering an event for every write")
        ids = [e["id"] for e in events]
        self.assertEqual(len(ids), len(set(ids)), "an event appended twice")
        turn_ins = [e["data"]["submissionId"] for e in events
                    if e["type"] == "submission.turned_in"]
        self.assertEqual(sorted(turn_ins), sorted(self.turned_in),
                         "turn-in events do not match the submissions turned in")


if __name__ == "__main__":
    unittest.main()
