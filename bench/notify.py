#!/usr/bin/env python3
"""Live notifications: memory per idle connection and the latency from an
announcement's POST to its arrival on every connection, with notify on this
machine.

On a stack of its own (PostgreSQL, Redis, auth, api and two notify instances,
started with tools/stack.py on free ports in a temporary folder; no gateway:
the holders connect straight to notify, as nginx would, with the identity
headers it adds):

  seeding: --courses courses of --students students each; the courses through
    api (POST /api/courses, with the identity headers of their teacher), the
    students' profiles and memberships straight into api's database (psql
    COPY: registering them would cost an Argon2 hash each, and notify needs
    nothing from auth to deliver live);
  twenty thousand (a and c): each notify instance's RSS (VmRSS) is read,
    then half of the students connect to each instance (GET
    /notifications/stream, one bench_holder process per instance:
    bench/holder/, built here with the release preset) and the RSS is read
    again once it is steady: (after - before) / connections is the memory of
    an idle live connection. Then every course's teacher posts an
    announcement (through api, one after the other), --big-runs times;
  one course (b): one holder connects the first course's students to the
    first instance; the teacher posts an announcement, --runs times; after each,
    the ceiling: the same fan-out published straight on `notify:live` (what
    notify's consumer publishes once the inbox is written: the live path alone).

Latency: from the moment the POST was sent (an upper bound on its commit) to
the arrival of the notification on each connection (CLOCK_REALTIME on both
sides: same machine). Every arrival is checked against the event's id (the
inbox item's), read from api's outbox. The stages of each announcement are
taken from what the stack records anyway: the POST's answer (after the
commit), the stream entry's id (Redis's clock when the relay appended it), and
the moment a subscriber of this script saw notify's PUBLISH on `notify:live`.

    python3 bench/notify.py [--build-dir build/release] [--courses 20] [--students 1000]
                            [--runs 5] [--big-runs 3] [--results PATH] [--keep] [--memory-only]

--memory-only runs part (a) alone (the connections and the RSS, no
announcement) and prints its figures without writing them anywhere: the quick
check while tuning the memory of a connection.

--big-runs 0 leaves out part (c); an odd --courses (e.g. `--courses 1
--big-runs 0`, the quick check of the one course) leaves out (a) and (c) too,
which split the courses between the two instances.

The figures go into docs/benchmarks.md when the build is not a Debug build and
every part ran (or always with --results PATH); otherwise they are only printed.
"""
from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import queue
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
import stack as stack_tool  # noqa: E402
from support import identity_headers, sign_identity  # noqa: E402
import observe  # noqa: E402
import report  # noqa: E402
from seeding import copy_block, person_name, psql, psql_rows, uuid7  # noqa: E402

RESULTS = ROOT / "docs" / "benchmarks.md"
SECTION = "## notify: live notifications"
TARGET_CONNECTIONS = 20_000
TARGET_BYTES_PER_CONNECTION = 8 * 1024
TARGET_P99_MS = 100.0
INSTANCES = ("notify", "notify-2")
LIVE_CHANNEL = "notify:live"
CPU_COMPONENTS = ("api", *INSTANCES, "postgres", "redis", "holders")


def log(msg: str) -> None:
    print(msg, flush=True)


def now_ns() -> int:
    return time.clock_gettime_ns(time.CLOCK_REALTIME)


def wait_for(what: str, check, timeout: float, interval: float = 0.05):
    """Polls `check` until it returns something true; that value."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not within {timeout:.0f} s")
        time.sleep(interval)


def percentile(values: list[float], p: float) -> float:
    """Nearest rank."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


# ---- processes ---------------------------------------------------------------

def pid_of(stack: stack_tool.Stack, instance: str) -> int:
    return int((stack.dir / f"{instance}.pid").read_text().split()[0])


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


def steady_rss_kib(pid: int, timeout: float = 60) -> int:
    """The RSS once two reads a second apart are within 0.5% of each other."""
    previous = rss_kib(pid)

    def steady():
        nonlocal previous
        time.sleep(1)
        current = rss_kib(pid)
        done = abs(current - previous) <= 0.005 * previous
        previous = current
        return current if done else None
    return wait_for(f"a steady RSS of process {pid}", steady, timeout, interval=0)


