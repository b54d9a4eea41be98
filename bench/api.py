#!/usr/bin/env python3
"""api benchmark: a student listing their courses and a course's coursework,
through the gateway, authenticated, on a database seeded with a realistic term.

Starts PostgreSQL, Redis, auth, api and the gateway with tools/stack.py on free
ports in a temporary folder, seeds a term (timed, part by part), then measures
with wrk, alternating the scenarios, several runs each:
  courses             GET /api/courses as a student (their courses)
  courses ceiling     the same requests, answered by nginx alone with the same bytes
  coursework          GET /api/courses/{id}/coursework as a student of that course
  coursework ceiling  the same requests, answered by nginx alone with the same bytes
  forward auth ceiling  GET /api/ping with /verify and the upstream answered by nginx
                      `return`: the foundation's ceiling, as bench/gateway.py measures it
Each request of a run carries one of the benchmark students' Bearer tokens, in
turn (and, for coursework, one of that student's courses).

The term (at --scale 1): 200 courses, 5,000 students each in 5 courses
(~125 students per course; --courses-per-student 1 gives ~25 per course, but
then a student has one course), 30 coursework items per course (25 assignments,
5 materials; 28 published, 2 drafts; 3 assignments per course given to a few
students only), one submission per assigned student per published assignment
(~530,000), in a mix of states and grades. How each part is seeded:
  through the API (the real path, gateway included):
    the accounts whose sessions are used: 50 students and 10 teachers
    (POST /auth/register, Argon2 each); the teachers' courses (10% of the term,
    POST /api/courses); those students joining them (POST /api/courses/join);
    all coursework of those courses (POST .../coursework), whose publishing
    creates the submissions of every student of the course;
  directly into the api database with SQL (psql, COPY and INSERT ... SELECT):
    every other profile (students, teachers), course, membership (including the
    benchmark students' other courses), the coursework of those courses and
    their submissions. Those students and teachers have no auth account.

    python3 bench/api.py [--build-dir build/release] [--scale 1] [--runs 3]
                         [--seconds 10] [--connections 50]

The medians go into docs/benchmarks.md when the build is not a Debug build
(or always with --results PATH); a Debug (sanitizer) build only prints them.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shutil
import statistics
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
import wrk as wrk_tool  # noqa: E402
from seeding import (Client, copy_block, parallel, person_name, psql, rfc3339,  # noqa: E402
                     uuid7)

RESULTS = ROOT / "docs" / "benchmarks.md"
SECTION = "## api: a student's courses and coursework"
PASSWORD = "bench password 1"
TARGET_RPS = 5000
TARGET_P99_MS = 50.0
ITEMS_PER_COURSE = 30

# The ceiling: the same gateway configuration, with auth's /verify and the api
# answered by nginx alone. The list answers are the api's own bytes, served
# from files (a `return` string is limited by nginx's 4 KiB configuration
# buffer); /api/ping answers from `return`, as in bench/gateway.py.
CEILING_UPSTREAM = """
worker_processes auto;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    client_body_temp_path {prefix}/tmp;
    keepalive_requests 100000;
    server {{
        listen 127.0.0.1:{port} reuseport backlog=4096;
        root {prefix}/bodies;
        location = /verify {{
            add_header X-Auth-User {user_id};
            add_header X-Auth-User-Email bench@example.org;
            add_header X-Auth-Role user;
            add_header X-Auth-Session 01932c4e-0000-7000-8000-000000000002;
            return 204;
        }}
        location = /api/courses {{
            default_type application/json;
            try_files /courses.json =500;
        }}
        location ~ ^/api/courses/[^/]+/coursework$ {{
            default_type application/json;
            try_files /coursework.json =500;
        }}
        location / {{
            default_type application/json;
            return 200 '{ping_body}';
        }}
    }}
}}
"""

# One wrk connection sends these requests in turn; each thread starts elsewhere.
WRK_SCRIPT = """
local items = {{
{items}
}}
local reqs = {{}}
local i = 0
local threads = 0
function setup(thread)
  thread:set("start", threads * 7919)
  threads = threads + 1
end
function init(args)
  for k, it in ipairs(items) do
    reqs[k] = wrk.format("GET", it[1], {{["Authorization"] = "Bearer " .. it[2]}})
  end
  i = (start or 0) % #reqs
end
function request()
  i = i % #reqs + 1
  return reqs[i]
