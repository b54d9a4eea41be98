#!/usr/bin/env python3
"""The exam storm: N students of one course all start the same exam within a
minute, save an answer every 15 s, then submit; through the gateway, with the
whole stack on this machine. Every acknowledged answer is then looked for in
the exams database.

For each N of --students (default 1,000, 5,000 and 10,000), on a stack of its
own (PostgreSQL, Redis, auth, api, exams and the gateway, started with
tools/stack.py on free ports in a temporary folder):

  seeding, through the API (gateway included): one teacher (POST
    /auth/register), their course (POST /api/courses), the exam (POST
    /exams/courses/{id}/exams: 20 questions of the seven automatically graded
    types in two sections, timeLimitMinutes 60, results released at grading)
    and its publishing;
  seeding, straight into the services' storage (registering N students would
    cost N Argon2 hashes on these two cores): the students' accounts in auth's
    `users` table (psql COPY, each with the teacher's password hash: the same
    password signs them in), one session each in auth's Redis in auth's own
    layout (`auth:session:{SHA-256 of the token}` hash and
    `auth:user-sessions:{userId}`; DESIGN.md, "Sessions and tokens"; written
    with redis-cli --pipe), and their profiles and course memberships in api's
    database (`profiles`, `members`). One of them is checked through the
    gateway (/auth/me, the exam) before the load;
  the load: bench_storm (bench/storm/, built here with the release preset), an
    open-loop schedule on a pool of keep-alive connections: student i starts
    at a time drawn uniformly within --window seconds, saves answer j (seq j)
    at start + j x --interval for --saves answers, and submits one interval
    after the last; latency is measured from the scheduled time;
  the check: every acknowledged save (attempt, question, seq) must be stored
    with that seq or a higher one; lost = acknowledged - found. Attempts and
    submissions acknowledged are counted in the database too.

    python3 bench/exams.py [--build-dir build/release] [--students 1000,5000,10000]
                           [--saves 4] [--interval 15] [--window 60] [--connections 300]

The figures go into docs/benchmarks.md when the build is not a Debug build
(or always with --results PATH); a Debug (sanitizer) build only prints them.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import stack as stack_tool  # noqa: E402
import observe  # noqa: E402
import report  # noqa: E402
from seeding import Client, copy_block, person_name, psql, psql_rows, rfc3339, uuid7  # noqa: E402

RESULTS = ROOT / "docs" / "benchmarks.md"
SECTION = "## exams: the exam storm"
PASSWORD = "bench password 1"
TARGET_STUDENTS = 10_000
TARGET_SAVE_P99_MS = 100.0
SERVICES = ("exams", "api", "auth")
COMPONENTS = (*SERVICES, "postgres", "redis", "nginx", "generator")
KINDS = ("start", "save", "submit")
# auth's defaults (services/auth/config.hpp): a seeded session lives as long
# as one made by signing in.
SESSION_IDLE = timedelta(hours=24)
SESSION_LIFETIME = timedelta(days=30)


def log(msg: str) -> None:
    print(msg, flush=True)


# ---- the exam ----------------------------------------------------------------

def question(n: int) -> tuple[dict, list]:
    """Question n of the exam (the seven automatically graded types in turn) and
    two answers of the right shape a student may give it, right then wrong."""
    kind = n % 7
    base = {"prompt": f"Question {n + 1}", "points": 1 + n % 3}
    if kind == 0:
        options = [{"id": k, "text": f"Option {k.upper()}"} for k in "abcd"]
        return {**base, "type": "SINGLE_CHOICE", "options": options, "correct": "b"}, ["b", "c"]
    if kind == 1:
        options = [{"id": k, "text": f"Option {k.upper()}"} for k in "abcd"]
        return ({**base, "type": "MULTIPLE_CHOICE", "options": options, "correct": ["a", "c"],
                 "scoring": "PARTIAL"}, [["a", "c"], ["a", "d"]])
    if kind == 2:
        return {**base, "type": "TRUE_FALSE", "correct": n % 2 == 0}, [n % 2 == 0, n % 2 == 1]
    if kind == 3:
        return ({**base, "type": "SHORT_TEXT", "accepted": ["photosynthesis"]},
                ["Photosynthesis", "respiration"])
    if kind == 4:
        return ({**base, "type": "NUMERIC", "value": 9.81, "tolerance": 0.01}, [9.81, 10])
    if kind == 5:
        prompts = [{"id": f"p{i}", "text": f"Term {i}"} for i in range(1, 4)]
        choices = [{"id": f"c{i}", "text": f"Meaning {i}"} for i in range(1, 4)]
        right = {f"p{i}": f"c{i}" for i in range(1, 4)}
        return ({**base, "type": "MATCHING", "prompts": prompts, "choices": choices,
                 "correct": right}, [right, {"p1": "c2", "p2": "c1", "p3": "c3"}])
    items = [{"id": f"i{i}", "text": f"Step {i}"} for i in range(1, 5)]
    order = [f"i{i}" for i in range(1, 5)]
    return ({**base, "type": "ORDERING", "items": items, "correct": order},
            [order, ["i2", "i1", "i3", "i4"]])


QUESTIONS = 20


def exam_body() -> tuple[dict, list[list]]:
    pairs = [question(n) for n in range(QUESTIONS)]
    questions = [q for q, _ in pairs]
    return ({"title": "Midterm", "description": "Twenty questions, one hour.",
             "timeLimitMinutes": 60, "resultRelease": "IMMEDIATE",
             "closesAt": rfc3339(datetime.now(timezone.utc) + timedelta(days=1)),
             "sections": [{"title": "Part 1", "questions": questions[:10]},
                          {"title": "Part 2", "questions": questions[10:]}]},
            [answers for _, answers in pairs])


# ---- seeding -----------------------------------------------------------------

def resp(*args: str) -> bytes:
    """One Redis command in the protocol redis-cli --pipe sends."""
    out = [f"*{len(args)}\r\n".encode()]
    for a in args:
        b = a.encode()
        out.append(b"$%d\r\n%s\r\n" % (len(b), b))
    return b"".join(out)


def seed(stack: stack_tool.Stack, client: Client, n: int) -> dict:
    timings: dict[str, float] = {}
    t0 = time.monotonic()
    teacher = client.call("POST", "/auth/register",
                          body={"email": "bench-teacher@school.example.org",
                                "password": PASSWORD, "displayName": "Grace Hopper"})
    token = teacher["token"]
    course = client.call("POST", "/api/courses", token,
                         body={"name": "Physics 1A", "section": "Period 1", "room": "Room 101"})
    body, answers = exam_body()
    exam = client.call("POST", f"/exams/courses/{course['id']}/exams", token, body=body)
    client.call("POST", f"/exams/exams/{exam['id']}/publish", token)
    exam = client.call("GET", f"/exams/exams/{exam['id']}", token)
    questions = [q for section in exam["sections"] for q in section["questions"]]
    if len(questions) != QUESTIONS:
        raise RuntimeError(f"the exam has {len(questions)} questions, expected {QUESTIONS}")
    plan_questions = [{"id": q["id"], "answers": [json.dumps(a) for a in answers[i]]}
                      for i, q in enumerate(questions)]
    timings["teacher, course, exam (API)"] = time.monotonic() - t0

    t0 = time.monotonic()
    auth_db, api_db = stack.state["auth"]["dbUrl"], stack.state["api"]["dbUrl"]
    password_hash = psql_rows(auth_db, "SELECT password_hash FROM users WHERE id = "
                              f"'{teacher['user']['id']}'")[0][0]
    rng = random.Random(n)
    now = datetime.now(timezone.utc).replace(microsecond=0)
    created = now - timedelta(days=30)
    users, tokens, commands = [], [], []
    now_ms = int(now.timestamp() * 1000)
    for i in range(n):
        user_id = uuid7(rng, created + timedelta(milliseconds=i))
        email = f"student{i:05d}@school.example.org"
        name = person_name(rng)
        users.append((user_id, email, name, password_hash, created, created))
        token = secrets.token_urlsafe(32)  # what auth hands out: 32 random bytes, base64url
        tokens.append(token)
        digest = hashlib.sha256(token.encode()).hexdigest()
        session_id = uuid7(rng, now)
        key, index = f"auth:session:{digest}", f"auth:user-sessions:{user_id}"
        commands += [
            resp("HSET", key, "id", session_id, "user", user_id, "email", email, "role", "user",
                 "name", name, "since", str(int(created.timestamp() * 1_000_000)),
                 "created", str(now_ms), "seen", str(now_ms),
                 "expires", str(now_ms + int(SESSION_LIFETIME.total_seconds() * 1000)),
                 "ip", "127.0.0.1", "agent", "bench/exams.py"),
            resp("PEXPIRE", key, str(int(SESSION_IDLE.total_seconds() * 1000))),
            resp("HSET", index, session_id, digest),
            resp("EXPIRE", index, str(int(SESSION_LIFETIME.total_seconds()))),
        ]
    psql(auth_db, "\n".join([
        "BEGIN;",
        copy_block("users", ["id", "email", "display_name", "password_hash", "created_at",
                             "updated_at"], users),
        "COMMIT;", "VACUUM ANALYZE users;"]))
    timings["student accounts (SQL, auth)"] = time.monotonic() - t0

    t0 = time.monotonic()
    piped = subprocess.run(["redis-cli", "-p", str(stack.state["redis"]["port"]), "--pipe"],
                           input=b"".join(commands), capture_output=True)
    if piped.returncode != 0 or b"errors: 0," not in piped.stdout:
        raise RuntimeError(f"redis-cli --pipe: {piped.stdout[-500:]!r} {piped.stderr[-500:]!r}")
    timings["student sessions (Redis, auth's layout)"] = time.monotonic() - t0

    t0 = time.monotonic()
    joined = now - timedelta(days=20)
    psql(api_db, "\n".join([
        "BEGIN;",
        copy_block("profiles", ["id", "email", "display_name", "created_at"],
                   [(u[0], u[1], u[2], created) for u in users]),
        copy_block("members", ["course_id", "user_id", "role", "joined_at"],
                   [(course["id"], u[0], "student", joined) for u in users]),
        "COMMIT;", "VACUUM ANALYZE profiles, members;"]))
    timings["student profiles and memberships (SQL, api)"] = time.monotonic() - t0

    # One seeded student, through the gateway, as the load will see them.
    me = client.call("GET", "/auth/me", tokens[0])
    if me["user"]["id"] != users[0][0]:
        raise RuntimeError(f"a seeded session is not its student's: {me}")
    seen = client.call("GET", f"/exams/exams/{exam['id']}", tokens[0])
    if seen["state"] != "PUBLISHED":
        raise RuntimeError(f"a seeded student sees the exam {seen['state']}")
    return {"timings": timings, "exam": exam, "tokens": tokens, "questions": plan_questions}


# ---- the load ----------------------------------------------------------------

def build_generator(build_dir: Path) -> Path:
    """Builds bench_storm (and the services, if changed) in the release build."""
    if not (build_dir / "CMakeCache.txt").exists():
        subprocess.run(["cmake", "--preset", "release"], cwd=ROOT, check=True)
    subprocess.run(["cmake", "--build", str(build_dir), "-j2", "--target", "services",
                    "bench_storm"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return build_dir / "bench" / "storm" / "bench_storm"


def storm(generator: Path, work: Path, gateway_port: int, seeded: dict, args) -> tuple[dict, list]:
    plan = {"host": "127.0.0.1", "port": gateway_port, "examId": seeded["exam"]["id"],
            "tokens": seeded["tokens"], "questions": seeded["questions"],
            "windowSeconds": args.window, "intervalSeconds": args.interval, "saves": args.saves,
            "connections": args.connections, "timeoutSeconds": args.timeout, "seed": 7}
    (work / "plan.json").write_text(json.dumps(plan))
    rows_path = work / "requests.tsv"
    run = subprocess.run([str(generator), str(work / "plan.json"), str(rows_path)],
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"bench_storm failed ({run.returncode}): {run.stderr[-2000:]}")
    with open(rows_path, newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return json.loads(run.stdout), rows


def percentile(values: list[float], p: float) -> float:
    """Nearest rank."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def summarise(rows: list[dict]) -> dict:
    out = {}
    for kind in KINDS:
        mine = [r for r in rows if r["kind"] == kind]
        sent = [r for r in mine if r["status"] != "-1"]
        latencies = [int(r["latency_us"]) / 1000 for r in sent]
        out[kind] = {
            "requests": len(mine),
            "ok": sum(1 for r in sent if 200 <= int(r["status"]) < 300),
            "non2xx": sum(1 for r in sent if int(r["status"]) >= 300),
            "transport": sum(1 for r in sent if r["status"] == "0"),
            "unsent": len(mine) - len(sent),
            "p50": percentile(latencies, 50), "p99": percentile(latencies, 99),
            "max": max(latencies, default=float("nan")),
            "wire_p99": percentile([int(r["wire_us"]) / 1000 for r in sent], 99),
        }
    statuses: dict[str, int] = {}
    for r in rows:
        if r["status"] not in ("-1", "0") and not 200 <= int(r["status"]) < 300:
            statuses[f"{r['kind']} {r['status']}"] = statuses.get(f"{r['kind']} {r['status']}", 0) + 1
    out["statuses"] = statuses
    out["errors"] = sum(out[k]["non2xx"] + out[k]["transport"] + out[k]["unsent"] for k in KINDS)
    return out