def wait_idle(stack: stack_tool.Stack, instances: tuple[str, ...], timeout: float = 60) -> None:
    """Until the instances use less than 2% of a core over a second (their
    consumers have caught up with the seeding's events)."""
    pids = [pid_of(stack, i) for i in instances]

    def idle():
        before = sum(observe.process_cpu(p) for p in pids)
        time.sleep(1)
        return sum(observe.process_cpu(p) for p in pids) - before < 0.02
    wait_for("notify idle", idle, timeout, interval=0)


HOLDER_SIGNATURE_TTL = 3600  # seconds: the holders connect well within it


class Holder:
    """A bench_holder process holding one connection per line of its users file."""

    def __init__(self, binary: Path, port: int, users: list[dict], work: Path, name: str,
                 key: str):
        self.users = users
        self.work = work
        self.name = name
        path = work / f"{name}-users.tsv"
        # Signed as auth signs identities, valid for as long as connecting may take.
        path.write_text("".join(
            f"{u['id']}\t{u['email']}\t{u['session']}\t"
            f"{sign_identity(u, key, ttl=HOLDER_SIGNATURE_TTL)}\n" for u in users))
        self.proc = subprocess.Popen(
            [str(binary), "--port", str(port), "--users", str(path),
             "--out", str(work / f"{name}-arrivals.tsv")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=open(work / f"{name}.log", "w"),
            text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.strip())
        self.lines.put("")

    def _answer(self, prefix: str, timeout: float) -> list[str]:
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise RuntimeError(f"{self.name}: no `{prefix}` within {timeout:.0f} s") from None
            if not line:
                raise RuntimeError(f"{self.name} exited ({self.proc.poll()}); see "
                                   f"{self.work / (self.name + '.log')}")
            if line.startswith(prefix + " "):
                return line.split()[1:]

    def _command(self, line: str) -> None:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def connected(self, timeout: float = 600) -> tuple[int, int]:
        opened, failed = self._answer("connected", timeout)
        return int(opened), int(failed)

    def stats(self) -> dict[str, int]:
        self._command("stats")
        values = [int(v) for v in self._answer("stats", 30)]
        return dict(zip(("open", "ended", "failed", "notifications"), values))

    def dump(self) -> list[tuple[dict, str, int]]:
        """The arrivals since the last dump: (user, item id, ns)."""
        path = self.work / f"{self.name}-dump.tsv"
        self._command(f"dump {path}")
        self._answer("dumped", 60)
        rows = []
        for line in path.read_text().splitlines():
            index, item, ns = line.split("\t")
            rows.append((self.users[int(index)], item, int(ns)))
        return rows

    def quit(self) -> None:
        if self.proc.poll() is None:
            self._command("quit")
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# ---- Redis -------------------------------------------------------------------

def resp(*args) -> bytes:
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        b = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(b), b))
    return b"".join(out)


class Redis:
    """Just enough of a Redis client: commands, pipelined, and one reply at a time."""

    def __init__(self, port: int):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.file = self.sock.makefile("rb")

    def reply(self):
        line = self.file.readline()
        kind, rest = line[:1], line[1:-2]
        if kind in (b"+", b"-"):
            if kind == b"-":
                raise RuntimeError(f"redis: {rest.decode()}")
            return rest.decode()
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else self.file.read(n + 2)[:-2].decode()
        if kind in (b"*", b">"):
            n = int(rest)
            return None if n < 0 else [self.reply() for _ in range(n)]
        raise RuntimeError(f"redis: unexpected reply {line!r}")

    def pipeline(self, commands: list[tuple]) -> list:
        self.sock.sendall(b"".join(resp(*c) for c in commands))
        return [self.reply() for _ in commands]

    def call(self, *args):
        return self.pipeline([args])[0]


class Tap:
    """Notes when each message on notify:live is seen: for items, the item's id."""

    def __init__(self, port: int):
        self.redis = Redis(port)
        self.redis.call("SUBSCRIBE", LIVE_CHANNEL)
        self.seen: dict[str, int] = {}
        threading.Thread(target=self._listen, daemon=True).start()

    def _listen(self) -> None:
        try:
            while True:
                message = self.redis.reply()
                at = now_ns()
                if isinstance(message, list) and message[0] == "message":
                    body = json.loads(message[2])
                    if body.get("kind") == "item":
                        self.seen.setdefault(body["item"]["id"], at)
        except (OSError, ValueError, RuntimeError):
            pass


# ---- api ---------------------------------------------------------------------

