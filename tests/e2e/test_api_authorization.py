"""End-to-end: the api service's authorization matrix (DESIGN.md, "Roles and
authorization": every endpoint with every kind of caller).

One course holds the cast: its owner, a teacher (joined by an accepted
invitation), a student and another student (joined by code). Next to them stand
an outsider (registered, not a member), an administrator (made with
`classroom-auth create-admin`) and anonymous (no token). TABLE gives, for every
route that `classroom-api routes` prints, the status each of them must get; the
first test fails when a route has no row or a row names a route that is gone.

Expectations come from docs/api.md ("Who may do what" and the sections on each
resource) and API.md. Where they are silent the handler code decided; those
rows say so in their note. Requests that change something act on fresh
resources (a fresh course with the same cast, a fresh submission, ...), so the
order in which rows and callers run does not matter.

The internal route is called straight on the api's port with no identity and
the stack's service credential, as exams and notify call it; it answers 200 for
a member and 404 otherwise (the path's user is the caller's own id). Without
the credential, or with another one, it answers 401 to everyone
(InternalCredential); the gateway does not route it at all.
"""
from __future__ import annotations

import json
import secrets
import unittest
import uuid

from matrix import (PROBLEM, E, Row, cast_course, check_every_route_has_a_row,
                    check_every_status, expect, register_cast, unique)
from support import (INTERNAL_TOKEN_HEADER, Stack, call, call_api,
                     create_course, internal_headers, new_email, register, start_component,
                     stop_component, wait_until, setUpModule, tearDownModule)  # noqa: F401



def wait_for_profile(user: dict) -> None:
    """Waits until the api holds the user's profile (from the `user.registered` event).

    GET /api/users/{own id} does not create the profile, so nothing here races
    the event's insertion of it.
    """
    def known():
        r = call("GET", f"/api/users/{user['id']}", token=user["token"])
        return r.status == 200 and r.json()["displayName"] == user["displayName"]

    wait_until(known, what=f"the api profile of {user['email']}")