# ---- the check ---------------------------------------------------------------

def verify(exams_db: str, exam_id: str, rows: list[dict]) -> dict:
    """Every acknowledged save stored with its seq or a higher one, and the
    attempts and submissions acknowledged, counted in the exams database."""
    acked = [(r["attempt"], r["question"], r["seq"]) for r in rows if r["kind"] == "save" and r["seq"]]
    out = psql_rows(exams_db, "\n".join([
        "CREATE TEMP TABLE acked (attempt_id uuid, question_id text, seq bigint);",
        copy_block("acked", ["attempt_id", "question_id", "seq"], acked),
        "SELECT (SELECT count(*) FROM acked a JOIN answers s ON s.attempt_id = a.attempt_id"
        "  AND s.question_id = a.question_id AND s.seq >= a.seq),"
        f" (SELECT count(*) FROM attempts WHERE exam_id = '{exam_id}'),"
        f" (SELECT count(*) FROM attempts WHERE exam_id = '{exam_id}' AND state <> 'IN_PROGRESS'),"
        f" (SELECT count(*) FROM answers s JOIN attempts a ON a.id = s.attempt_id"
        f"  WHERE a.exam_id = '{exam_id}');"]))
    found, attempts, submitted, answers = (int(v) for v in out[-1])
    return {"acknowledged": len(acked), "found": found, "lost": len(acked) - found,
            "attempts": attempts, "submitted": submitted, "answers": answers}