class Api:
    """Keep-alive HTTP straight to api, as the gateway calls it."""

    def __init__(self, port: int, identity_key: str):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.identity_key = identity_key

    def post(self, path: str, user: dict, body: dict) -> tuple[dict, int, int]:
        """The answer, when the request was sent and when it was answered (ns)."""
        headers = {"Content-Type": "application/json", "Accept": "application/json",
                   **identity_headers(user, self.identity_key)}
        sent = now_ns()
        self.conn.request("POST", path, body=json.dumps(body), headers=headers)
        r = self.conn.getresponse()
        payload = r.read()
        answered = now_ns()
        if r.status != 201:
            raise RuntimeError(f"POST {path}: {r.status} {payload[:500]!r}")
        return json.loads(payload), sent, answered


# ---- seeding -----------------------------------------------------------------

def seed(stack: stack_tool.Stack, api: Api, courses: int, students: int) -> list[dict]:
    """The courses, each {id, teacher, students: [user]}."""
    rng = random.Random(10)
    now = datetime.now(timezone.utc).replace(microsecond=0)
    created = now - timedelta(days=30)

    def person(i: int, kind: str) -> dict:
        return {"id": uuid7(rng, created + timedelta(milliseconds=i)),
                "email": f"{kind}{i:05d}@school.example.org", "name": person_name(rng),
                "session": uuid7(rng, now)}
    teachers = [person(k, "teacher") for k in range(courses)]
    learners = [person(i, "student") for i in range(courses * students)]
    api_db = stack.state["api"]["dbUrl"]
    psql(api_db, "\n".join([
        "BEGIN;",
        copy_block("profiles", ["id", "email", "display_name", "created_at"],
                   [(p["id"], p["email"], p["name"], created) for p in teachers + learners]),
        "COMMIT;"]))
    out = []
    for k, teacher in enumerate(teachers):
        course, _, _ = api.post("/api/courses", teacher,
                                {"name": f"Physics {k + 1}", "section": f"Period {k % 8 + 1}"})
        out.append({"id": course["id"], "teacher": teacher,
                    "students": learners[k * students:(k + 1) * students]})
    joined = now - timedelta(days=20)
    psql(api_db, "\n".join([
        "BEGIN;",
        copy_block("members", ["course_id", "user_id", "role", "joined_at"],
                   [(c["id"], s["id"], "student", joined) for c in out for s in c["students"]]),
        "COMMIT;", "VACUUM ANALYZE profiles, members;"]))
    for c in out:
        for s in c["students"]:
            s["course"] = c["id"]
    return out


# ---- one broadcast -----------------------------------------------------------

def announce(api: Api, courses: list[dict], n: int) -> dict[str, dict]:
    """Each course's teacher posts announcement n; per course: when sent, answered."""
    posted = {}
    for c in courses:
        post, sent, answered = api.post(f"/api/courses/{c['id']}/announcements", c["teacher"],
                                        {"text": f"Announcement {n}: the lab moves to room "
                                                 f"{100 + n}."})
        posted[c["id"]] = {"announcement": post["id"], "sent": sent, "answered": answered}
    return posted


def event_ids(stack: stack_tool.Stack, posted: dict[str, dict]) -> None:
    """Adds each announcement's event id (its inbox items' id) from api's outbox,
    and when the relay appended it to the stream (its entry id: Redis's clock)."""
    wanted = {p["announcement"]: p for p in posted.values()}
    ids = "', '".join(wanted)
    for announcement, event in psql_rows(
            stack.state["api"]["dbUrl"],
            "SELECT data->>'announcementId', id FROM outbox WHERE type = 'announcement.posted' "
            f"AND data->>'announcementId' IN ('{ids}');"):
        wanted[announcement]["event"] = event


def stream_times(redis: Redis, posted: dict[str, dict]) -> None:
    first = min(p["sent"] for p in posted.values()) // 1_000_000
    by_event = {p["event"]: p for p in posted.values()}
    for entry_id, fields in redis.call("XRANGE", "classroom:events", first, "+"):
        values = dict(zip(fields[::2], fields[1::2]))
        if values.get("id") in by_event:
            by_event[values["id"]]["appended"] = int(entry_id.split("-")[0]) * 1_000_000


