"""End-to-end: the smaller gaps of issue 11, item 7, through the gateway.

- One text rule for every name and title: what auth refuses in a display name
  (control, direction and invisible characters), api and exams refuse too.
- Unknown list filters, and unknown values of them, are a 400 naming the
  parameter, in every service; never an unfiltered 200.
- `/auth/sessions` is paged like every list.
- A teacher's private draft grade changes neither the ETag nor the updatedAt
  that the student is shown of their submission.
"""
from __future__ import annotations

import unittest

from support import (PASSWORD, call, course_with_students, create_admin, from_now, new_email,
                     register, setUpModule, tearDownModule)  # noqa: F401

# One of each class of character the rule refuses, as JSON carries it.
REFUSED = {
    "a control character": "Ali\u0007ce",
    "a C1 control character": "Ali\u0085ce",
    "a right-to-left override": "Ali\u202ece",
    "a direction isolate": "Ali\u2066ce",
    "a zero-width space": "Ali\u200bce",
    "a byte order mark": "\ufeffAlice",
    "a soft hyphen": "Ali\u00adce",
}


def assert_problem(test: unittest.TestCase, r, status: int, field: str) -> dict:
    test.assertEqual(r.status, status, r)
    test.assertEqual(r.headers["Content-Type"], "application/problem+json", r)
    problem = r.json()
    test.assertIn(field, [e["field"] for e in problem.get("errors", [])], problem)
    return problem


class OneTextRule(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.course, cls.owner, (cls.student,) = course_with_students(1)
        cls.api = f"/api/courses/{cls.course['id']}"

    def test_api_refuses_in_a_display_name_what_auth_refuses(self):
        for what, name in REFUSED.items():
            with self.subTest(what):
                r = call("POST", "/auth/register", {"email": new_email(), "password": PASSWORD,
                                                    "displayName": name})
                assert_problem(self, r, 422, "displayName")
                r = call("PATCH", "/api/me", {"displayName": name}, token=self.student["token"])
                assert_problem(self, r, 422, "displayName")
        me = call("GET", "/api/me", token=self.student["token"]).json()
        self.assertEqual(me["displayName"], self.student["displayName"])

    def test_names_and_titles_refuse_invisible_and_direction_characters(self):
        token = self.owner["token"]
        for what, name in REFUSED.items():
            with self.subTest(what):
                assert_problem(self, call("POST", "/api/courses", {"name": name}, token=token),
                               422, "name")
                assert_problem(self, call("PATCH", self.api, {"room": name}, token=token),
                               422, "room")
                assert_problem(self, call("POST", f"{self.api}/topics", {"name": name},
                                          token=token), 422, "name")
                assert_problem(self, call("POST", f"{self.api}/coursework",
                                          {"title": name, "workType": "MATERIAL"}, token=token),
                               422, "title")
                assert_problem(self, call("POST", f"/exams/courses/{self.course['id']}/exams",
                                          {"title": name}, token=token), 422, "title")
        # Nothing was created by any of them.
        courses = call("GET", "/api/courses?role=owner", token=token).json()["items"]
        self.assertEqual([c["id"] for c in courses], [self.course["id"]])
        self.assertEqual(call("GET", f"{self.api}/topics", token=token).json()["items"], [])

    def test_a_name_is_one_line_but_a_description_may_have_several(self):
        token = register()["token"]
        assert_problem(self, call("POST", "/api/courses", {"name": "Physics\n101"}, token=token),
                       422, "name")
        description = "Week 1:\n\t- read chapter 1 \U0001F469\u200d\U0001F3EB"
        r = call("POST", "/api/courses", {"name": "\u00a0Physics 101 ",
                                          "description": description}, token=token)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["name"], "Physics 101")
        self.assertEqual(r.json()["description"], description)

    def test_long_texts_still_refuse_controls_and_direction_characters(self):
        token = self.owner["token"]
        for what in ("a control character", "a right-to-left override", "a zero-width space"):
            with self.subTest(what):
                text = f"Read {REFUSED[what]}'s notes"
                assert_problem(self, call("POST", f"{self.api}/announcements", {"text": text},
                                          token=token), 422, "text")
                assert_problem(self, call("PATCH", self.api, {"description": text}, token=token),
                               422, "description")
                question = {"type": "ESSAY", "prompt": text, "points": 1}
                r = call("POST", f"/exams/courses/{self.course['id']}/questions", question,
                         token=token)
                self.assertEqual(r.status, 422, r)
        posts = call("GET", f"{self.api}/announcements", token=token).json()["items"]
        self.assertEqual(posts, [])

    def test_a_students_work_refuses_direction_characters(self):
        r = call("POST", f"{self.api}/coursework",
                 {"title": "Essay", "workType": "ASSIGNMENT", "state": "PUBLISHED"},
                 token=self.owner["token"])
        self.assertEqual(r.status, 201, r)
        base = f"{self.api}/coursework/{r.json()['id']}/submissions"
        sub = call("GET", base, token=self.student["token"]).json()["items"][0]
        r = call("PATCH", f"{base}/{sub['id']}", {"text": "my \u202eessay"},
                 token=self.student["token"])
        assert_problem(self, r, 422, "text")
        r = call("PATCH", f"{base}/{sub['id']}",
                 {"links": [{"url": "https://example.org", "title": "notes\u200b"}]},
                 token=self.student["token"])
        assert_problem(self, r, 422, "links[0].title")