class World:
    """The cast, one shared course and the resources the rows act on."""

    def __init__(self) -> None:
        self.users = register_cast()
        for user in self.users.values():
            wait_for_profile(user)
        self.course = self.new_course()
        c = self.cpath()
        owner, student = self.users["owner"], self.users["student"]
        self.topic = expect(call("POST", f"{c}/topics", {"name": "Unit 1"}, token=owner["token"]),
                            201, "topic")
        self.post = expect(call("POST", f"{c}/announcements", {"text": "Hello class"},
                                token=student["token"]), 201, "announcement")
        self.comment = expect(call("POST", f"{c}/announcements/{self.post['id']}/comments",
                                   {"text": "First"}, token=student["token"]), 201, "comment")
        self.cw = self.new_assignment(topicId=self.topic["id"])
        self.cw_draft = expect(call("POST", f"{c}/coursework",
                                    {"title": "Draft", "workType": "ASSIGNMENT", "maxPoints": 10},
                                    token=owner["token"]), 201, "draft")
        self.cw_for_student = self.new_assignment(assignees=[student["id"]])
        self.cw_comment = expect(call("POST", f"{c}/coursework/{self.cw['id']}/comments",
                                      {"text": "A question"}, token=student["token"]), 201,
                                 "coursework comment")
        self.sub = self.submission_of(self.cw)
        # Addressed to an address no account has: nobody in the cast is its invitee.
        self.invitation = expect(call("POST", f"{c}/invitations",
                                      {"email": new_email(), "role": "student"},
                                      token=owner["token"]), 201, "invitation")

    # -- the cast ------------------------------------------------------------------

    def token(self, caller: str) -> str | None:
        return None if caller == "anonymous" else self.users[caller]["token"]

    def id_of(self, caller: str) -> str:
        return str(uuid.uuid4()) if caller == "anonymous" else self.users[caller]["id"]

    def new_course(self, archived: bool = False) -> dict:
        """A course of the cast (matrix.cast_course), archived if asked."""
        course = cast_course(self.users)
        owner = self.users["owner"]
        if archived:
            expect(call("POST", f"/api/courses/{course['id']}/archive", token=owner["token"]),
                   200, "archive")
        return course

    # -- resources in the shared course ----------------------------------------------

    def cpath(self, course: dict | None = None) -> str:
        return f"/api/courses/{(course or self.course)['id']}"

    def new_assignment(self, **fields) -> dict:
        body = {"title": f"Assignment {uuid.uuid4().hex[:6]}", "workType": "ASSIGNMENT",
                "maxPoints": 10, "state": "PUBLISHED", **fields}
        return expect(call("POST", f"{self.cpath()}/coursework", body,
                           token=self.users["owner"]["token"]), 201, "assignment")

    def submission_of(self, cw: dict, student: str = "student") -> dict:
        r = call("GET", f"{self.cpath()}/coursework/{cw['id']}/submissions",
                 token=self.users[student]["token"])
        items = expect(r, 200, "own submissions")["items"]
        assert len(items) == 1, items
        return items[0]

    def sub_path(self, sub: dict, rest: str = "") -> str:
        return f"{self.cpath()}/coursework/{sub['courseworkId']}/submissions/{sub['id']}{rest}"

    def fresh_submission(self, turned_in: bool = False) -> dict:
        """The student's NEW (or TURNED_IN) submission of a fresh assignment."""
        sub = self.submission_of(self.new_assignment())
        if turned_in:
            expect(call("POST", self.sub_path(sub, "/turn-in"),
                        token=self.users["student"]["token"]), 200, "turn in")
        return sub

    def fresh_post(self) -> dict:
        return expect(call("POST", f"{self.cpath()}/announcements", {"text": "To delete"},
                           token=self.users["student"]["token"]), 201, "announcement")

    def fresh_comment(self, on_coursework: bool) -> str:
        """The path of a fresh comment by the student."""
        thread = (f"{self.cpath()}/coursework/{self.cw['id']}/comments" if on_coursework
                  else f"{self.cpath()}/announcements/{self.post['id']}/comments")
        comment = expect(call("POST", thread, {"text": "To delete"},
                              token=self.users["student"]["token"]), 201, "comment")
        return f"{thread}/{comment['id']}"

    def fresh_topic(self) -> dict:
        return expect(call("POST", f"{self.cpath()}/topics", {"name": unique("Topic")},
                           token=self.users["owner"]["token"]), 201, "topic")

    def invitation_to_outsider(self) -> str:
        """The id of a pending invitation of the outsider to a fresh course."""
        course = self.new_course()
        inv = expect(call("POST", f"{self.cpath(course)}/invitations",
                          {"email": self.users["outsider"]["email"], "role": "student"},
                          token=self.users["owner"]["token"]), 201, "invitation")
        return inv["id"]


C = World.cpath