def collect(holders: list[Holder], expected: int, timeout: float) -> list[tuple[dict, str, int]]:
    """Waits until the holders have `expected` notifications (or the timeout
    passes), then takes them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sum(h.stats()["notifications"] for h in holders) >= expected:
            break
        time.sleep(0.1)
    rows = []
    for h in holders:
        rows += h.dump()
    return rows


def figures(posted: dict[str, dict], rows: list[tuple[dict, str, int]], connected: list[dict],
            origin: str = "sent") -> dict:
    """Latencies (ms) from each course's `origin` time to each arrival of its
    event, and what did not arrive as it should."""
    by_course = {}
    for user in connected:
        by_course.setdefault(user["course"], 0)
        by_course[user["course"]] += 1
    expected = sum(by_course[c] for c in posted if c in by_course)
    latencies, seen, wrong, duplicates = [], set(), 0, 0
    for user, item, ns in rows:
        p = posted.get(user["course"])
        if p is None or item != p["event"]:
            wrong += 1
        elif user["id"] in seen:
            duplicates += 1
        else:
            seen.add(user["id"])
            latencies.append((ns - p[origin]) / 1e6)
    return {"expected": expected, "received": len(seen), "wrong": wrong,
            "duplicates": duplicates, "p50": percentile(latencies, 50),
            "p99": percentile(latencies, 99), "max": max(latencies, default=float("nan")),
            "stages": stages(posted, rows)}


def stages(posted: dict[str, dict], rows: list[tuple[dict, str, int]]) -> dict[str, float]:
    """Medians over the courses, ms after the POST was sent: answered (committed),
    appended to the stream, published on notify:live, first and last arrival."""
    first, last = {}, {}
    for user, _, ns in rows:
        c = user["course"]
        first[c] = min(first.get(c, ns), ns)
        last[c] = max(last.get(c, ns), ns)

    def median(values):
        values = [v for v in values if v is not None]
        return statistics.median(values) if values else float("nan")

    def since_sent(p: dict, at: int | None) -> float | None:
        return (at - p["sent"]) / 1e6 if at is not None else None
    return {"answered": median(since_sent(p, p.get("answered")) for p in posted.values()),
            "appended": median(since_sent(p, p.get("appended")) for p in posted.values()),
            "published": median(since_sent(p, p.get("published")) for p in posted.values()),
            "first": median(since_sent(p, first.get(c)) for c, p in posted.items()),
            "last": median(since_sent(p, last.get(c)) for c, p in posted.items())}


def broadcast(stack: stack_tool.Stack, api: Api, redis: Redis, tap: Tap, holders: list[Holder],
              courses: list[dict], connected: list[dict], n: int) -> dict:
    for h in holders:
        h.dump()  # anything before this broadcast (heartbeats carry no records)
    before = cpu(stack, holders)
    started = time.monotonic()
    posted = announce(api, courses, n)
    expected = sum(1 for u in connected if u["course"] in posted)
    rows = collect(holders, expected, timeout=120)
    seconds = time.monotonic() - started
    after = cpu(stack, holders)
    event_ids(stack, posted)
    stream_times(redis, posted)
    for p in posted.values():
        p["published"] = tap.seen.get(p.get("event"))
    f = figures(posted, rows, connected)
    f["cpu"] = {k: after[k] - before[k] for k in CPU_COMPONENTS}
    f["seconds"] = seconds
    return f


def raw_fanout(redis: Redis, holders: list[Holder], course: dict, connected: list[dict],
               n: int) -> dict:
    """The ceiling: the messages notify's delivery scripts publish, published by
    hand on notify:live for the course's connected students (their seq counters
    advanced as the script would, so nothing later is taken for a duplicate)."""
    for h in holders:
        h.dump()
    ids = {u["id"] for u in connected}
    users = [u for u in course["students"] if u["id"] in ids]
    seqs = redis.pipeline([("INCR", f"notify:{{{u['id']}}}:seq") for u in users])
    unread = redis.pipeline([("ZCARD", f"notify:{{{u['id']}}}:unread") for u in users])
    event = str(uuid7(random.Random(n), datetime.now(timezone.utc)))
    item = {"id": event, "type": "announcement.posted", "title": "Physics 1: new announcement",
            "body": f"Announcement {n}: the lab moves to room {100 + n}.",
            "courseId": course["id"], "link": f"/courses/{course['id']}/stream",
            "actorId": course["teacher"]["id"],
            "createdAt": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "readAt": None}
    # One message per student in one pipeline, as notify's per-recipient scripts publish.
    messages = [json.dumps({"kind": "item", "item": item, "to": [[u["id"], s, c + 1]]})
                for u, s, c in zip(users, seqs, unread)]
    sent = now_ns()
    redis.pipeline([("PUBLISH", LIVE_CHANNEL, m) for m in messages])
    rows = collect(holders, len(users), timeout=60)
    posted = {course["id"]: {"event": event, "sent": sent, "published": sent}}
    return figures(posted, rows, connected)


def cpu(stack: stack_tool.Stack, holders: list[Holder]) -> dict[str, float]:
    d = stack.dir
    postmaster = int((d / "pg" / "data" / "postmaster.pid").read_text().split()[0])
    return {
        **{name: observe.process_cpu(pid_of(stack, name)) for name in ("api", *INSTANCES)},
        "postgres": observe.process_tree_cpu(postmaster),
        "redis": observe.process_cpu(int((d / "redis" / "redis.pid").read_text().split()[0])),
        "holders": sum(observe.process_cpu(h.proc.pid) for h in holders),
    }


# ---- the run -----------------------------------------------------------------

def build(build_dir: Path) -> Path:
    """Builds bench_holder (and the services, if changed) in the release build."""
    if not (build_dir / "CMakeCache.txt").exists():
        subprocess.run(["cmake", "--preset", "release"], cwd=ROOT, check=True)
    subprocess.run(["cmake", "--build", str(build_dir), "-j2", "--target", "services",
                    "bench_holder"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return build_dir / "bench" / "holder" / "bench_holder"


def twenty_thousand(stack, api, redis, tap, holder_bin, courses, work, args) -> dict:
    """(a) memory per idle connection on each instance, (c) every course's
    announcement to every connected student."""
    halves = [courses[:len(courses) // 2], courses[len(courses) // 2:]]
    wait_idle(stack, INSTANCES)
    before = {i: steady_rss_kib(pid_of(stack, i)) for i in INSTANCES}
    holders = []
    try:
        for k, (instance, half) in enumerate(zip(INSTANCES, halves)):
            users = [s for c in half for s in c["students"]]
            port = stack.state["notify"]["ports"][k]
            holders.append(Holder(holder_bin, port, users, work, f"holder-{instance}",
                                  stack.state["identityKey"]))
        t0 = time.monotonic()
        opened = [h.connected() for h in holders]
        connect_seconds = time.monotonic() - t0
        log(f"  connected {[o for o, _ in opened]} (failed {[f for _, f in opened]}) in "
            f"{connect_seconds:.1f} s")
        after = {i: steady_rss_kib(pid_of(stack, i)) for i in INSTANCES}
        memory = {i: {"before": before[i], "after": after[i], "connections": o,
                      "bytes": 1024 * (after[i] - before[i]) / max(1, o)}
                  for i, (o, _) in zip(INSTANCES, opened)}
        holder_rss = [rss_kib(h.proc.pid) for h in holders]
        for i, m in memory.items():
            log(f"  {i}: RSS {m['before']:,} KiB -> {m['after']:,} KiB with {m['connections']:,} "
                f"connections: {m['bytes']:,.0f} bytes each")
        log(f"  holders' RSS: {holder_rss} KiB")
        connected = [u for h in holders for u in h.users]
        runs = []
        for n in range(0 if args.memory_only else args.big_runs):
            f = broadcast(stack, api, redis, tap, holders, courses, connected, 1000 + n)
            show(f"all {len(courses)} courses, run {n + 1}", f)
            runs.append(f)
        after_broadcast = {i: rss_kib(pid_of(stack, i)) for i in INSTANCES}
        ended = [h.stats() for h in holders]
        return {"memory": memory, "holder_rss": holder_rss, "connect_seconds": connect_seconds,
                "failed": sum(f for _, f in opened), "runs": runs,
                "rss_after_broadcast": after_broadcast, "holder_stats": ended}
    finally:
        for h in holders:
            h.quit()


def one_course(stack, api, redis, tap, holder_bin, course, work, args) -> dict:
    """(b) one course's announcement to its connected students, and the ceiling."""
    holder = Holder(holder_bin, stack.state["notify"]["ports"][0], course["students"], work,
                    "holder-course", stack.state["identityKey"])
    try:
        opened, failed = holder.connected()
        log(f"  connected {opened} (failed {failed})")
        connected = list(course["students"])
        runs, ceilings = [], []
        for n in range(args.runs):
            f = broadcast(stack, api, redis, tap, [holder], [course], connected, n)
            show(f"one course, run {n + 1}", f)
            runs.append(f)
            c = raw_fanout(redis, [holder], course, connected, n)
            show(f"ceiling (PUBLISH on {LIVE_CHANNEL}), run {n + 1}", c)
            ceilings.append(c)
        return {"runs": runs, "ceilings": ceilings, "failed": failed,
                "holder_stats": holder.stats()}
    finally:
        holder.quit()