# ---- one N -------------------------------------------------------------------

def run_one(n: int, generator: Path, build_dir: Path, work: Path, args) -> dict:
    stack = stack_tool.Stack(work / "stack")
    try:
        log(f"\n== {n:,} students: stack in {stack.dir}")
        stack.up(["pg", "redis", "auth", "api", "exams", "gateway"], build_dir, dev_ports=False,
                 databases=stack_tool.databases_of(list(SERVICES)))
        client = Client(stack.state["urls"]["gateway"])
        t0 = time.monotonic()
        seeded = seed(stack, client, n)
        for part, seconds in seeded["timings"].items():
            log(f"  {seconds:7.1f} s  {part}")
        log(f"  {time.monotonic() - t0:7.1f} s  seeding in all")

        log(f"load: {n:,} students start within {args.window:g} s, {args.saves} saves "
            f"{args.interval:g} s apart, then submit; {min(n, args.connections)} connections")
        before = observe.cpu_snapshot(stack, SERVICES, "generator")
        summary, rows = storm(generator, work, stack.state["gateway"]["port"], seeded, args)
        after = observe.cpu_snapshot(stack, SERVICES, "generator")
        figures = summarise(rows)
        figures["seconds"] = summary["seconds"]
        figures["client errors"] = summary["errors"]
        figures["stale retries"] = summary["staleRetries"]
        figures["cpu"] = {k: after[k] - before[k] for k in COMPONENTS}
        figures["check"] = verify(stack.state["exams"]["dbUrl"], seeded["exam"]["id"], rows)
        figures["problems"] = {name: observe.log_problems(stack, name) for name in SERVICES}
        show(n, figures)
        return figures
    finally:
        if args.keep:
            log(f"stack left running in {stack.dir}: python3 tools/stack.py down --dir {stack.dir}")
        else:
            stack.down()