# The matrix. Columns: anonymous, outsider, student, other_student, teacher, owner, admin.
# "(code)" in a variant: docs/api.md and API.md are silent and the handler decided.
TABLE: list[Row] = [
    # Profiles.
    Row("GET /api/me", "", E(401, 200, 200, 200, 200, 200, 200),
        lambda w, c: ("/api/me", None)),
    Row("PATCH /api/me", "the caller's own name again", E(401, 200, 200, 200, 200, 200, 200),
        lambda w, c: ("/api/me", {"displayName": w.users.get(c, {}).get("displayName", "X")})),
    Row("GET /api/users/{id}", "the student: shares a course with members",
        E(401, 404, 200, 200, 200, 200, 200),
        lambda w, c: (f"/api/users/{w.users['student']['id']}", None)),
    Row("GET /api/users/{id}", "the outsider: shares no course; oneself (code) and admins see it",
        E(401, 200, 404, 404, 404, 404, 200),
        lambda w, c: (f"/api/users/{w.users['outsider']['id']}", None)),
    # Courses.
    Row("POST /api/courses", "anyone may create a course", E(401, 201, 201, 201, 201, 201, 201),
        lambda w, c: ("/api/courses", {"name": unique("Course")})),
    Row("GET /api/courses", "the caller's own courses", E(401, 200, 200, 200, 200, 200, 200),
        lambda w, c: ("/api/courses", None)),
    Row("GET /api/courses/{id}", "", E(401, 404, 200, 200, 200, 200, 200),
        lambda w, c: (C(w), None)),
    Row("PATCH /api/courses/{id}", "teachers", E(401, 404, 403, 403, 200, 200, 403),
        lambda w, c: (C(w), {"room": "B12"})),
    Row("DELETE /api/courses/{id}", "a fresh archived course; the owner",
        E(401, 404, 403, 403, 403, 204, 403),
        lambda w, c: (C(w, w.new_course(archived=True)), None)),
    Row("POST /api/courses/{id}/archive", "a fresh course; the owner",
        E(401, 404, 403, 403, 403, 200, 403),
        lambda w, c: (C(w, w.new_course()) + "/archive", None)),
    Row("POST /api/courses/{id}/unarchive", "a fresh archived course; the owner",
        E(401, 404, 403, 403, 403, 200, 403),
        lambda w, c: (C(w, w.new_course(archived=True)) + "/unarchive", None)),
    Row("POST /api/courses/{id}/join-code", "a fresh course; teachers (code: teachers)",
        E(401, 404, 403, 403, 200, 200, 403),
        lambda w, c: (C(w, w.new_course()) + "/join-code", None)),
    Row("DELETE /api/courses/{id}/join-code", "a fresh course; teachers (code: teachers)",
        E(401, 404, 403, 403, 200, 200, 403),
        lambda w, c: (C(w, w.new_course()) + "/join-code", None)),
    Row("POST /api/courses/join", "a fresh course's code; members 409, "
        "an admin joins like anyone (code)",
        E(401, 200, 409, 409, 409, 409, 200),
        lambda w, c: ("/api/courses/join", {"code": w.new_course()["joinCode"]})),
    # Members.
    Row("GET /api/courses/{id}/members", "", E(401, 404, 200, 200, 200, 200, 200),
        lambda w, c: (C(w) + "/members", None)),
    Row("DELETE /api/courses/{id}/members/{userId}", "a fresh course; the student: teachers",
        E(401, 404, 403, 403, 204, 204, 403),
        lambda w, c: (C(w, w.new_course()) + f"/members/{w.users['student']['id']}", None)),
    Row("DELETE /api/courses/{id}/members/{userId}", "a fresh course; the teacher: the owner",
        E(401, 404, 403, 403, 403, 204, 403),
        lambda w, c: (C(w, w.new_course()) + f"/members/{w.users['teacher']['id']}", None)),
    Row("POST /api/courses/{id}/leave", "a fresh course; anyone but the owner (409)",
        E(401, 404, 204, 204, 204, 409, 403),
        lambda w, c: (C(w, w.new_course()) + "/leave", None)),
    # Invitations.
    Row("POST /api/courses/{id}/invitations", "a student: teachers invite",
        E(401, 404, 403, 403, 201, 201, 403),
        lambda w, c: (C(w) + "/invitations", {"email": new_email(), "role": "student"})),
    Row("POST /api/courses/{id}/invitations", "a teacher: only the owner invites",
        E(401, 404, 403, 403, 403, 201, 403),
        lambda w, c: (C(w) + "/invitations", {"email": new_email(), "role": "teacher"})),
    Row("GET /api/invitations", "the caller's own, once their address is verified (the "
        "outsider and the teacher; the others 403)", E(401, 200, 403, 403, 200, 403, 403),
        lambda w, c: ("/api/invitations", None)),
    Row("POST /api/invitations/{id}/accept", "to the outsider, in a fresh course: the invitee; "
        "teachers see it but do not answer it (403, code); anyone else 404",
        E(401, 200, 404, 404, 403, 403, 404),
        lambda w, c: (f"/api/invitations/{w.invitation_to_outsider()}/accept", None)),
    Row("POST /api/invitations/{id}/accept", "to an address with no account",
        E(401, 404, 404, 404, 403, 403, 404),
        lambda w, c: (f"/api/invitations/{w.invitation['id']}/accept", None)),
    Row("POST /api/invitations/{id}/decline", "to the outsider, in a fresh course: the invitee",
        E(401, 200, 404, 404, 403, 403, 404),
        lambda w, c: (f"/api/invitations/{w.invitation_to_outsider()}/decline", None)),
    Row("DELETE /api/invitations/{id}", "to the outsider, in a fresh course: teachers withdraw "
        "(code: 200 with the WITHDRAWN invitation); the invitee sees it (403)",
        E(401, 403, 404, 404, 200, 200, 404),
        lambda w, c: (f"/api/invitations/{w.invitation_to_outsider()}", None)),
    # Stream: announcements and their comments.
    Row("POST /api/courses/{id}/announcements", "any member; admins do not post",
        E(401, 404, 201, 201, 201, 201, 403),
        lambda w, c: (C(w) + "/announcements", {"text": "News"})),
    Row("GET /api/courses/{id}/announcements", "", E(401, 404, 200, 200, 200, 200, 200),
        lambda w, c: (C(w) + "/announcements", None)),
    Row("GET /api/courses/{id}/announcements/{postId}", "", E(401, 404, 200, 200, 200, 200, 200),
        lambda w, c: (C(w) + f"/announcements/{w.post['id']}", None)),
    Row("PATCH /api/courses/{id}/announcements/{postId}", "the student's: the author or teachers",
        E(401, 404, 200, 403, 200, 200, 403),
        lambda w, c: (C(w) + f"/announcements/{w.post['id']}", {"text": "Hello class!"})),
    Row("DELETE /api/courses/{id}/announcements/{postId}",
        "a fresh one of the student's: the author or teachers",
        E(401, 404, 204, 403, 204, 204, 403),
        lambda w, c: (C(w) + f"/announcements/{w.fresh_post()['id']}", None)),
    Row("POST /api/courses/{id}/announcements/{postId}/comments", "any member",
        E(401, 404, 201, 201, 201, 201, 403),
        lambda w, c: (C(w) + f"/announcements/{w.post['id']}/comments", {"text": "Reply"})),
    Row("GET /api/courses/{id}/announcements/{postId}/comments", "",
        E(401, 404, 200, 200, 200, 200, 200),
        lambda w, c: (C(w) + f"/announcements/{w.post['id']}/comments", None)),
    Row("DELETE /api/courses/{id}/announcements/{postId}/comments/{commentId}",
        "a fresh one of the student's: the author or teachers",
        E(401, 404, 204, 403, 204, 204, 403),
        lambda w, c: (w.fresh_comment(on_coursework=False), None)),
    # Stream: comments on coursework.
    Row("POST /api/courses/{id}/coursework/{cwId}/comments", "work given to all students",
        E(401, 404, 201, 201, 201, 201, 403),
        lambda w, c: (C(w) + f"/coursework/{w.cw['id']}/comments", {"text": "Question"})),
    Row("POST /api/courses/{id}/coursework/{cwId}/comments", "work given to the student only",
        E(401, 404, 201, 404, 201, 201, 403),
        lambda w, c: (C(w) + f"/coursework/{w.cw_for_student['id']}/comments", {"text": "Q"})),
    Row("GET /api/courses/{id}/coursework/{cwId}/comments", "work given to all students",
        E(401, 404, 200, 200, 200, 200, 200),
        lambda w, c: (C(w) + f"/coursework/{w.cw['id']}/comments", None)),
    Row("DELETE /api/courses/{id}/coursework/{cwId}/comments/{commentId}",
        "a fresh one of the student's: the author or teachers",
        E(401, 404, 204, 403, 204, 204, 403),
        lambda w, c: (w.fresh_comment(on_coursework=True), None)),
    # Topics.
    Row("POST /api/courses/{id}/topics", "teachers", E(401, 404, 403, 403, 201, 201, 403),
        lambda w, c: (C(w) + "/topics", {"name": unique("Topic")})),
    Row("GET /api/courses/{id}/topics", "", E(401, 404, 200, 200, 200, 200, 200),
        lambda w, c: (C(w) + "/topics", None)),
    Row("PATCH /api/courses/{id}/topics/{topicId}", "teachers",
        E(401, 404, 403, 403, 200, 200, 403),
        lambda w, c: (C(w) + f"/topics/{w.topic['id']}", {"name": unique("Unit")})),
    Row("DELETE /api/courses/{id}/topics/{topicId}", "a fresh topic; teachers",
        E(401, 404, 403, 403, 204, 204, 403),
        lambda w, c: (C(w) + f"/topics/{w.fresh_topic()['id']}", None)),
    # Coursework.
    Row("POST /api/courses/{id}/coursework", "teachers", E(401, 404, 403, 403, 201, 201, 403),
        lambda w, c: (C(w) + "/coursework", {"title": unique("Work"), "workType": "ASSIGNMENT"})),
    Row("GET /api/courses/{id}/coursework", "", E(401, 404, 200, 200, 200, 200, 200),
        lambda w, c: (C(w) + "/coursework", None)),
    Row("GET /api/courses/{id}/coursework/{cwId}", "published, given to all students",
        E(401, 404, 200, 200, 200, 200, 200),
        lambda w, c: (C(w) + f"/coursework/{w.cw['id']}", None)),
    Row("GET /api/courses/{id}/coursework/{cwId}", "a draft: students do not see it",
        E(401, 404, 404, 404, 200, 200, 200),
        lambda w, c: (C(w) + f"/coursework/{w.cw_draft['id']}", None)),
    Row("GET /api/courses/{id}/coursework/{cwId}", "given to the student only",
        E(401, 404, 200, 404, 200, 200, 200),
        lambda w, c: (C(w) + f"/coursework/{w.cw_for_student['id']}", None)),
    Row("PATCH /api/courses/{id}/coursework/{cwId}", "published: teachers",
        E(401, 404, 403, 403, 200, 200, 403),
        lambda w, c: (C(w) + f"/coursework/{w.cw['id']}", {"description": "Read chapter 1"})),
    Row("PATCH /api/courses/{id}/coursework/{cwId}", "a draft: students do not see it",
        E(401, 404, 404, 404, 200, 200, 403),
        lambda w, c: (C(w) + f"/coursework/{w.cw_draft['id']}", {"description": "Soon"})),
    Row("DELETE /api/courses/{id}/coursework/{cwId}", "fresh, published: teachers",
        E(401, 404, 403, 403, 204, 204, 403),
        lambda w, c: (C(w) + f"/coursework/{w.new_assignment()['id']}", None)),
    # Submissions and grades. The submission is the student's: other_student gets 404.
    Row("GET /api/courses/{id}/coursework/{cwId}/submissions", "a student: their own",
        E(401, 404, 200, 200, 200, 200, 200),
        lambda w, c: (C(w) + f"/coursework/{w.cw['id']}/submissions", None)),
    Row("GET /api/courses/{id}/coursework/{cwId}/submissions/{subId}", "",
        E(401, 404, 200, 404, 200, 200, 200),
        lambda w, c: (w.sub_path(w.sub), None)),
    Row("PATCH /api/courses/{id}/coursework/{cwId}/submissions/{subId}",
        "a fresh one, {text}: the student edits; teachers 403 (general rule, code)",
        E(401, 404, 200, 404, 403, 403, 403),
        lambda w, c: (w.sub_path(w.fresh_submission()), {"text": "My essay"})),
    Row("PATCH /api/courses/{id}/coursework/{cwId}/submissions/{subId}",
        "{draftGrade}: teachers grade; the student 403 (general rule, code)",
        E(401, 404, 403, 404, 200, 200, 403),
        lambda w, c: (w.sub_path(w.sub), {"draftGrade": 5})),
    Row("POST /api/courses/{id}/coursework/{cwId}/submissions/{subId}/turn-in",
        "a fresh NEW one: the student; a teacher turning in for a student is 403 (docs/api.md)",
        E(401, 404, 200, 404, 403, 403, 403),
        lambda w, c: (w.sub_path(w.fresh_submission(), "/turn-in"), None)),
    Row("POST /api/courses/{id}/coursework/{cwId}/submissions/{subId}/reclaim",
        "a fresh TURNED_IN one: the student; teachers 403 (general rule, code)",
        E(401, 404, 200, 404, 403, 403, 403),
        lambda w, c: (w.sub_path(w.fresh_submission(turned_in=True), "/reclaim"), None)),
    Row("POST /api/courses/{id}/coursework/{cwId}/submissions/{subId}/return",
        "a fresh TURNED_IN one: teachers; the student 403 (general rule, code)",
        E(401, 404, 403, 404, 200, 200, 403),
        lambda w, c: (w.sub_path(w.fresh_submission(turned_in=True), "/return"), None)),
    Row("POST /api/courses/{id}/coursework/{cwId}/grades",
        "the student's draft grade: teachers; students see the coursework, so 403 (code)",
        E(401, 404, 403, 403, 200, 200, 403),
        lambda w, c: (C(w) + f"/coursework/{w.cw['id']}/grades",
                      {"grades": [{"studentId": w.users["student"]["id"], "draftGrade": 6}]})),
    # Gradebook and progress.
    Row("GET /api/courses/{id}/gradebook", "teachers and admins",
        E(401, 404, 403, 403, 200, 200, 200),
        lambda w, c: (C(w) + "/gradebook", None)),
    Row("GET /api/courses/{id}/students/{userId}/progress", "the student's: another student 404",
        E(401, 404, 200, 404, 200, 200, 200),
        lambda w, c: (C(w) + f"/students/{w.users['student']['id']}/progress", None)),
    # Internal: straight to the api with the service credential, no identity; the
    # path's user is the caller.
    Row("GET /internal/courses/{id}/members/{userId}",
        "direct, the service credential, no identity: 200 for a member",
        E(404, 404, 200, 200, 200, 200, 404),
        lambda w, c: (f"/internal/courses/{w.course['id']}/members/{w.id_of(c)}", None)),
    Row("GET /internal/courses/{id}/students", "direct, the service credential: its students",
        E(200, 200, 200, 200, 200, 200, 200),
        lambda w, c: (f"/internal/courses/{w.course['id']}/students", None)),
    Row("GET /internal/courses/{id}", "direct, the service credential: the course exists",
        E(200, 200, 200, 200, 200, 200, 200),
        lambda w, c: (f"/internal/courses/{w.course['id']}", None)),
    Row("GET /internal/users/{id}", "direct, the service credential: every user's address",
        E(404, 200, 200, 200, 200, 200, 200),
        lambda w, c: (f"/internal/users/{w.id_of(c)}", None)),
]