def show(what: str, f: dict) -> None:
    s = f["stages"]
    log(f"  {what}: {f['received']:,} of {f['expected']:,} received ({f['wrong']} wrong, "
        f"{f['duplicates']} duplicates); p50 {f['p50']:.1f} ms, p99 {f['p99']:.1f} ms, max "
        f"{f['max']:.1f} ms; stages (median per course, ms): answered {s['answered']:.1f}, "
        f"appended {s['appended']:.1f}, published {s['published']:.1f}, first arrival "
        f"{s['first']:.1f}, last {s['last']:.1f}")
    if "cpu" in f:
        log("    CPU s: " + "  ".join(f"{k} {v:.2f}" for k, v in f["cpu"].items()))


def splits(args) -> bool:
    """Whether parts (a) and (c) run: they need the courses split evenly
    between the two instances."""
    return args.courses % 2 == 0


def complete(out: dict) -> bool:
    """Whether every part ran, so that the figures may replace the section."""
    return "all" in out and bool(out["all"]["runs"]) and bool(out["one"]["runs"])


def run(holder_bin: Path, build_dir: Path, work: Path, args) -> dict:
    stack = stack_tool.Stack(work / "stack")
    try:
        log(f"stack in {stack.dir}")
        components = ["pg", "redis", "auth", "api", "notify"]
        stack.up(components, build_dir, dev_ports=False,
                 databases=stack_tool.databases_of(components), instances={"notify": 2})
        api = Api(stack.state["api"]["port"], stack.state["identityKey"])
        redis = Redis(stack.state["redis"]["port"])
        tap = Tap(stack.state["redis"]["port"])
        t0 = time.monotonic()
        courses = seed(stack, api, args.courses, args.students)
        log(f"seeded {args.courses} courses of {args.students:,} students in "
            f"{time.monotonic() - t0:.1f} s")
        out = {}
        if splits(args):
            log(f"\n== {args.courses * args.students:,} connections, "
                f"{args.courses // 2 * args.students:,} on each instance")
            out["all"] = twenty_thousand(stack, api, redis, tap, holder_bin, courses, work, args)
            if args.memory_only:
                return out
        log(f"\n== one course of {args.students:,} students")
        out["one"] = one_course(stack, api, redis, tap, holder_bin, courses[0], work, args)
        out["problems"] = {i: observe.log_problems(stack, i) for i in ("api", *INSTANCES)}
        for name, lines in out["problems"].items():
            if lines:
                log(f"  {name} log: {len(lines)} warning or error lines, first: {lines[0]}")
        return out
    finally:
        if args.keep:
            log(f"stack left running in {stack.dir}: python3 tools/stack.py down --dir {stack.dir}")
        else:
            stack.down()