def show(n: int, f: dict) -> None:
    for kind in KINDS:
        k = f[kind]
        log(f"  {kind:6} {k['ok']:7,} ok of {k['requests']:7,}  p50 {k['p50']:8.1f} ms  "
            f"p99 {k['p99']:8.1f} ms  max {k['max']:8.1f} ms  (on the wire p99 "
            f"{k['wire_p99']:.1f} ms)  non-2xx {k['non2xx']}  transport {k['transport']}  "
            f"not sent {k['unsent']}")
    if f["statuses"]:
        log("  answers not 2xx: " + ", ".join(f"{k}: {v}" for k, v in f["statuses"].items()))
    if f["client errors"]:
        log("  transport errors: " + ", ".join(f"{k}: {v}" for k, v in f["client errors"].items()))
    c = f["check"]
    log(f"  check: {c['acknowledged']:,} saves acknowledged, {c['found']:,} found with their seq "
        f"or higher, {c['lost']:,} lost; {c['attempts']:,} attempts, {c['submitted']:,} "
        f"submitted, {c['answers']:,} answers stored")
    log(f"  {f['seconds']:.1f} s; stale keep-alive connections retried: {f['stale retries']}")
    log("  CPU seconds over the load: " + "  ".join(f"{k} {v:.1f}" for k, v in f["cpu"].items())
        + f"  = {sum(f['cpu'].values()):.1f}")
    for name, lines in f["problems"].items():
        if lines:
            log(f"  {name} log: {len(lines)} warning or error lines, first: {lines[0]}")


