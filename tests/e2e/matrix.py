"""What the services' authorization matrices share (DESIGN.md, "Roles and
authorization": every endpoint with every kind of caller): the callers, a row
of the table, the routes a binary serves, and the two checks every matrix
makes. test_api_authorization.py and test_exams_authorization.py hold the
tables and the worlds their rows act in."""
from __future__ import annotations

import subprocess
import unittest
import uuid
from typing import Any, Callable, NamedTuple

from support import BUILD_DIR, call, create_admin, create_course, join, register, verify_email

CALLERS = ("anonymous", "outsider", "student", "other_student", "teacher", "owner", "admin")
PROBLEM = "application/problem+json"

# (world, caller) -> (path, body)
Build = Callable[[Any, str], "tuple[str, dict | None]"]


class Row(NamedTuple):
    route: str      # "METHOD /pattern", as `classroom-<service> routes` prints it
    variant: str    # what the path points at, and where the expectation comes from
    expect: tuple   # one status per caller, in the order of CALLERS
    build: Build


def E(anonymous, outsider, student, other_student, teacher, owner, admin) -> tuple:
    return (anonymous, outsider, student, other_student, teacher, owner, admin)


def register_cast() -> dict[str, dict]:
    """Every caller but anonymous, signed in: the outsider and the course's people are
    new accounts (the world puts the latter into its course), the admin is made with
    `classroom-auth create-admin`. Those who accept invitations (the teacher, and the
    outsider in the api's matrix) have verified their addresses."""
    return {
        "outsider": verify_email(register("Oscar Outsider")),
        "student": register("Sam Student"),
        "other_student": register("Olga Otherstudent"),
        "teacher": verify_email(register("Terry Teacher")),
        "owner": register("Olive Owner"),
        "admin": create_admin(),
    }


def expect(r, status: int, what: str):
    assert r.status == status, f"{what}: expected {status}, got {r!r}"
    return r.json() if r.body else None


def cast_course(users: dict[str, dict]) -> dict:
    """A course of the cast's owner with its teacher (by invitation) and both students
    (by code)."""
    owner, teacher = users["owner"], users["teacher"]
    course = create_course(owner)
    inv = expect(call("POST", f"/api/courses/{course['id']}/invitations",
                      {"email": teacher["email"], "role": "teacher"}, token=owner["token"]),
                 201, "teacher invitation")
    expect(call("POST", f"/api/invitations/{inv['id']}/accept", token=teacher["token"]), 200,
           "teacher accepts")
    for name in ("student", "other_student"):
        expect(join(users[name], course["joinCode"]), 200, f"{name} joins")
    return course


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:10]}"


def served_routes(service: str) -> list[str]:
    """What `classroom-<service> routes` prints, as "METHOD /pattern" lines."""
    r = subprocess.run([str(BUILD_DIR / f"services/{service}/classroom-{service}"), "routes"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return [" ".join(line.split()) for line in r.stdout.splitlines() if line.strip()]


def check_every_route_has_a_row(test: unittest.TestCase, service: str, table: list[Row]) -> None:
    """Fails for a served route with no row, and for a row whose route is gone."""
    served = served_routes(service)
    test.assertGreater(len(served), 0)
    tabled = {row.route for row in table}
    test.assertEqual([r for r in served if r not in tabled], [],
                     f"routes of classroom-{service} with no row in TABLE")
    test.assertEqual(sorted(tabled - set(served)), [],
                     f"rows of TABLE for routes classroom-{service} no longer serves")
    for row in table:
        test.assertEqual(len(row.expect), len(CALLERS), row.route)


def check_every_status(test: unittest.TestCase, world, table: list[Row], send) -> None:
    """Each row's request as each caller (`send(caller, method, path, body)`)
    gets the row's status; refusals are problem responses."""
    for row in table:
        method = row.route.split(" ", 1)[0]
        for caller, expected in zip(CALLERS, row.expect):
            with test.subTest(route=row.route, variant=row.variant, caller=caller):
                path, body = row.build(world, caller)
                r = send(caller, method, path, body)
                test.assertEqual(r.status, expected, f"{method} {path} as {caller}: {r!r}")
                if expected >= 400:
                    test.assertEqual(r.headers.get("Content-Type"), PROBLEM, r)