# ---- the section -------------------------------------------------------------

def medians_of(runs: list[dict]) -> dict:
    return {k: statistics.median(r[k] for r in runs) for k in ("p50", "p99", "max")} | {
        "received": sum(r["received"] for r in runs), "expected": sum(r["expected"] for r in runs),
        "wrong": sum(r["wrong"] for r in runs), "duplicates": sum(r["duplicates"] for r in runs),
        "stages": {k: statistics.median(r["stages"][k] for r in runs) for k in runs[0]["stages"]}}


def ms(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.1f}"


def row(what: str, runs: list[dict]) -> str:
    m = medians_of(runs)
    s = m["stages"]
    return (f"| {what} | {len(runs)} | {m['received']:,} of {m['expected']:,} | {ms(m['p50'])} | "
            f"{ms(m['p99'])} | {ms(m['max'])} | {ms(s['answered'])} | {ms(s['appended'])} | "
            f"{ms(s['published'])} | {ms(s['first'])} | {ms(s['last'])} |")


def memory_part(big: dict, args) -> str:
    if big is None:
        return ("**Memory per idle live connection**: not measured (an odd number of "
                "courses; part (a) needs them split between the two instances).\n")
    total = args.courses * args.students
    memory_rows = "\n".join(
        f"| {i} | {m['connections']:,} | {m['before'] / 1024:,.1f} | {m['after'] / 1024:,.1f} | "
        f"{m['bytes']:,.0f} | {big['rss_after_broadcast'][i] / 1024:,.1f} |"
        for i, m in big["memory"].items())
    return f"""**Memory per idle live connection**: each notify instance's RSS (VmRSS) before
and after {args.courses // 2 * args.students:,} connections `GET /notifications/stream` were
opened to it and idle ({total:,} in all, two instances, one `bench_holder` process
each; the holders took {big['connect_seconds']:.0f} s to open them, {big['failed']} failed):

| instance | connections | RSS before, MiB | RSS after, MiB | bytes per connection | RSS after the broadcasts, MiB |
|---|---|---|---|---|---|
{memory_rows}

The holders' own RSS with {args.courses // 2 * args.students:,} connections each: {", ".join(f"{k / 1024:.1f}" for k in big['holder_rss'])} MiB.
"""