class AuthorizationMatrix(unittest.TestCase):
    world: World

    @classmethod
    def setUpClass(cls) -> None:
        cls.world = World()

    def test_every_route_has_a_row_and_every_row_a_route(self):
        check_every_route_has_a_row(self, "api", TABLE)

    def test_every_caller_gets_the_expected_status(self):
        check_every_status(self, self.world, TABLE, self.send)

    def send(self, caller: str, method: str, path: str, body):
        """Internal routes straight to the api with the service credential, the rest as
        `caller` through the gateway."""
        if path.startswith("/internal/"):
            return call_api(method, path, headers=internal_headers())
        return call(method, path, body, token=self.world.token(caller))

    def test_the_gateway_does_not_route_internal_paths(self):
        """Not even with the service credential: the gateway answers a 404 problem itself."""
        w = self.world
        path = f"/internal/courses/{w.course['id']}/members/{w.users['student']['id']}"
        for caller in ("anonymous", "student", "admin"):
            for headers in ({}, internal_headers()):
                with self.subTest(caller=caller, credential=bool(headers)):
                    r = call("GET", path, token=w.token(caller), headers=headers)
                    self.assertEqual(r.status, 404, r)
                    self.assertEqual(r.headers.get("Content-Type"), PROBLEM, r)
                    self.assertEqual(r.json()["type"], "/problems/not-found", r)
                    self.assertNotIn(b'"role"', r.body)

    def test_the_matrix_changed_nothing_it_should_not_have(self):
        """The shared course's cast is intact: destructive rows acted on fresh resources."""
        w = self.world
        r = call("GET", f"{C(w)}/members", token=w.users["owner"]["token"])
        self.assertEqual(r.status, 200, r)
        roles = {m["userId"]: m["role"] for m in r.json()["items"]}
        self.assertEqual(roles, {w.users["owner"]["id"]: "owner",
                                 w.users["teacher"]["id"]: "teacher",
                                 w.users["student"]["id"]: "student",
                                 w.users["other_student"]["id"]: "student"})