end
"""


def log(msg: str) -> None:
    print(msg, flush=True)


# ---- names -------------------------------------------------------------------

SUBJECTS = ("Algebra Biology Chemistry Physics History Geography Literature Economics "
            "Computer_Science Statistics Philosophy Art Music Spanish French German "
            "Psychology Sociology Calculus Geometry").split()
CODE_ALPHABET = "23456789BCDFGHJKMNPQRSTVWXYZ"


# ---- the term ----------------------------------------------------------------

class Term:
    """Who is in which course and what each course holds: the one plan that both
    the API part and the SQL part of the seeding follow."""

    def __init__(self, scale: float, courses_per_student: int, api_students: int,
                 api_teachers: int, seed: int):
        self.rng = random.Random(seed)
        self.now = datetime.now(timezone.utc).replace(microsecond=0)
        # Week 10 of the term: most coursework is past due, the last is still open.
        self.term_start = self.now - timedelta(days=70)
        self.n_courses = max(2, round(200 * scale))
        self.n_students = max(api_students, round(5000 * scale))
        self.k = min(courses_per_student, self.n_courses)
        self.n_api_courses = max(1, round(self.n_courses * 0.1))
        self.n_api_teachers = min(api_teachers, self.n_api_courses)
        self.n_api_students = api_students
        self.n_bulk_teachers = math.ceil((self.n_courses - self.n_api_courses) / 4)

        # Courses 0 .. n_api_courses-1 are created through the API; students
        # 0 .. n_api_students-1 register through the API.
        self.courses: list[dict] = []
        for c in range(self.n_courses):
            subject = SUBJECTS[c % len(SUBJECTS)].replace("_", " ")
            level = 1 + (c // len(SUBJECTS)) % 4
            self.courses.append({
                "index": c, "api": c < self.n_api_courses,
                "name": f"{subject} {level}{'ABCDEFGH'[c % 8]}",
                "section": f"Period {1 + c % 7}",
                "room": f"Room {101 + c % 60}",
                "description": f"{subject}, level {level}: weekly problem sets, readings and "
                               "a project. Office hours Tuesdays after class.",
                "students": [],
            })
        self.student_courses: list[list[int]] = []
        others = list(range(self.n_courses))
        for s in range(self.n_students):
            if s < self.n_api_students:
                first = s % self.n_api_courses  # every benchmark student joins an API course
                rest = self.rng.sample([c for c in others if c != first], self.k - 1)
                chosen = [first, *rest]
            else:
                chosen = self.rng.sample(others, self.k)
            self.student_courses.append(chosen)
            for c in chosen:
                self.courses[c]["students"].append(s)

    def items(self, course: dict) -> list[dict]:
        """The course's 30 coursework items, oldest first, as the API would be given them."""
        rng = random.Random(course["index"] * 7919 + 17)
        out = []
        step = timedelta(days=70) / ITEMS_PER_COURSE
        for n in range(1, ITEMS_PER_COURSE + 1):
            created = self.term_start + step * (n - 1) + timedelta(minutes=rng.randrange(600))
            week = 1 + (created - self.term_start).days // 7
            material = n % 6 == 0
            item = {
                "n": n,
                "title": (f"Week {week} reading: {course['name']} notes, part {n}" if material
                          else f"Week {week} problem set {n}: {course['name']}"),
                "description": (f"Read the notes for week {week} before class. " if material else
                                f"Problems {n}.1 to {n}.8 from the week {week} sheet. Show your "
                                "working; partial credit is given. Upload a PDF or link a "
                                "shared document."),
                "workType": "MATERIAL" if material else "ASSIGNMENT",
                "state": "DRAFT" if n > ITEMS_PER_COURSE - 2 else "PUBLISHED",
                "created": created,
            }
            if material or n % 3 == 0:
                item["materials"] = [{"url": f"https://files.example.org/c{course['index']}/w{week}-{n}.pdf",
                                      "title": f"Week {week} notes"}]
            if not material:
                item["maxPoints"] = None if n % 7 == 0 else (20 if n % 5 == 0 else 100)
                item["dueAt"] = created + timedelta(days=7)
            if not material and n % 10 == 3 and course["students"]:
                item["assignees"] = sorted(rng.sample(course["students"], min(3, len(course["students"]))))
            out.append(item)
        return out

    def visible_items(self, course: dict, student: int) -> int:
        return sum(1 for it in self.items(course) if it["state"] == "PUBLISHED"
                   and ("assignees" not in it or student in it["assignees"]))


# A UUIDv7 for a given time (the schema's uuid_v7() takes the clock's): for
# rows made in the past. A temporary function: nothing is added to the schema.
UUID_AT = """
CREATE FUNCTION pg_temp.uuid_at(ts timestamptz) RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT encode(set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
              PLACING substring(int8send((extract(epoch FROM ts) * 1000)::bigint) FROM 3)
              FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
$$;
"""