def targets_part(big: dict | None, one: dict, args) -> str:
    if big is None:
        memory = "not measured"
    else:
        worst_bytes = max(m["bytes"] for m in big["memory"].values())
        held = sum(m["connections"] for m in big["memory"].values())
        met = held >= TARGET_CONNECTIONS and worst_bytes <= TARGET_BYTES_PER_CONNECTION
        memory = (f"{'met' if met else 'NOT met'} ({held:,} held,\n{worst_bytes:,.0f} bytes each "
                  "on the larger instance)")
    if not one["runs"]:
        return f"""Targets (issue 10): {TARGET_CONNECTIONS:,} connections held at no more than
{TARGET_BYTES_PER_CONNECTION // 1024} KB each: {memory}; the broadcast: not measured.
"""
    one_m = medians_of(one["runs"])
    latency_met = (one_m["p99"] < TARGET_P99_MS and one_m["received"] == one_m["expected"]
                   and one_m["wrong"] == 0)
    return f"""Targets (issue 10): {TARGET_CONNECTIONS:,} connections held at no more than
{TARGET_BYTES_PER_CONNECTION // 1024} KB each: {memory}; the {args.students:,}-student broadcast
with p99 under {TARGET_P99_MS:.0f} ms from commit: {"met" if latency_met else "NOT met"}
(p99 {one_m['p99']:.1f} ms, median of {len(one['runs'])} runs, {one_m['received']:,} of
{one_m['expected']:,} received).
"""