# ---- the section -------------------------------------------------------------

def render(results: dict[int, dict], args, kind: str) -> str:
    build = "build/release" if args.build_dir.resolve() == (ROOT / "build" / "release").resolve() \
        else str(args.build_dir)
    command = (f"python3 bench/exams.py --build-dir {build} --students "
               f"{','.join(str(n) for n in results)} --saves {args.saves} --interval "
               f"{args.interval:g} --window {args.window:g} --connections {args.connections}")
    rows = "\n".join(
        f"| {n:,} | {f['start']['p50']:.1f} | {f['start']['p99']:.1f} | {f['save']['p50']:.1f} | "
        f"{f['save']['p99']:.1f} | {f['submit']['p50']:.1f} | {f['submit']['p99']:.1f} | "
        f"{f['errors']:,} | {f['check']['acknowledged']:,} | {f['check']['found']:,} | "
        f"{f['check']['lost']:,} |" for n, f in results.items())
    cores = os.cpu_count()
    cpu_rows = "\n".join(
        f"| {n:,} | {f['seconds']:.0f} | " + " | ".join(f"{f['cpu'][k]:.1f}" for k in COMPONENTS)
        + f" | {100 * sum(f['cpu'].values()) / (f['seconds'] * cores):.0f}% |"
        for n, f in results.items())
    counts = "\n".join(
        f"- {n:,} students: " + "; ".join(
            f"{k} {f[k]['ok']:,} of {f[k]['requests']:,} ({f[k]['non2xx']} non-2xx, "
            f"{f[k]['transport']} without an answer, {f[k]['unsent']} not sent)" for k in KINDS)
        + f"; {f['check']['attempts']:,} attempts and {f['check']['submitted']:,} submitted in the "
        f"database; {f['stale retries']} requests sent again on a new connection after an idle "
        f"keep-alive one was closed." for n, f in results.items())
    target = results.get(TARGET_STUDENTS)
    if target:
        met = (target["save"]["p99"] < TARGET_SAVE_P99_MS and target["errors"] == 0
               and target["check"]["lost"] == 0)
        verdict = f"{'met' if met else 'NOT met'} (save p99 {target['save']['p99']:.1f} ms, " \
                  f"{target['errors']} errors, {target['check']['lost']} lost)"
    else:
        verdict = f"not measured ({TARGET_STUDENTS:,} students were not among this run's)"
    return f"""{SECTION} through the gateway

Measured {time.strftime('%Y-%m-%d')} on {report.machine()}, {kind} build,
everything on the one machine (the load generator, nginx, auth, api, exams,
PostgreSQL and Redis share the cores).
Command: `{command}`;
one run per number of students, each on a stack of its own.

N students of one course start the same exam at times drawn uniformly within
{args.window:g} s, save an answer every {args.interval:g} s ({args.saves} saves, seq 1 to
{args.saves}, each on another of the exam's {QUESTIONS} questions), and submit
{args.interval:g} s after their last save. Latencies in milliseconds from the time each
request was scheduled (open loop: waiting for one of the generator's
{args.connections} keep-alive connections or for an earlier answer counts);
errors are answers other than 2xx, requests without an answer and requests
never sent (a student whose start failed sends nothing more).
**Acknowledged** saves were answered 200 with their seq; **found**: of those,
the ones stored in the exams database with that seq or a higher one.

| students | start p50 | start p99 | save p50 | save p99 | submit p50 | submit p99 | errors | acknowledged saves | found | lost |
|---|---|---|---|---|---|---|---|---|---|---|
{rows}

{counts}

CPU seconds per component over the load, and the share of the machine's {cores}
cores they took together:

| students | seconds | {" | ".join(COMPONENTS)} | of the cores |
|---|---|{"---|" * len(COMPONENTS)}---|
{cpu_rows}

Target (issue 9): {TARGET_STUDENTS:,} students with save p99 under {TARGET_SAVE_P99_MS:.0f} ms,
0 errors and 0 lost answers: {verdict}.

- **The exam**: {QUESTIONS} questions in two sections, the seven automatically graded types in
  turn (single and multiple choice, true/false, short text, numeric, matching,
  ordering), a time limit of 60 minutes, results released at grading: each
  submit grades the attempt and writes `attempt.submitted` and
  `exam.result_released` to the outbox, which api consumes into its gradebook.
- **A start**: forward authentication (auth's `/verify`, one Redis read), then
  exams: the exam read under a share lock, the caller's membership from api's
  `/internal` endpoint (cached briefly), the attempt written with its own copy of
  the questions. **A save**: the same verification, then one transaction: the
  attempt read under a share lock, the answer checked against its question and
  upserted, and the commit, answered only once durable (`fsync` on).
- **Seeded so**: the teacher, the course and the exam through the API; the
  students' accounts straight into auth's `users` table (psql `COPY`, with the
  teacher's password hash), one session each straight into auth's Redis in
  auth's own layout (`auth:session:{{SHA-256 of the token}}`,
  `auth:user-sessions:{{userId}}`), and their profiles and memberships straight
  into api's `profiles` and `members` tables. Registering them through
  `/auth/register` would cost one Argon2 hash each.
- The generator, `bench/storm/storm.cpp` (target `bench_storm`): Beast on one
  Asio thread, requests in order of their scheduled time on the first free
  connection; a row per request in the run's folder (kept with `--keep`).

{limits(results, args)}
"""