class ListFilters(unittest.TestCase):
    """Each list answers a parameter it does not take, or a value it does not know, with
    a 400 that names the parameter, instead of a list that is not filtered."""

    @classmethod
    def setUpClass(cls):
        cls.course, cls.owner, (cls.student,) = course_with_students(1)
        cls.api = f"/api/courses/{cls.course['id']}"
        r = call("POST", f"{cls.api}/coursework",
                 {"title": "Essay", "workType": "ASSIGNMENT", "state": "PUBLISHED"},
                 token=cls.owner["token"])
        assert r.status == 201, r
        cls.submissions = f"{cls.api}/coursework/{r.json()['id']}/submissions"
        r = call("POST", f"{cls.api}/announcements", {"text": "Welcome"}, token=cls.owner["token"])
        assert r.status == 201, r
        cls.comments = f"{cls.api}/announcements/{r.json()['id']}/comments"
        cls.exams = f"/exams/courses/{cls.course['id']}"
        r = call("POST", f"{cls.exams}/exams", {"title": "Quiz"}, token=cls.owner["token"])
        assert r.status == 201, r
        cls.exam = f"/exams/exams/{r.json()['id']}"

    def refused(self, path: str, field: str, token: str | None = None) -> dict:
        r = call("GET", path, token=token or self.owner["token"])
        return assert_problem(self, r, 400, field)

    def test_api_lists(self):
        for path, field in [(f"{self.api}/members?state=BOGUS", "state"),
                            (f"{self.api}/members?role=BOGUS", "role"),
                            (f"{self.api}/members?role=student&role=BOGUS", "role"),
                            (f"{self.api}/announcements?state=BOGUS", "state"),
                            (f"{self.comments}?state=BOGUS", "state"),
                            (f"{self.api}/topics?name=x", "name"),
                            ("/api/courses?role=BOGUS", "role"),
                            ("/api/courses?state=BOGUS", "state"),
                            ("/api/courses?sort=name", "sort"),
                            (f"{self.api}/coursework?topicId=nope", "topicId"),
                            (f"{self.api}/coursework?state=BOGUS", "state"),
                            (f"{self.api}/coursework?workType=MATERIAL", "workType"),
                            (f"{self.submissions}?state=BOGUS", "state"),
                            (f"{self.submissions}?late=maybe", "late"),
                            (f"{self.submissions}?studentId={self.student['id']}", "studentId"),
                            ("/api/invitations?state=BOGUS", "state")]:
            with self.subTest(path):
                self.refused(path, field)
        problem = self.refused(f"{self.api}/members?state=BOGUS", "state")
        self.assertIn("role, limit, cursor", problem["errors"][0]["message"])
        # What a list does take still works.
        r = call("GET", f"{self.api}/members?role=student&limit=1", token=self.owner["token"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual([m["userId"] for m in r.json()["items"]], [self.student["id"]])

    def test_exams_lists(self):
        for path, field in [(f"{self.exams}/exams?state=BOGUS", "state"),
                            (f"{self.exams}/exams?status=DRAFT", "status"),
                            (f"{self.exams}/questions?tags=algebra", "tags"),
                            (f"{self.exams}/accommodations?studentId=x", "studentId"),
                            (f"{self.exam}/overrides?state=BOGUS", "state"),
                            (f"{self.exam}/attempts?state=BOGUS", "state")]:
            with self.subTest(path):
                self.refused(path, field)
        r = call("GET", f"{self.exams}/exams?state=DRAFT", token=self.owner["token"])
        self.assertEqual(r.status, 200, r)

    def test_notify_and_auth_lists(self):
        self.refused("/notifications?unread=maybe", "unread", self.student["token"])
        self.refused("/notifications?read=false", "read", self.student["token"])
        self.refused("/auth/sessions?state=BOGUS", "state", self.student["token"])
        admin = create_admin()
        self.refused("/auth/users?role=admin", "role", admin["token"])
        r = call("GET", "/notifications?unread=true", token=self.student["token"])
        self.assertEqual(r.status, 200, r)


class SessionPages(unittest.TestCase):
    def sign_in(self, email: str) -> str:
        r = call("POST", "/auth/login", {"email": email, "password": PASSWORD})
        self.assertEqual(r.status, 200, r)
        return r.json()["token"]

    def test_sessions_are_paged_newest_first(self):
        user = register()
        tokens = [user["token"], self.sign_in(user["email"]), self.sign_in(user["email"])]
        r = call("GET", "/auth/sessions?limit=2", token=tokens[-1])
        self.assertEqual(r.status, 200, r)
        first = r.json()
        self.assertEqual(len(first["items"]), 2)
        self.assertTrue(first["items"][0]["current"], first)  # the newest is this one
        self.assertIsNotNone(first["nextCursor"])
        link = r.headers["Link"]
        self.assertIn(f"cursor={first['nextCursor']}", link)
        self.assertIn("limit=2", link)

        r = call("GET", f"/auth/sessions?limit=2&cursor={first['nextCursor']}", token=tokens[-1])
        self.assertEqual(r.status, 200, r)
        second = r.json()
        self.assertEqual(len(second["items"]), 1)
        self.assertIsNone(second["nextCursor"])
        self.assertIsNone(r.headers["Link"])
        ids = [s["id"] for s in first["items"] + second["items"]]
        self.assertEqual(len(set(ids)), 3)
        self.assertEqual(ids, sorted(ids, reverse=True))  # UUIDv7: newest first

        everything = call("GET", "/auth/sessions", token=tokens[-1]).json()
        self.assertEqual([s["id"] for s in everything["items"]], ids)

    def test_a_limit_beyond_two_hundred_or_a_foreign_cursor_is_refused(self):
        user = register()
        assert_problem(self, call("GET", "/auth/sessions?limit=500", token=user["token"]),
                       400, "limit")
        assert_problem(self, call("GET", "/auth/sessions?limit=0", token=user["token"]),
                       400, "limit")
        assert_problem(self, call("GET", "/auth/sessions?cursor=42", token=user["token"]),
                       400, "cursor")


class DraftGradeStaysPrivate(unittest.TestCase):
    def setUp(self):
        self.course, self.owner, (self.student,) = course_with_students(1)
        base = f"/api/courses/{self.course['id']}/coursework"
        r = call("POST", base, {"title": "Essay", "workType": "ASSIGNMENT", "maxPoints": 10,
                                "state": "PUBLISHED", "dueAt": from_now(days=3)},
                 token=self.owner["token"])
        self.assertEqual(r.status, 201, r)
        self.list = f"{base}/{r.json()['id']}/submissions"
        sub = call("GET", self.list, token=self.student["token"]).json()["items"][0]
        self.path = f"{self.list}/{sub['id']}"

    def get(self, user: dict):
        r = call("GET", self.path, token=user["token"])
        self.assertEqual(r.status, 200, r)
        return r

    def listed(self, user: dict) -> dict:
        r = call("GET", self.list, token=user["token"])
        self.assertEqual(r.status, 200, r)
        return r.json()["items"][0]

    def test_a_draft_grade_changes_nothing_the_student_sees(self):
        student_before = self.get(self.student)
        listed_before = self.listed(self.student)
        teacher_before = self.get(self.owner)

        r = call("PATCH", self.path, {"draftGrade": 7.5}, token=self.owner["token"],
                 headers={"If-Match": teacher_before.headers["ETag"]})
        self.assertEqual(r.status, 200, r)

        student_after = self.get(self.student)
        self.assertEqual(student_after.headers["ETag"], student_before.headers["ETag"])
        self.assertEqual(student_after.json(), student_before.json())
        self.assertNotIn("draftGrade", student_after.json())
        self.assertEqual(self.listed(self.student), listed_before)

        teacher_after = self.get(self.owner)
        self.assertNotEqual(teacher_after.headers["ETag"], teacher_before.headers["ETag"])
        self.assertEqual(teacher_after.json()["draftGrade"], 7.5)

        # The student's own edit with the ETag they hold is not a conflict.
        r = call("PATCH", self.path, {"text": "my essay"}, token=self.student["token"],
                 headers={"If-Match": student_before.headers["ETag"]})
        self.assertEqual(r.status, 200, r)
        self.assertNotEqual(r.headers["ETag"], student_before.headers["ETag"])
        self.assertNotEqual(r.json()["updatedAt"], student_before.json()["updatedAt"])
        # ...and the teacher's old one now is.
        r = call("PATCH", self.path, {"draftGrade": 8}, token=self.owner["token"],
                 headers={"If-Match": teacher_after.headers["ETag"]})
        self.assertEqual(r.status, 412, r)
        self.assertEqual(self.get(self.owner).json()["draftGrade"], 7.5)
        self.assertEqual(self.get(self.owner).json()["text"], "my essay")

    def test_a_returned_grade_is_a_change_the_student_sees(self):
        before = self.get(self.student)
        for method, step, body, user in (("POST", "/turn-in", None, self.student),
                                         ("PATCH", "", {"draftGrade": 9}, self.owner),
                                         ("POST", "/return", None, self.owner)):
            r = call(method, self.path + step, body, token=user["token"])
            self.assertEqual(r.status, 200, r)
        after = self.get(self.student)
        self.assertNotEqual(after.headers["ETag"], before.headers["ETag"])
        self.assertEqual(after.json()["assignedGrade"], 9)


if __name__ == "__main__":
    unittest.main()