def render(out: dict, args, kind: str) -> str:
    build = "build/release" if args.build_dir.resolve() == (ROOT / "build" / "release").resolve() \
        else str(args.build_dir)
    command = (f"python3 bench/notify.py --build-dir {build} --courses {args.courses} "
               f"--students {args.students} --runs {args.runs} --big-runs {args.big_runs}")
    big, one = out.get("all"), out["one"]
    big_runs = big["runs"] if big else []
    scenarios = [(f"one course of {args.students:,}, 1 instance", one["runs"]),
                 (f"ceiling: the same fan-out PUBLISHed on {LIVE_CHANNEL}", one["ceilings"]),
                 (f"{args.courses} courses of {args.students:,}, 2 instances, "
                  "one announcement each", big_runs)]
    rows = "\n".join(row(what, runs) for what, runs in scenarios if runs)
    measured = [r for _, runs in scenarios[::2] for r in runs]
    courses_note = (f"\nFor the {args.courses} courses the teachers post one after the other, "
                    "and each\nconnection's latency counts from its own course's POST."
                    if big_runs else "")
    cpu_rows = "\n".join(
        f"| {what} {n + 1} | {r['seconds']:.2f} | " + " | ".join(f"{r['cpu'][k]:.2f}"
                                                                 for k in CPU_COMPONENTS) + " |"
        for what, runs in ((f"{args.courses} courses", big_runs), ("one course", one["runs"]))
        for n, r in enumerate(runs))
    return f"""{SECTION} (Server-Sent Events)

Measured {time.strftime('%Y-%m-%d')} on {report.machine()}, {kind} build,
everything on the one machine (the connection holders, api, two notify
instances, PostgreSQL and Redis share the cores; no gateway: the holders
connect straight to notify with the identity headers nginx would add).
Command: `{command}`.

{memory_part(big, args)}
**Latency**, ms from the moment the announcement's POST was sent to api (an
upper bound on its commit) to the notification's arrival on each connection;
per scenario the median over its runs of each run's p50, p99 and max; the
stages are medians over the runs and courses of: POST answered (committed),
event appended to `classroom:events` by api's relay (the stream entry's id:
Redis's clock, whole milliseconds), notify's delivery message seen on
`{LIVE_CHANNEL}` by a subscriber of the script, first and last arrival.

| scenario | runs | received | p50 | p99 | max | answered | appended | published | first | last |
|---|---|---|---|---|---|---|---|---|---|---|
{rows}

Received: notifications that arrived with the right item id, at most one per
connection ({sum(r['wrong'] for r in measured)} with another id,
{sum(r['duplicates'] for r in measured)} duplicates in all).{courses_note}

CPU seconds per component during each broadcast (from the first POST to the last
arrival):

| broadcast | seconds | {" | ".join(CPU_COMPONENTS)} |
|---|---|{"---|" * len(CPU_COMPONENTS)}
{cpu_rows}

{targets_part(big, one, args)}
- **Seeded so**: the courses through api as their teachers; the students'
  profiles and memberships straight into api's `profiles` and `members` tables
  (psql `COPY`). Announcements are posted through api, whose transaction writes
  `announcement.posted` (with every member as `recipientIds`) to its outbox and
  nudges its relay; notify's consumer reads the event, reads the recipients'
  preferences, writes every inbox with one Lua script per student (pipelined,
  sent by its SHA1 with EVALSHA), each publishing that student's delivery on
  `{LIVE_CHANNEL}`, and every worker of every instance writes the item to its
  own connections of those users.
- **The ceiling** publishes the same messages on `{LIVE_CHANNEL}` by hand:
  the live path alone, without api, the relay, the consumer and the inbox write.
- The holder, `bench/holder/holder.cpp` (target `bench_holder`): one Asio
  thread, raw sockets read without blocking into one shared buffer, a chunked
  and `text/event-stream` parser that keeps only ids; it notes CLOCK_REALTIME
  when the bytes that complete an event are read.
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", type=Path, default=ROOT / "build" / "release")
    parser.add_argument("--courses", type=int, default=20,
                        help="courses (an even number for parts (a) and (c): half connect to "
                             "each instance; 1 with --big-runs 0 measures the one course alone)")
    parser.add_argument("--students", type=int, default=1000, help="students per course")
    parser.add_argument("--runs", type=int, default=5,
                        help="announcements to the one course (and ceilings)")
    parser.add_argument("--big-runs", type=int, default=3,
                        help="rounds of one announcement per course with every student connected")
    parser.add_argument("--results", type=Path, default=None,
                        help="where to write the figures (default docs/benchmarks.md, "
                             "not written for a Debug build)")
    parser.add_argument("--keep", action="store_true",
                        help="leave the stack running afterwards and keep the run's folder")
    parser.add_argument("--memory-only", action="store_true",
                        help="only the memory per idle connection (part a); prints, writes nothing")
    args = parser.parse_args()
    if args.courses < 1 or args.students < 1 or args.runs < 0 or args.big_runs < 0:
        parser.error("--courses and --students must be at least 1, --runs and --big-runs "
                     "at least 0")
    if not splits(args) and (args.big_runs or args.memory_only):
        parser.error("parts (a) and (c) split the courses between two instances and need an "
                     "even --courses; give --big-runs 0 to measure the one course (b) alone")
    build_dir = args.build_dir.resolve()
    holder_bin = build(build_dir)
    kind = report.build_kind(build_dir)
    results_path = args.results or (None if kind.startswith("Debug") else RESULTS)

    work = Path(tempfile.mkdtemp(prefix="classroom-bench-notify-"))
    work.chmod(0o711)  # PostgreSQL may run as another user (stack.py) and must get through
    try:
        out = run(holder_bin, build_dir, work, args)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.memory_only:
        return 0  # the figures were printed as they were measured
    section = render(out, args, kind)
    if not complete(out) and not args.results:
        results_path = None  # a partial run does not replace the figures of a whole one
    if results_path:
        report.write_section(results_path, SECTION, section)
        log(f"\nwrote {results_path}")
    else:
        why = f"a {kind} build" if complete(out) else "not every part ran"
        log(f"\n({why}: figures not written; --results PATH writes them)\n")
        log(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
