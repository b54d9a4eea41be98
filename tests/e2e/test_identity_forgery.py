"""End-to-end: no local process can act as a user, or as a service, or read the
services' metrics (issue 11, item 2).

Each test calls a service's port straight, as any process on the machine can,
bypassing the gateway: identity headers count only with auth's signature,
/internal/* only with the service credential, /metrics only with the
scrapers' token. Through the gateway everything still works, and what a
client sends in X-Auth-* changes nothing.
"""
from __future__ import annotations

import os
import subprocess
import time
import unittest
import uuid

from support import (BUILD_DIR, Stack, call, call_api, course_with_students, identity_headers,
                     internal_headers, metrics_headers, tearDownModule)  # noqa: F401

PROBLEM = "application/problem+json"
SERVICES = ("auth", "api", "exams", "notify")


def as_identity(user: dict, **changes) -> dict:
    """`user` (as register() returns it) as identity_headers() takes it."""
    return {"id": user["id"], "email": user["email"], **changes}


def forged_admin() -> dict[str, str]:
    """What a local process would send to pose as an administrator auth never saw."""
    return {"X-Auth-User": str(uuid.uuid4()), "X-Auth-User-Email": "mallory@example.org",
            "X-Auth-Role": "admin", "X-Auth-Session": "made-up"}


class Course:
    """One course with its owner (a teacher) and a student, made through the gateway."""
    course: dict
    owner: dict
    student: dict

    @classmethod
    def make(cls) -> None:
        cls.course, cls.owner, students = course_with_students(1)
        cls.student = students[0]

    @classmethod
    def gradebook(cls) -> str:
        return f"/api/courses/{cls.course['id']}/gradebook"

    @classmethod
    def exams(cls) -> str:
        return f"/exams/courses/{cls.course['id']}/exams"


def setUpModule() -> None:
    Stack.start()
    Course.make()


class ForgedIdentity(unittest.TestCase):
    def assert_refused(self, r) -> None:
        self.assertEqual(r.status, 401, r)
        self.assertEqual(r.headers.get("Content-Type"), PROBLEM, r)
        self.assertEqual(r.json()["type"], "/problems/unauthenticated", r)

    def test_an_invented_admin_without_signature_is_refused_by_every_service(self):
        for service, path in (("api", Course.gradebook()), ("exams", Course.exams()),
                              ("notify", "/notifications")):
            with self.subTest(service=service):
                r = call_api("GET", path, headers=forged_admin(), port=Stack.port(service))
                self.assert_refused(r)
                self.assertNotIn(b"items", r.body)

    def test_a_teacher_signed_by_the_stacks_key_is_served(self):
        identity = as_identity(Course.owner)
        for service, path in (("api", Course.gradebook()), ("exams", Course.exams()),
                              ("notify", "/notifications")):
            with self.subTest(service=service):
                r = call_api("GET", path, identity=identity, port=Stack.port(service))
                self.assertEqual(r.status, 200, r)

    def test_an_expired_signature_is_refused(self):
        headers = identity_headers(as_identity(Course.owner), now=time.time() - 3600)
        self.assert_refused(call_api("GET", Course.gradebook(), headers=headers))

    def test_a_students_signature_with_the_role_changed_to_admin_is_refused(self):
        headers = identity_headers(as_identity(Course.student))
        self.assertEqual(call_api("GET", Course.gradebook(), headers=headers).status, 403,
                         "a student does not see the gradebook")
        headers["X-Auth-Role"] = "admin"
        self.assert_refused(call_api("GET", Course.gradebook(), headers=headers))

    def test_a_teachers_signature_with_another_user_is_refused(self):
        headers = identity_headers(as_identity(Course.owner))
        headers["X-Auth-User"] = Course.student["id"]
        self.assert_refused(call_api("GET", Course.gradebook(), headers=headers))

    def test_a_signature_made_with_another_key_or_garbage_is_refused(self):
        good = identity_headers(as_identity(Course.owner))
        other_key = identity_headers(as_identity(Course.owner), key="b" * 64)
        for case, signature in (("another key", other_key["X-Auth-Signature"]),
                                ("garbage", "v1.9999999999.not-a-mac"),
                                ("empty", ""),
                                ("a version we never made", "v2" + good["X-Auth-Signature"][2:])):
            with self.subTest(case=case):
                r = call_api("GET", Course.gradebook(),
                             headers={**good, "X-Auth-Signature": signature})
                self.assert_refused(r)