def limits(results: dict[int, dict], args) -> str:
    """What bounds the figures, from the largest run's CPU."""
    n = max(results)
    f = results[n]
    cpu = f["cpu"]
    total = sum(cpu.values())
    cores = os.cpu_count()
    order = sorted(cpu, key=cpu.get, reverse=True)
    requests = sum(f[k]["requests"] - f[k]["unsent"] for k in KINDS)
    shares = ", ".join(f"{k} {100 * cpu[k] / total:.0f}%" for k in order[:4])
    return f"""What limits it: one machine of {cores} cores runs the load and every
component. At {n:,} students the steady state is {n / args.interval:,.0f} saves per
second, with {n / args.window:,.0f} starts per second on top during the first
{args.window:g} s, each request through nginx, auth's `/verify` and exams; each save
is a PostgreSQL transaction whose commit waits for its WAL flush (group commit
shares a flush among the commits waiting together). Over the run the components
took {100 * total / (f['seconds'] * cores):.0f}% of the cores on average,
{1e6 * total / requests:,.0f} µs of CPU per request in all, shared as {shares}
(the four largest). A moment above the average (the first minute carries the
starts) shows as queueing in the p99, since latency counts from the scheduled time."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", type=Path, default=ROOT / "build" / "release")
    parser.add_argument("--students", default="1000,5000,10000",
                        help="comma-separated numbers of students, one run each")
    parser.add_argument("--saves", type=int, default=4, help="answers saved per student")
    parser.add_argument("--interval", type=float, default=15.0,
                        help="seconds between a student's saves")
    parser.add_argument("--window", type=float, default=60.0,
                        help="seconds within which every student starts")
    parser.add_argument("--connections", type=int, default=300,
                        help="the generator's keep-alive connections to the gateway")
    parser.add_argument("--timeout", type=float, default=30.0,
                        help="seconds after which a request without an answer is an error")
    parser.add_argument("--results", type=Path, default=None,
                        help="where to write the figures (default docs/benchmarks.md, "
                             "not written for a Debug build)")
    parser.add_argument("--keep", action="store_true",
                        help="leave each stack running afterwards (stop: tools/stack.py down --dir D)")
    args = parser.parse_args()
    students = [int(s) for s in args.students.split(",") if s]
    build_dir = args.build_dir.resolve()
    generator = build_generator(build_dir)
    kind = report.build_kind(build_dir)
    results_path = args.results or (None if kind.startswith("Debug") else RESULTS)

    results: dict[int, dict] = {}
    for n in students:
        work = Path(tempfile.mkdtemp(prefix=f"classroom-bench-exams-{n}-"))
        work.chmod(0o711)  # PostgreSQL may run as another user (stack.py) and must get through
        results[n] = run_one(n, generator, build_dir, work, args)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    section = render(results, args, kind)
    if results_path:
        report.write_section(results_path, SECTION, section)
        log(f"\nwrote {results_path}")
    else:
        log(f"\n(a {kind} build: figures not written; --results PATH writes them)\n")
        log(section)
    lost = sum(f["check"]["lost"] for f in results.values())
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