class InternalCredential(unittest.TestCase):
    """The api's internal route asks for the stack's service credential (X-Internal-Token)."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.owner = register("Ivy Internal")
        cls.course = create_course(cls.owner)
        cls.path = f"/internal/courses/{cls.course['id']}/members/{cls.owner['id']}"

    def assert_refused(self, r) -> None:
        self.assertEqual(r.status, 401, r)
        self.assertEqual(r.headers.get("Content-Type"), PROBLEM, r)
        self.assertEqual(r.json()["type"], "/problems/unauthenticated", r)
        self.assertEqual(r.headers.get("WWW-Authenticate"), INTERNAL_TOKEN_HEADER, r)
        self.assertNotIn(b'"role"', r.body)

    def test_the_credential_gets_the_members_role(self):
        r = call_api("GET", self.path, headers=internal_headers())
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["role"], "owner", r)

    def test_a_call_without_the_credential_is_refused(self):
        owner = {"id": self.owner["id"], "email": self.owner["email"]}
        cases = {
            "nothing": {},
            "a user's identity headers, as the gateway sets them": {"identity": owner},
            "the credential as a bearer token": {
                "headers": {"Authorization": f"Bearer {Stack.internal_token()}"}},
        }
        for case, kwargs in cases.items():
            with self.subTest(case=case):
                self.assert_refused(call_api("GET", self.path, **kwargs))

    def test_a_wrong_credential_is_refused(self):
        right = Stack.internal_token()
        wrong = {
            "another stack's": secrets.token_urlsafe(32),
            "one character changed": right[:-1] + ("A" if right[-1] != "A" else "B"),
            "a prefix": right[:16],
            "one character more": right + "A",
            "empty": "",
        }
        for case, token in wrong.items():
            with self.subTest(case=case):
                self.assert_refused(call_api("GET", self.path, headers=internal_headers(token)))

    def test_a_restarted_api_keeps_the_stacks_credential(self):
        """A service restarted alone is given the token the others still hold."""
        stop_component("api")
        start_component("api")
        saved = json.loads((Stack.dir / "stack.json").read_text())
        self.assertEqual(saved["internalToken"], Stack.internal_token())
        r = call_api("GET", self.path, headers=internal_headers())
        self.assertEqual(r.status, 200, r)
        self.assert_refused(call_api("GET", self.path))


if __name__ == "__main__":
    unittest.main()