class ServiceCredential(unittest.TestCase):
    def test_internal_calls_need_the_stacks_credential(self):
        path = f"/internal/courses/{Course.course['id']}/members/{Course.owner['id']}"
        self.assertEqual(call_api("GET", path).status, 401)
        self.assertEqual(call_api("GET", path, headers=internal_headers("x" * 43)).status, 401)
        r = call_api("GET", path, headers=internal_headers())
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["role"], "owner")

    def test_a_signed_user_is_no_service(self):
        path = f"/internal/users/{Course.student['id']}"
        r = call_api("GET", path, identity=as_identity(Course.owner, role="admin"))
        self.assertEqual(r.status, 401, r)
        self.assertNotIn(Course.student["email"].encode(), r.body)

    def test_every_services_internal_paths_need_the_credential(self):
        for service in SERVICES:
            with self.subTest(service=service):
                r = call_api("GET", "/internal/anything", port=Stack.port(service))
                self.assertEqual(r.status, 401, r)


class Metrics(unittest.TestCase):
    def test_metrics_are_for_the_stacks_scrapers_only(self):
        for service in SERVICES:
            port = Stack.port(service)
            with self.subTest(service=service):
                anonymous = call_api("GET", "/metrics", port=port)
                self.assertEqual(anonymous.status, 401, anonymous)
                self.assertEqual(anonymous.headers.get("WWW-Authenticate"), "Bearer")
                self.assertNotIn(b"http_requests_total", anonymous.body)
                wrong = call_api("GET", "/metrics", headers=metrics_headers("y" * 43), port=port)
                self.assertEqual(wrong.status, 401, wrong)
                as_service = call_api("GET", "/metrics", headers=internal_headers(), port=port)
                self.assertEqual(as_service.status, 401, as_service)
                right = call_api("GET", "/metrics", headers=metrics_headers(), port=port)
                self.assertEqual(right.status, 200, right)
                self.assertIn(b"http_requests_total", right.body)


class ThroughTheGateway(unittest.TestCase):
    def test_the_signed_identity_reaches_every_service(self):
        token = Course.owner["token"]
        for path in (Course.gradebook(), Course.exams(), "/notifications"):
            with self.subTest(path=path):
                r = call("GET", path, token=token)
                self.assertEqual(r.status, 200, r)
                self.assertIsNone(r.headers.get("X-Auth-Signature"), "never shown to a client")

    def test_identity_headers_a_client_sends_are_ignored(self):
        student = Course.student
        forged = {**forged_admin(), "X-Auth-User": Course.owner["id"],
                  "X-Auth-Signature": identity_headers(as_identity(Course.owner))[
                      "X-Auth-Signature"]}
        me = call("GET", "/api/me", token=student["token"], headers=forged)
        self.assertEqual(me.status, 200, me)
        self.assertEqual(me.json()["id"], student["id"])
        r = call("GET", Course.gradebook(), token=student["token"], headers=forged)
        self.assertEqual(r.status, 403, r)
        self.assertEqual(call("GET", Course.gradebook(), headers=forged).status, 401)


class Startup(unittest.TestCase):
    def start_without(self, variable: str) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CLASSROOM_")}
        env.update({"CLASSROOM_HTTP_PORT": "0",
                    "CLASSROOM_REDIS_URL": f"redis://127.0.0.1:{Stack.port('redis')}",
                    "CLASSROOM_IDENTITY_KEY": Stack.identity_key(),
                    "CLASSROOM_INTERNAL_TOKEN": Stack.internal_token()})
        del env[variable]
        return subprocess.run([str(BUILD_DIR / "services/notify/classroom-notify")], env=env,
                              capture_output=True, text=True, timeout=30)

    def test_a_service_refuses_to_start_without_its_keys(self):
        for variable in ("CLASSROOM_IDENTITY_KEY", "CLASSROOM_INTERNAL_TOKEN"):
            with self.subTest(variable=variable):
                done = self.start_without(variable)
                self.assertEqual(done.returncode, 1, done)
                self.assertIn(f"{variable} is not set", done.stdout + done.stderr)


if __name__ == "__main__":
    unittest.main()