# One submission per assigned student per published assignment of the bulk
# courses. Past due: 65% returned with a grade (some late), 20% turned in, 15%
# missing; still open: 30% turned in, 20% started, 50% not yet opened.
BULK_SUBMISSIONS = """
SELECT setseed(0.42);
INSERT INTO submissions (id, coursework_id, course_id, student_id, state, turned_in_at,
                         draft_grade, assigned_grade, text, links, version, created_at, updated_at)
SELECT pg_temp.uuid_at(t.published_at), t.cw_id, t.course_id, t.student_id, t.state,
       CASE WHEN t.state IN ('TURNED_IN', 'RETURNED')
            THEN t.due_at - interval '3 days' * t.g
                 + CASE WHEN t.r < 0.07 THEN interval '1 day' ELSE interval '0' END END,
       CASE WHEN t.state = 'RETURNED' THEN round(t.max_points * (0.45 + 0.55 * t.g)::numeric, 2) END,
       CASE WHEN t.state = 'RETURNED' THEN round(t.max_points * (0.45 + 0.55 * t.g)::numeric, 2) END,
       CASE WHEN t.state = 'NEW' THEN '' ELSE 'My answers are in the linked document.' END,
       CASE WHEN t.state = 'NEW' THEN '[]'::jsonb
            ELSE '[{"url": "https://docs.example.org/d/answers", "title": "Answers"}]'::jsonb END,
       CASE WHEN t.state = 'NEW' THEN 1 ELSE 3 END,
       t.published_at, greatest(t.published_at, least(t.due_at, now()))
FROM (
    SELECT x.*,
           CASE WHEN x.due_at < now() THEN
                CASE WHEN x.r < 0.65 THEN 'RETURNED' WHEN x.r < 0.85 THEN 'TURNED_IN' ELSE 'NEW' END
           ELSE CASE WHEN x.r < 0.30 THEN 'TURNED_IN' WHEN x.r < 0.50 THEN 'CREATED' ELSE 'NEW' END
           END AS state
    FROM (SELECT cw.id AS cw_id, cw.course_id, m.user_id AS student_id, cw.published_at,
                 cw.due_at, cw.max_points, random() AS r, random() AS g
          FROM coursework cw
          JOIN seed_bulk_courses b ON b.id = cw.course_id
          JOIN members m ON m.course_id = cw.course_id AND m.role = 'student'
          WHERE cw.state = 'PUBLISHED' AND cw.work_type = 'ASSIGNMENT'
            AND (cw.assignees IS NULL OR m.user_id = ANY(cw.assignees))
          OFFSET 0) AS x  -- OFFSET 0: one r and one g per row, not per use
) AS t;
"""


# ---- seeding -----------------------------------------------------------------

def seed(term: Term, client: Client, db_url: str, workers: int) -> dict:
    timings: dict[str, float] = {}
    rng = term.rng

    # 1. The accounts whose sessions are used: registered through the gateway.
    t0 = time.monotonic()
    accounts = ([("teacher", i) for i in range(term.n_api_teachers)]
                + [("student", i) for i in range(term.n_api_students)])

    def register(acc):
        kind, i = acc
        r = client.call("POST", "/auth/register",
                        body={"email": f"bench-{kind}-{i}@school.example.org",
                              "password": PASSWORD, "displayName": person_name(random.Random(i * 31 + len(kind)))})
        client.call("GET", "/api/me", r["token"])  # what a client does first
        return r["user"]["id"], r["token"]

    registered = parallel(register, accounts, workers)
    teachers = registered[:term.n_api_teachers]
    students = registered[term.n_api_teachers:]
    timings["register (API, Argon2)"] = time.monotonic() - t0

    # 2. The API teachers' courses, and the benchmark students joining them by code.
    t0 = time.monotonic()
    api_courses = [c for c in term.courses if c["api"]]

    def create_course(course):
        owner = teachers[course["index"] % term.n_api_teachers]
        r = client.call("POST", "/api/courses", owner[1],
                        body={k: course[k] for k in ("name", "section", "description", "room")})
        course["id"], course["owner"], course["joinCode"] = r["id"], owner, r["joinCode"]

    parallel(create_course, api_courses, workers)
    joins = [(s, c) for s in range(term.n_api_students) for c in term.student_courses[s]
             if term.courses[c]["api"]]
    parallel(lambda sc: client.call("POST", "/api/courses/join", students[sc[0]][1],
                                    body={"code": term.courses[sc[1]]["joinCode"]}), joins, workers)
    timings["courses and joins (API)"] = time.monotonic() - t0

    # 3. Everything else, into the api database.
    t0 = time.monotonic()
    student_ids = [sid for sid, _ in students]
    profiles = []
    profile_time = term.term_start - timedelta(days=30)
    for s in range(term.n_api_students, term.n_students):
        sid = uuid7(rng, profile_time + timedelta(seconds=s))
        student_ids.append(sid)
        profiles.append((sid, f"student{s:05d}@school.example.org", person_name(rng), profile_time))
    bulk_teacher_ids = []
    for t in range(term.n_bulk_teachers):
        tid = uuid7(rng, profile_time + timedelta(seconds=t))
        bulk_teacher_ids.append(tid)
        profiles.append((tid, f"teacher{t:04d}@school.example.org", person_name(rng), profile_time))
    taken = {c["joinCode"] for c in api_courses}
    course_rows = []
    for course in term.courses:
        if course["api"]:
            continue
        created = term.term_start - timedelta(days=7, minutes=rng.randrange(7 * 24 * 60))
        code = "".join(rng.choice(CODE_ALPHABET) for _ in range(7))
        while code in taken:
            code = "".join(rng.choice(CODE_ALPHABET) for _ in range(7))
        taken.add(code)
        course["id"] = uuid7(rng, created)
        course["created"] = created
        course["ownerId"] = bulk_teacher_ids[(course["index"] - term.n_api_courses) // 4]
        course_rows.append((course["id"], course["name"], course["section"], course["description"],
                            course["room"], course["ownerId"], code, created, created))
    member_rows = []
    for course in term.courses:
        # Bulk courses: students join in the first days; API courses: in the last hour.
        joined, spread = ((course["created"] + timedelta(days=2), 5 * 86400) if not course["api"]
                          else (term.now - timedelta(hours=1), 1800))
        if not course["api"]:
            member_rows.append((course["id"], course["ownerId"], "owner", course["created"]))
        for s in course["students"]:
            if course["api"] and s < term.n_api_students:
                continue  # joined through the API above
            member_rows.append((course["id"], student_ids[s], "student",
                                joined + timedelta(seconds=rng.randrange(spread))))
    cw_rows = []
    for course in term.courses:
        if course["api"]:
            continue
        for it in term.items(course):
            published = it["created"] if it["state"] == "PUBLISHED" else None
            assignees = [student_ids[s] for s in it["assignees"]] if "assignees" in it else None
            cw_rows.append((uuid7(rng, it["created"]), course["id"], course["ownerId"], it["title"],
                            it["description"], it["workType"], it.get("maxPoints"), it.get("dueAt"),
                            json.dumps(it.get("materials", [])), it["state"], published, assignees,
                            it["created"], it["created"]))
    script = "\n".join([
        "SET synchronous_commit = off;",
        UUID_AT,
        "BEGIN;",
        copy_block("profiles", ["id", "email", "display_name", "created_at"], profiles),
        copy_block("courses", ["id", "name", "section", "description", "room", "owner_id",
                               "join_code", "created_at", "updated_at"], course_rows),
        copy_block("members", ["course_id", "user_id", "role", "joined_at"], member_rows),
        copy_block("coursework", ["id", "course_id", "author_id", "title", "description",
                                  "work_type", "max_points", "due_at", "materials", "state",
                                  "published_at", "assignees", "created_at", "updated_at"], cw_rows),
        "CREATE TEMP TABLE seed_bulk_courses (id uuid PRIMARY KEY);",
        copy_block("seed_bulk_courses", ["id"], [(c["id"],) for c in term.courses if not c["api"]]),
        BULK_SUBMISSIONS,
        "COMMIT;",
    ])
    psql(db_url, script)
    timings["bulk profiles, courses, members, coursework, submissions (SQL)"] = time.monotonic() - t0

    # 4. The API courses' coursework, through the API: publishing creates the
    #    submissions of every student of the course (bulk ones included).
    t0 = time.monotonic()

    def create_items(course):
        for it in term.items(course):
            body = {k: it[k] for k in ("title", "description", "workType", "state")}
            for k in ("materials", "maxPoints"):
                if k in it:
                    body[k] = it[k]
            if "dueAt" in it:
                body["dueAt"] = rfc3339(it["dueAt"])
            if "assignees" in it:
                body["assignees"] = [student_ids[s] for s in it["assignees"]]
            client.call("POST", f"/api/courses/{course['id']}/coursework", course["owner"][1], body=body)

    parallel(create_items, api_courses, workers)
    timings["coursework of the API courses (API)"] = time.monotonic() - t0

    t0 = time.monotonic()
    psql(db_url, "VACUUM ANALYZE;")
    timings["VACUUM ANALYZE"] = time.monotonic() - t0

    counts = {}
    out = psql(db_url, "\\pset format unaligned\n\\pset tuples_only on\n"
               "SELECT 'profiles', count(*) FROM profiles UNION ALL SELECT 'courses', count(*) FROM courses "
               "UNION ALL SELECT 'members', count(*) FROM members UNION ALL "
               "SELECT 'coursework', count(*) FROM coursework UNION ALL "
               "SELECT 'submissions', count(*) FROM submissions;")
    for line in out.splitlines():
        if "|" in line:
            name, n = line.split("|")
            counts[name] = int(n)
    return {"timings": timings, "counts": counts, "students": students, "student_ids": student_ids,
            "accounts": len(accounts)}


def check_views(term: Term, client: Client, students: list) -> None:
    """What the benchmark students see is what the plan says they should."""
    for s, (sid, token) in enumerate(students):
        page = client.call("GET", "/api/courses", token)
        ids = {c["id"] for c in page["items"]}
        expected = {term.courses[c]["id"] for c in term.student_courses[s]}
        if ids != expected or any(c["myRole"] != "student" for c in page["items"]):
            raise RuntimeError(f"student {s} sees courses {sorted(ids)}, expected {sorted(expected)}")
        c = term.student_courses[s][s % term.k]
        work = client.call("GET", f"/api/courses/{term.courses[c]['id']}/coursework", token)
        want = term.visible_items(term.courses[c], s)
        if len(work["items"]) != want:
            raise RuntimeError(f"student {s} sees {len(work['items'])} coursework items in course "
                               f"{c}, expected {want}")


# ---- load --------------------------------------------------------------------

def lua_script(path: Path, pairs: list[tuple[str, str]]) -> Path:
    items = ",\n".join(f'  {{"{p}", "{t}"}}' for p, t in pairs)
    path.write_text(WRK_SCRIPT.format(items=items))
    return path


def wrk(url: str, script: Path, seconds: int, connections: int) -> dict:
    return wrk_tool.run(url, seconds, connections, "-s", str(script))


# ---- diagnostics -------------------------------------------------------------

def set_pg(db_url: str, setting: str, value: str) -> None:
    psql(db_url, f"ALTER SYSTEM SET {setting} = '{value}';\nSELECT pg_reload_conf();\n")


def pg_log_since(stack: stack_tool.Stack, offset: int) -> str:
    path = stack.dir / "pg" / "postgres.log"
    with open(path, "rb") as f:
        f.seek(offset)
        return f.read().decode(errors="replace")


def pg_log_size(stack: stack_tool.Stack) -> int:
    return (stack.dir / "pg" / "postgres.log").stat().st_size


def captured_statements(text: str) -> dict[str, tuple[str, list[str]]]:
    """The statements the api executed, by prepared name, with their parameters, from the log."""
    out = {}
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = re.search(r"execute (api_\w+): (.*)$", line)
        if not m:
            continue
        if i + 1 < len(lines) and re.search(r"DETAIL:\s+parameters:", lines[i + 1], re.I):
            params = re.findall(r"\$\d+ = ('(?:[^']|'')*'|NULL)", lines[i + 1])
            out[m.group(1)] = (m.group(2), params)
    return out


def explain(db_url: str, name: str, sql: str, params: list[str]) -> str:
    args = f"({', '.join(params)})" if params else ""
    script = (f"PREPARE q AS {sql};\n"
              f"SET plan_cache_mode = force_custom_plan;\n"
              f"\\echo '-- custom plan (the first five executions of a statement)'\n"
              f"EXPLAIN (ANALYZE, BUFFERS) EXECUTE q{args};\n"
              f"SET plan_cache_mode = force_generic_plan;\n"
              f"\\echo '-- generic plan (what a long-lived connection may settle on)'\n"
              f"EXPLAIN (ANALYZE, BUFFERS) EXECUTE q{args};\n")
    return f"== {name} {args}\n" + psql(db_url, script, quiet=False)


# ---- where the CPU goes ------------------------------------------------------

COMPONENTS = ("api", "postgres", "auth", "redis", "nginx", "wrk")


def cpu_snapshot(stack: stack_tool.Stack) -> dict[str, float]:
    return observe.cpu_snapshot(stack, ("api", "auth"), "wrk")


# ---- main --------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", type=Path, default=ROOT / "build" / "release")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="of the term: 1 = 200 courses and 5,000 students")
    parser.add_argument("--courses-per-student", type=int, default=5)
    parser.add_argument("--api-students", type=int, default=50,
                        help="students registered through the API, whose sessions make the load")
    parser.add_argument("--api-teachers", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seed-workers", type=int, default=4,
                        help="concurrent requests while seeding through the API")
    parser.add_argument("--slow-ms", type=int, default=20,
                        help="PostgreSQL logs statements slower than this during the load")
    parser.add_argument("--results", type=Path, default=None,
                        help="where to write the figures (default docs/benchmarks.md, "
                             "not written for a Debug build)")
    parser.add_argument("--keep", action="store_true",
                        help="leave the stack running afterwards (stop: tools/stack.py down --dir D)")
    args = parser.parse_args()
    build_dir = args.build_dir.resolve()
    kind = report.build_kind(build_dir)
    results_path = args.results or (None if kind.startswith("Debug") else RESULTS)

    # Registration is limited per address at the gateway; the benchmark
    # registers its accounts from one address. Nothing measured goes there.
    os.environ.setdefault("CLASSROOM_GATEWAY_SIGNIN_RATE", "1000r/s")
    os.environ.setdefault("CLASSROOM_GATEWAY_SIGNIN_BURST", "1000")

    term = Term(args.scale, args.courses_per_student, args.api_students, args.api_teachers, seed=7)
    work = Path(tempfile.mkdtemp(prefix="classroom-bench-api-"))
    work.chmod(0o711)  # PostgreSQL may run as another user (stack.py) and must get through
    real = stack_tool.Stack(work / "real")
    ceiling = stack_tool.Stack(work / "ceiling")
    upstream_dir = work / "ceiling-upstream"
    try:
        log(f"build: {build_dir} ({kind}); stack in {work}")
        real.up(["pg", "redis", "auth", "api", "gateway"], build_dir, dev_ports=False,
                databases=["classroom_auth", "classroom_api"])
        gateway = real.state["urls"]["gateway"]
        db_url = real.state["api"]["dbUrl"]
        client = Client(gateway)

        log(f"seeding: {term.n_courses} courses ({term.n_api_courses} through the API), "
            f"{term.n_students} students in {term.k} courses each "
            f"({term.n_api_students} registered through the API), "
            f"{term.n_api_teachers} + {term.n_bulk_teachers} teachers, "
            f"{ITEMS_PER_COURSE} coursework items per course")
        t0 = time.monotonic()
        seeded = seed(term, client, db_url, args.seed_workers)
        seeded["total"] = time.monotonic() - t0
        for part, seconds in seeded["timings"].items():
            log(f"  {seconds:7.1f} s  {part}")
        log("  (API: through the gateway, the service's own paths; SQL: straight into the api "
            "database with psql, COPY and INSERT ... SELECT)")
        log(f"  {seeded['total']:7.1f} s  seeding in all; rows: "
            + ", ".join(f"{n:,} {name}" for name, n in seeded["counts"].items()))
        students = seeded["students"]
        check_views(term, client, students)
        log("checked: every benchmark student sees their courses and their coursework")

        # The requests: each benchmark student's course list; each (student, course) coursework list.
        courses_pairs = [("/api/courses", token) for _, token in students]
        cw_pairs = [(f"/api/courses/{term.courses[c]['id']}/coursework", token)
                    for s, (_, token) in enumerate(students) for c in term.student_courses[s]]
        random.Random(3).shuffle(cw_pairs)
        scripts = {"courses": lua_script(work / "courses.lua", courses_pairs),
                   "coursework": lua_script(work / "coursework.lua", cw_pairs),
                   "ping": lua_script(work / "ping.lua", [("/api/ping", students[0][1])])}

        # The exact statements and plans of the two lists (logged once by PostgreSQL).
        offset = pg_log_size(real)
        set_pg(db_url, "log_min_duration_statement", "0")
        time.sleep(0.3)
        sample_student = students[0][1]
        sample_course = term.courses[term.student_courses[0][0]]["id"]
        for _ in range(2):
            courses_body = client.raw("/api/courses", sample_student)
            coursework_body = client.raw(f"/api/courses/{sample_course}/coursework", sample_student)
        set_pg(db_url, "log_min_duration_statement", str(args.slow_ms))
        time.sleep(0.3)
        statements = captured_statements(pg_log_since(real, offset))
        plans = [explain(db_url, name, *statements[name])
                 for name in ("api_select_course_access", "api_list_my_courses", "api_list_coursework")
                 if name in statements]
        (work / "plans.txt").write_text("\n".join(plans))
        log(f"response sizes: courses {len(courses_body):,} B ({term.k} items), "
            f"coursework {len(coursework_body):,} B")

        # The ceiling: nginx answers /verify and the api with the same bytes.
        upstream_port = stack_tool.free_port()
        (upstream_dir / "tmp").mkdir(parents=True)
        (upstream_dir / "bodies").mkdir()
        (upstream_dir / "bodies").chmod(0o755)
        (upstream_dir / "bodies" / "courses.json").write_bytes(courses_body)
        (upstream_dir / "bodies" / "coursework.json").write_bytes(coursework_body)
        for f in (upstream_dir / "bodies").iterdir():
            f.chmod(0o644)
        upstream_dir.chmod(0o755)
        me = client.call("GET", "/auth/me", sample_student)
        ping_body = json.dumps({"user": me["user"]})
        assert "'" not in ping_body and "$" not in ping_body
        (upstream_dir / "nginx.conf").write_text(CEILING_UPSTREAM.format(
            prefix=upstream_dir, port=upstream_port, user_id=students[0][0], ping_body=ping_body))
        subprocess.run(["nginx", "-p", str(upstream_dir), "-c", str(upstream_dir / "nginx.conf"),
                        "-e", str(upstream_dir / "error.log")], check=True)
        ceiling.dir.mkdir(parents=True)
        ceiling.state = {"auth": {"port": upstream_port}, "api": {"port": upstream_port}}
        ceiling.save()
        ceiling.start_gateway(dev_ports=False)
        ceiling_url = f"http://127.0.0.1:{ceiling.state['gateway']['port']}"
        if Client(ceiling_url).raw(f"/api/courses/{sample_course}/coursework",
                                             sample_student) != coursework_body:
            raise RuntimeError("the ceiling does not answer the api's bytes")

        scenarios = {
            "forward auth ceiling": (ceiling_url, scripts["ping"]),
            "courses ceiling": (ceiling_url, scripts["courses"]),
            "courses": (gateway, scripts["courses"]),
            "coursework ceiling": (ceiling_url, scripts["coursework"]),
            "coursework": (gateway, scripts["coursework"]),
        }
        for url, script in scenarios.values():  # warm up connections and caches
            wrk(url, script, 2, args.connections)
        offset = pg_log_size(real)
        results: dict[str, list[dict]] = {name: [] for name in scenarios}
        for run in range(args.runs):
            for name, (url, script) in scenarios.items():
                before = cpu_snapshot(real) if url == gateway else None
                r = wrk(url, script, args.seconds, args.connections)
                if before:
                    after = cpu_snapshot(real)
                    n = r["rps"] * args.seconds
                    r["cpu"] = {k: (after[k] - before[k]) / n * 1e6 for k in COMPONENTS}
                results[name].append(r)
                log(f"run {run + 1} {name:21} {r['rps']:9.0f} req/s  p50 {r['p50']:.2f} ms  "
                    f"p99 {r['p99']:.2f} ms  non-2xx {r['non2xx']} {r['errors']}")
        slow = [line for line in pg_log_since(real, offset).splitlines() if "duration:" in line]
        psql(db_url, "ALTER SYSTEM RESET log_min_duration_statement;\nSELECT pg_reload_conf();\n")

        median = report.medians(results)
        log("\nmedians:")
        for name, m in median.items():
            verdict = ""
            if "ceiling" not in name:
                ok = m["rps"] >= TARGET_RPS and m["p99"] < TARGET_P99_MS
                verdict = (f"  {100 * m['rps'] / median[name + ' ceiling']['rps']:.0f}% of ceiling;"
                           f" target {TARGET_RPS:,} req/s, p99 < {TARGET_P99_MS:.0f} ms: "
                           f"{'met' if ok else 'NOT met'}")
            log(f"  {name:21} {m['rps']:9.0f} req/s  p50 {m['p50']:.2f} ms  p99 {m['p99']:.2f} ms{verdict}")
        cpu = {name: {k: statistics.median(r["cpu"][k] for r in runs) for k in COMPONENTS}
               for name, runs in results.items() if "cpu" in runs[0]}
        log("\nCPU per request (microseconds: CPU time of each component's processes over the run / requests; medians):")
        for name, c in cpu.items():
            log(f"  {name:21} " + "  ".join(f"{k} {v:.0f}" for k, v in c.items())
                + f"  = {sum(c.values()):.0f}")
        log(f"\nPostgreSQL statements slower than {args.slow_ms} ms during the load: {len(slow)}")
        for line in sorted(slow, key=lambda l: -float(re.search(r"duration: ([\d.]+)", l).group(1)))[:5]:
            log("  " + line[:300])
        problems = observe.log_problems(real, "api")
        log(f"api log: {len(problems)} warning or error lines")
        for line in problems[:10]:
            log("  " + line)
        log("\nplans of the api's statements for these lists (EXPLAIN ANALYZE, the logged "
            "statements and parameters):\n" + "\n".join(plans))

        section = render(results, median, cpu, seeded, term, args, kind, len(courses_body),
                         len(coursework_body), len(slow))
        if results_path:
            report.write_section(results_path, SECTION, section)
            log(f"wrote {results_path}")
        else:
            log(f"\n(a {kind} build: figures not written; --results PATH writes them)\n")
            log(section)
    finally:
        if args.keep:
            log(f"stack left running in {work / 'real'}: "
                f"python3 tools/stack.py down --dir {work / 'real'}")
        else:
            real.down()
        ceiling.stop_gateway()
        stack_tool.Stack._stop_pidfile(upstream_dir / "nginx.pid", "ceiling", 3)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def render(results, median, cpu, seeded, term: Term, args, kind: str, courses_bytes: int,
           coursework_bytes: int, slow: int) -> str:
    verdicts = "; ".join(
        f"{name} {'meets' if m['rps'] >= TARGET_RPS and m['p99'] < TARGET_P99_MS else 'does NOT meet'} it"
        for name, m in median.items() if "ceiling" not in name)
    cpu_rows = "\n".join(f"| {name} | " + " | ".join(f"{c[k]:.0f}" for k in COMPONENTS)
                         + f" | {sum(c.values()):.0f} |" for name, c in cpu.items())
    timings = "\n".join(f"| {part} | {seconds:.1f} |" for part, seconds in seeded["timings"].items())
    counts = ", ".join(f"{n:,} {name}" for name, n in seeded["counts"].items())
    build = "build/release" if args.build_dir.resolve() == (ROOT / "build" / "release").resolve() \
        else str(args.build_dir)
    command = (f"python3 bench/api.py --build-dir {build} --scale {args.scale:g} --runs {args.runs} "
               f"--seconds {args.seconds} --connections {args.connections}")
    return f"""{SECTION} through the gateway

Measured {time.strftime('%Y-%m-%d')} on {report.machine()}, {kind} build,
everything on the one machine (wrk, nginx, auth, api, PostgreSQL, Redis share the cores).
Command: `{command}`;
wrk `-t2 -c{args.connections}`, {args.runs} runs of {args.seconds} s per scenario, alternating; medians.

{report.scenario_table(results, median)}

- **courses**: `GET /api/courses` as a student ({term.k} courses, {courses_bytes:,} bytes):
  `auth_request` to auth's `/verify` (one Redis read), then the api: one indexed
  query (`members_by_user` joined to `courses`).
- **coursework**: `GET /api/courses/{{id}}/coursework` as a student of that course
  (the published items given to them, {coursework_bytes:,} bytes for the one sampled):
  the same verification, then one query for the course, the caller's role and the
  course's coursework generation (primary-key reads); the list itself comes from the
  api worker's memory while that generation holds (docs/api.md, "Lists from memory"),
  so the database reads and the api serialises the items once per change and worker.
- Requests go round {args.api_students} students' sessions (`Authorization: Bearer`),
  and for coursework round each of their {term.k} courses.
- **ceilings**: the same gateway configuration with auth's `/verify` and the api
  answered by nginx alone: the two lists as the same bytes from a file (an nginx
  `return` string cannot hold them), and **forward auth ceiling**, `GET /api/ping`
  from `return`, measured as in the gateway section above.
- PostgreSQL statements slower than {args.slow_ms} ms during the load: {slow}.

CPU per request, microseconds (CPU time of each component during the runs divided by
the requests served; medians):

| scenario | {" | ".join(COMPONENTS)} | total |
|---|{"---|" * len(COMPONENTS)}---|
{cpu_rows}

Two cores give 2,000,000 µs of CPU per second: {TARGET_RPS:,} req/s leaves at most
{2_000_000 // TARGET_RPS} µs per request for everything above together.

Target (the api issue): at least {TARGET_RPS:,} authenticated list requests per second through
the gateway, with p99 under {TARGET_P99_MS:.0f} ms: {verdicts}.

The term ({counts}): {term.n_courses} courses, {term.n_students:,} students each in
{term.k} courses (about {round(term.n_students * term.k / term.n_courses)} per course), {ITEMS_PER_COURSE} coursework
items per course (25 assignments and 5 materials; 28 published, 2 drafts; 3
assignments per course given to 3 students only; due a week after they are set,
over the first 10 weeks of the term), one submission per assigned student per
published assignment: past due, 65% returned with a grade, 20% turned in, 15%
missing; still open, 30% turned in, 20% started, 50% untouched.
How it was seeded, and how long it took:

| part | seconds |
|---|---|
{timings}
| in all | {seeded['total']:.1f} |

- **Through the API** (gateway included): the {args.api_students} students and
  {term.n_api_teachers} teachers whose sessions are used (`POST /auth/register`, one
  Argon2 hash each); the teachers' {term.n_api_courses} courses (`POST /api/courses`);
  the students joining them by code (`POST /api/courses/join`); every coursework
  item of those courses (`POST …/coursework`, whose publishing creates the
  submissions of all the course's students, bulk ones included).
- **With SQL** (psql against the api database: `COPY` from the script, and one
  `INSERT … SELECT` for the submissions): every other profile, course, membership
  (the benchmark students' other courses included), coursework item and
  submission. Ids are UUIDv7 of the row's time in the term. Those users have no
  auth account (they never sign in); no submission history is written.
"""


if __name__ == "__main__":
    sys.exit(main())
