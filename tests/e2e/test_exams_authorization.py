"""End-to-end: the exams service's authorization matrix (DESIGN.md, "Roles and
authorization": every endpoint with every kind of caller).

One course holds the cast: its owner, a teacher (joined by an accepted
invitation), a student and another student (joined by code). Next to them stand
an outsider (registered, not a member), an administrator (made with
`classroom-auth create-admin`) and anonymous (no token). TABLE gives, for every
route that `classroom-exams routes` prints, the status each of them must get;
the first test fails when a route has no row or a row names a route that is
gone. A new route is one more Row.

Expectations come from API.md ("exams"), DESIGN.md and docs/decisions.md
("Exams"); where they are silent the handlers decided, and those rows say
"(code)". Administrators read everything (keys included) but neither author
nor take exams: 403 wherever they could read the resource. Requests that change
something act on fresh resources (a fresh exam, a fresh attempt, ...), so the
order in which rows and callers run does not matter.

Beyond status codes, the visibility rules: a student's view of an exam or an
attempt never carries a key field, another student's attempt is unseen (404)
and missing from lists, and drafts do not exist for students.
"""
from __future__ import annotations

import unittest
import uuid

from matrix import (E, Row, cast_course, check_every_route_has_a_row, check_every_status,
                    expect, register_cast, unique)
from support import (call, from_now, setUpModule,
                     tearDownModule)  # noqa: F401

KEY_FIELDS = {"correct", "accepted", "pattern", "caseSensitive", "value", "tolerance"}

# Every question type, every key field among them.
QUESTIONS = [
    {"type": "SINGLE_CHOICE", "prompt": "2 + 2 = ?", "points": 2,
     "options": [{"id": "a", "text": "3"}, {"id": "b", "text": "4"}], "correct": "b"},
    {"type": "MULTIPLE_CHOICE", "prompt": "Primes?", "points": 2, "scoring": "PARTIAL",
     "options": [{"id": "a", "text": "2"}, {"id": "b", "text": "4"}, {"id": "c", "text": "5"}],
     "correct": ["a", "c"]},
    {"type": "TRUE_FALSE", "prompt": "The earth is flat.", "points": 1, "correct": False},
    {"type": "SHORT_TEXT", "prompt": "Capital of France?", "points": 1, "accepted": ["Paris"],
     "caseSensitive": True, "pattern": "^[Pp]aris$"},
    {"type": "NUMERIC", "prompt": "Pi to two decimals?", "points": 1, "value": 3.14,
     "tolerance": 0.005},
    {"type": "MATCHING", "prompt": "Match.", "points": 2,
     "prompts": [{"id": "p1", "text": "France"}, {"id": "p2", "text": "Italy"}],
     "choices": [{"id": "c1", "text": "Paris"}, {"id": "c2", "text": "Rome"}],
     "correct": {"p1": "c1", "p2": "c2"}},
    {"type": "ORDERING", "prompt": "Smallest first.", "points": 1,
     "items": [{"id": "i1", "text": "1"}, {"id": "i2", "text": "2"}, {"id": "i3", "text": "3"}],
     "correct": ["i1", "i2", "i3"]},
    {"type": "ESSAY", "prompt": "Explain why.", "points": 5, "maxWords": 200},
]


def names_in(value) -> set[str]:
    """Every member name of every object inside `value`."""
    if isinstance(value, dict):
        return set(value).union(*(names_in(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(names_in(v) for v in value))
    return set()


class World:
    """The cast, one shared course and the resources the rows act on."""

    def __init__(self) -> None:
        self.users = register_cast()
        self.course = self.new_course()
        self.bank_question = self.new_bank_question()
        # Results released by hand and never here: a student's views hold no score either.
        self.exam = self.new_exam(published=True, resultRelease="MANUAL")
        self.draft = self.new_exam()
        self.closed = self.new_exam(published=True)
        expect(call("POST", f"/exams/exams/{self.closed['id']}/close", token=self.owner_token()),
               200, "close")
        self.attempt = self.start(self.exam, "student")
        self.other_attempt = self.start(self.exam, "other_student")
        self.seq = 0
        # The student's adjustments, read by the rows; writes act on the other student's.
        expect(call("PUT", self.accommodation_path("student"), ACCOMMODATION,
                    token=self.owner_token()), 201, "accommodation")
        expect(call("PUT", self.override_path("student"), OVERRIDE, token=self.owner_token()),
               201, "override")

    # -- the cast ------------------------------------------------------------------

    def token(self, caller: str) -> str | None:
        return None if caller == "anonymous" else self.users[caller]["token"]

    def owner_token(self) -> str:
        return self.users["owner"]["token"]

    def new_course(self) -> dict:
        """A course of the cast (matrix.cast_course)."""
        return cast_course(self.users)

    # -- resources in the shared course ----------------------------------------------

    def cpath(self) -> str:
        return f"/exams/courses/{self.course['id']}"

    def new_exam(self, published: bool = False, **fields) -> dict:
        body = {"title": unique("Exam"), "closesAt": from_now(days=1), "maxAttempts": 1,
                "sections": [{"title": "All", "questions": QUESTIONS}], **fields}
        exam = expect(call("POST", f"{self.cpath()}/exams", body, token=self.owner_token()), 201,
                      "exam")
        if published:
            exam = expect(call("POST", f"/exams/exams/{exam['id']}/publish",
                               token=self.owner_token()), 200, "publish")
        return exam

    def new_bank_question(self) -> dict:
        body = {**QUESTIONS[0], "tags": ["arithmetic"]}
        return expect(call("POST", f"{self.cpath()}/questions", body, token=self.owner_token()),
                      201, "bank question")

    def start(self, exam: dict, student: str = "student") -> dict:
        r = call("POST", f"/exams/exams/{exam['id']}/attempts", token=self.users[student]["token"])
        return expect(r, 201, f"{student} starts")

    def fresh_attempt(self) -> dict:
        """The student's attempt in progress at a fresh published exam."""
        return self.start(self.new_exam(published=True))

    def answer_path(self, attempt: dict, qtype: str = "SINGLE_CHOICE") -> str:
        question = next(q for q in attempt["questions"] if q["type"] == qtype)
        return f"/exams/attempts/{attempt['id']}/answers/{question['id']}"

    def submitted_attempt(self) -> dict:
        """The student's attempt at a fresh published exam, submitted."""
        attempt = self.fresh_attempt()
        r = call("POST", f"/exams/attempts/{attempt['id']}/submit",
                 token=self.users["student"]["token"])
        return expect(r, 200, "submit")

    def accommodation_path(self, student: str) -> str:
        return f"{self.cpath()}/accommodations/{self.users[student]['id']}"

    def override_path(self, student: str) -> str:
        return f"/exams/exams/{self.exam['id']}/overrides/{self.users[student]['id']}"

    def fresh(self, path: str, body: dict) -> str:
        """`path` PUT by the owner (again), so that a DELETE row has something to delete."""
        r = call("PUT", path, body, token=self.owner_token())
        assert r.status in (200, 201), r
        return path

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq


ACCOMMODATION = {"timeMultiplier": 1.5, "extraMinutes": 10, "extendPastClose": False}
OVERRIDE = {"maxAttempts": 2}


C = World.cpath
EXAM = "/exams/exams/"
UNSEEN = E(401, 404, 404, 404, 404, 404, 404)
NO_COURSE = "a course that does not exist: absent to everyone, admins included"
NOT_AN_ID = "not an id: absent to everyone, never a 500"
# Administrators see every course that exists (api's GET /internal/courses/{id}), no other.
NO_COURSE_FOR_ADMINS = NO_COURSE
NOT_AN_ID_FOR_ADMINS = NOT_AN_ID

# The matrix. Columns: anonymous, outsider, student, other_student, teacher, owner, admin.
# "(code)": API.md and docs/decisions.md are silent and the handler decided.
TABLE: list[Row] = [
    # Exams.
    Row("POST /exams/courses/{courseId}/exams", "teachers author",
        E(401, 404, 403, 403, 201, 201, 403),
        lambda w, c: (C(w) + "/exams", {"title": unique("Exam")})),
    Row("GET /exams/courses/{courseId}/exams", "members and admins",
        E(401, 404, 200, 200, 200, 200, 200),
        lambda w, c: (C(w) + "/exams", None)),
    Row("GET /exams/courses/{courseId}/exams", "?state=DRAFT: students get an empty list",
        E(401, 404, 200, 200, 200, 200, 200),
        lambda w, c: (C(w) + "/exams?state=DRAFT", None)),
    Row("POST /exams/courses/{courseId}/exams", NO_COURSE_FOR_ADMINS, UNSEEN,
        lambda w, c: (f"/exams/courses/{uuid.uuid4()}/exams", {"title": unique("Exam")})),
    Row("POST /exams/courses/{courseId}/exams", NOT_AN_ID_FOR_ADMINS, UNSEEN,
        lambda w, c: ("/exams/courses/not-an-id/exams", {"title": unique("Exam")})),
    Row("GET /exams/courses/{courseId}/exams", NO_COURSE_FOR_ADMINS, UNSEEN,
        lambda w, c: (f"/exams/courses/{uuid.uuid4()}/exams", None)),
    Row("GET /exams/courses/{courseId}/exams", NOT_AN_ID_FOR_ADMINS, UNSEEN,
        lambda w, c: ("/exams/courses/not-an-id/exams", None)),
    Row("GET /exams/exams/{examId}", "published", E(401, 404, 200, 200, 200, 200, 200),
        lambda w, c: (EXAM + w.exam["id"], None)),
    Row("GET /exams/exams/{examId}", "a draft: students do not see it",
        E(401, 404, 404, 404, 200, 200, 200),
        lambda w, c: (EXAM + w.draft["id"], None)),
    Row("GET /exams/exams/{examId}", "closed: students still see it",
        E(401, 404, 200, 200, 200, 200, 200),
        lambda w, c: (EXAM + w.closed["id"], None)),
    Row("GET /exams/exams/{examId}", "an exam that does not exist", UNSEEN,
        lambda w, c: (EXAM + str(uuid.uuid4()), None)),
    Row("GET /exams/exams/{examId}", NOT_AN_ID, UNSEEN,
        lambda w, c: (EXAM + "not-an-id", None)),
    Row("PATCH /exams/exams/{examId}", "published, settings only: teachers",
        E(401, 404, 403, 403, 200, 200, 403),
        lambda w, c: (EXAM + w.exam["id"], {"description": unique("Read carefully")})),
    Row("PATCH /exams/exams/{examId}", "a draft: students do not see it",
        E(401, 404, 404, 404, 200, 200, 403),
        lambda w, c: (EXAM + w.draft["id"], {"description": unique("Soon")})),
    Row("DELETE /exams/exams/{examId}", "a fresh draft: teachers; students do not see it",
        E(401, 404, 404, 404, 204, 204, 403),
        lambda w, c: (EXAM + w.new_exam()["id"], None)),
    Row("DELETE /exams/exams/{examId}", "fresh, published, no attempt: teachers",
        E(401, 404, 403, 403, 204, 204, 403),
        lambda w, c: (EXAM + w.new_exam(published=True)["id"], None)),
    Row("DELETE /exams/exams/{examId}",
        "with attempts: teachers get 409, after authorization (code)",
        E(401, 404, 403, 403, 409, 409, 403),
        lambda w, c: (EXAM + w.exam["id"], None)),
    Row("POST /exams/exams/{examId}/publish", "a fresh draft: teachers; students do not see it",
        E(401, 404, 404, 404, 200, 200, 403),
        lambda w, c: (EXAM + w.new_exam()["id"] + "/publish", None)),
    Row("POST /exams/exams/{examId}/publish", "already published: teachers 409",
        E(401, 404, 403, 403, 409, 409, 403),
        lambda w, c: (EXAM + w.exam["id"] + "/publish", None)),
    Row("POST /exams/exams/{examId}/close", "fresh, published: teachers",
        E(401, 404, 403, 403, 200, 200, 403),
        lambda w, c: (EXAM + w.new_exam(published=True)["id"] + "/close", None)),
    Row("POST /exams/exams/{examId}/close", "a draft: teachers 409 (code); students do not see it",
        E(401, 404, 404, 404, 409, 409, 403),
        lambda w, c: (EXAM + w.draft["id"] + "/close", None)),
    # The question bank: its questions carry their keys (docs/decisions.md: students 403
    # since they know the course, outsiders 404).
    Row("POST /exams/courses/{courseId}/questions", "teachers",
        E(401, 404, 403, 403, 201, 201, 403),
        lambda w, c: (C(w) + "/questions", {**QUESTIONS[2], "tags": ["facts"]})),
    Row("GET /exams/courses/{courseId}/questions", "teachers and admins",
        E(401, 404, 403, 403, 200, 200, 200),
        lambda w, c: (C(w) + "/questions?tag=arithmetic", None)),
    Row("POST /exams/courses/{courseId}/questions", NOT_AN_ID_FOR_ADMINS, UNSEEN,
        lambda w, c: ("/exams/courses/not-an-id/questions", {**QUESTIONS[2], "tags": ["x"]})),
    Row("GET /exams/courses/{courseId}/questions", NO_COURSE_FOR_ADMINS, UNSEEN,
        lambda w, c: (f"/exams/courses/{uuid.uuid4()}/questions", None)),
    Row("GET /exams/courses/{courseId}/questions", NOT_AN_ID_FOR_ADMINS, UNSEEN,
        lambda w, c: ("/exams/courses/not-an-id/questions", None)),
    Row("GET /exams/questions/{questionId}", "teachers and admins",
        E(401, 404, 403, 403, 200, 200, 200),
        lambda w, c: (f"/exams/questions/{w.bank_question['id']}", None)),
    Row("GET /exams/questions/{questionId}", NOT_AN_ID, UNSEEN,
        lambda w, c: ("/exams/questions/not-an-id", None)),
    Row("PATCH /exams/questions/{questionId}", "teachers",
        E(401, 404, 403, 403, 200, 200, 403),
        lambda w, c: (f"/exams/questions/{w.bank_question['id']}",
                      {"prompt": unique("2 + 2 =")})),
    Row("DELETE /exams/questions/{questionId}", "a fresh one: teachers",
        E(401, 404, 403, 403, 204, 204, 403),
        lambda w, c: (f"/exams/questions/{w.new_bank_question()['id']}", None)),
    # Attempts: students take exams; teachers and admins read them.
    Row("POST /exams/exams/{examId}/attempts", "fresh, published: students start",
        E(401, 404, 201, 201, 403, 403, 403),
        lambda w, c: (EXAM + w.new_exam(published=True)["id"] + "/attempts", None)),
    Row("POST /exams/exams/{examId}/attempts", "attempts in progress: 200 with that one",
        E(401, 404, 200, 200, 403, 403, 403),
        lambda w, c: (EXAM + w.exam["id"] + "/attempts", None)),
    Row("POST /exams/exams/{examId}/attempts", "a draft: students do not see it",
        E(401, 404, 404, 404, 403, 403, 403),
        lambda w, c: (EXAM + w.draft["id"] + "/attempts", None)),
    Row("POST /exams/exams/{examId}/attempts", "closed: students 409, after authorization (code)",
        E(401, 404, 409, 409, 403, 403, 403),
        lambda w, c: (EXAM + w.closed["id"] + "/attempts", None)),
    Row("GET /exams/exams/{examId}/attempts", "a student: their own; teachers: all",
        E(401, 404, 200, 200, 200, 200, 200),
        lambda w, c: (EXAM + w.exam["id"] + "/attempts", None)),
    Row("GET /exams/exams/{examId}/attempts", "a draft: students do not see it",
        E(401, 404, 404, 404, 200, 200, 200),
        lambda w, c: (EXAM + w.draft["id"] + "/attempts", None)),
    Row("GET /exams/attempts/{attemptId}", "the student's: another student does not see it",
        E(401, 404, 200, 404, 200, 200, 200),
        lambda w, c: (f"/exams/attempts/{w.attempt['id']}", None)),
    Row("GET /exams/attempts/{attemptId}", "the other student's",
        E(401, 404, 404, 200, 200, 200, 200),
        lambda w, c: (f"/exams/attempts/{w.other_attempt['id']}", None)),
    Row("GET /exams/attempts/{attemptId}", NOT_AN_ID, UNSEEN,
        lambda w, c: ("/exams/attempts/not-an-id", None)),
    Row("PUT /exams/attempts/{attemptId}/answers/{questionId}",
        "the student's: they answer; teachers and admins see the attempt, so 403 "
        "(API.md Conventions)",
        E(401, 404, 200, 404, 403, 403, 403),
        lambda w, c: (w.answer_path(w.attempt), {"answer": "b", "seq": w.next_seq()})),
    Row("PUT /exams/attempts/{attemptId}/answers/{questionId}", NOT_AN_ID,
        UNSEEN,
        lambda w, c: ("/exams/attempts/not-an-id/answers/q1", {"answer": "b", "seq": 1})),
    Row("POST /exams/attempts/{attemptId}/submit",
        "a fresh one of the student's: they submit; teachers and admins see it, so 403 "
        "(API.md Conventions)",
        E(401, 404, 200, 404, 403, 403, 403),
        lambda w, c: (f"/exams/attempts/{w.fresh_attempt()['id']}/submit", None)),
    # Accommodations (course-wide) and overrides (one exam): teachers write, administrators
    # read, a student reads their own; writes act on the other student's.
    Row("GET /exams/courses/{courseId}/accommodations", "the course's list: teachers",
        E(401, 404, 403, 403, 200, 200, 200),
        lambda w, c: (f"{w.cpath()}/accommodations", None)),
    Row("GET /exams/courses/{courseId}/accommodations/{studentId}",
        "the student's: their own, and the course's teachers",
        E(401, 404, 200, 404, 200, 200, 200),
        lambda w, c: (w.accommodation_path("student"), None)),
    Row("PUT /exams/courses/{courseId}/accommodations/{studentId}", "teachers write",
        E(401, 404, 403, 403, 200, 200, 403),
        lambda w, c: (w.fresh(w.accommodation_path("other_student"), ACCOMMODATION),
                      ACCOMMODATION)),
    Row("DELETE /exams/courses/{courseId}/accommodations/{studentId}", "teachers write",
        E(401, 404, 403, 403, 204, 204, 403),
        lambda w, c: (w.fresh(w.accommodation_path("other_student"), ACCOMMODATION), None)),
    Row("GET /exams/exams/{examId}/overrides", "the exam's list: teachers",
        E(401, 404, 403, 403, 200, 200, 200),
        lambda w, c: (f"/exams/exams/{w.exam['id']}/overrides", None)),
    Row("GET /exams/exams/{examId}/overrides/{studentId}",
        "the student's: their own, and the course's teachers",
        E(401, 404, 200, 404, 200, 200, 200),
        lambda w, c: (w.override_path("student"), None)),
    Row("PUT /exams/exams/{examId}/overrides/{studentId}", "teachers write",
        E(401, 404, 403, 403, 200, 200, 403),
        lambda w, c: (w.fresh(w.override_path("other_student"), OVERRIDE), OVERRIDE)),
    Row("DELETE /exams/exams/{examId}/overrides/{studentId}", "teachers write",
        E(401, 404, 403, 403, 204, 204, 403),
        lambda w, c: (w.fresh(w.override_path("other_student"), OVERRIDE), None)),
    # Grading and results: the course's teachers; administrators read results.
    Row("PATCH /exams/attempts/{attemptId}/grades",
        "a submitted attempt of the student: teachers grade; the student knows it (403)",
        E(401, 404, 403, 404, 200, 200, 403),
        lambda w, c: (lambda a: (f"/exams/attempts/{a['id']}/grades",
                                 {"grades": [{"questionId": a["questions"][0]["id"],
                                              "points": 0}]}))(w.submitted_attempt())),
    Row("POST /exams/exams/{examId}/questions/{questionId}/regrade",
        "a dry run on the shared exam: teachers",
        E(401, 404, 403, 403, 200, 200, 403),
        lambda w, c: (f"/exams/exams/{w.exam['id']}/questions/"
                      f"{w.exam['sections'][0]['questions'][0]['id']}/regrade?dryRun=true",
                      {"points": 3, "reason": "a kinder scale"})),
    Row("GET /exams/exams/{examId}/results", "teachers; administrators read",
        E(401, 404, 403, 403, 200, 200, 200),
        lambda w, c: (f"/exams/exams/{w.exam['id']}/results", None)),
    Row("GET /exams/exams/{examId}/statistics", "teachers; administrators read",
        E(401, 404, 403, 403, 200, 200, 200),
        lambda w, c: (f"/exams/exams/{w.exam['id']}/statistics", None)),
    Row("POST /exams/exams/{examId}/release", "a fresh exam released by hand: teachers",
        E(401, 404, 403, 403, 200, 200, 403),
        lambda w, c: (f"/exams/exams/{w.new_exam(published=True, resultRelease='MANUAL')['id']}"
                      "/release", None)),
]


class AuthorizationMatrix(unittest.TestCase):
    world: World

    @classmethod
    def setUpClass(cls) -> None:
        cls.world = World()

    def as_(self, caller: str, method: str, path: str, body=None):
        return call(method, path, body, token=self.world.token(caller))

    def test_every_route_has_a_row_and_every_row_a_route(self):
        check_every_route_has_a_row(self, "exams", TABLE)

    def test_every_caller_gets_the_expected_status(self):
        check_every_status(self, self.world, TABLE, self.as_)

    def test_students_see_no_key_in_an_exam(self):
        w = self.world
        for caller in ("student", "other_student"):
            with self.subTest(caller=caller):
                exam = expect(self.as_(caller, "GET", EXAM + w.exam["id"]), 200, "exam")
                self.assertEqual(exam["questionCount"], len(QUESTIONS))
                self.assertFalse(KEY_FIELDS & names_in(exam), exam)
                listed = expect(self.as_(caller, "GET", C(w) + "/exams"), 200, "exams")
                self.assertIn(w.exam["id"], [e["id"] for e in listed["items"]])
                self.assertFalse(KEY_FIELDS & names_in(listed), listed)
        for caller in ("teacher", "owner", "admin"):  # the walk finds keys where they are
            with self.subTest(caller=caller):
                exam = expect(self.as_(caller, "GET", EXAM + w.exam["id"]), 200, "exam")
                self.assertEqual(names_in(exam) & KEY_FIELDS, KEY_FIELDS)

    def test_students_see_no_key_in_their_attempts_before_or_after_release(self):
        w = self.world
        cases = {"results released by hand, not yet": {"resultRelease": "MANUAL"},
                 "released at grading, answers not shown": {"resultRelease": "IMMEDIATE",
                                                            "showCorrectAnswers": False}}
        for case, fields in cases.items():
            with self.subTest(case=case):
                exam = w.new_exam(published=True, **fields)
                started = w.start(exam)
                path = f"/exams/attempts/{started['id']}"
                seen = expect(self.as_("student", "GET", path), 200, "read")
                answered = self.as_("student", "PUT", w.answer_path(started, "SHORT_TEXT"),
                                    {"answer": "Paris", "seq": 1})
                expect(answered, 200, "answer")
                done = expect(self.as_("student", "POST", path + "/submit"), 200, "submit")
                after = expect(self.as_("student", "GET", path), 200, "read after submit")
                listed = expect(self.as_("student", "GET", EXAM + exam["id"] + "/attempts"), 200,
                                "list")
                for view in (started, seen, answered.json(), done, after, listed):
                    self.assertFalse(KEY_FIELDS & names_in(view), view)
                released = fields["resultRelease"] == "IMMEDIATE"
                self.assertEqual(after["score"] is not None, released, after)
                self.assertEqual(after["perQuestion"] is not None, released, after)
                teachers = expect(self.as_("teacher", "GET", path), 200, "the teacher's view")
                self.assertEqual(names_in(teachers["questions"]) & KEY_FIELDS, KEY_FIELDS)
                self.assertIsNotNone(teachers["score"])

    def test_correct_answers_are_shown_to_a_student_only_once_the_exam_has_closed(self):
        w = self.world
        exam = w.new_exam(published=True, resultRelease="IMMEDIATE", showCorrectAnswers=True,
                          maxAttempts=2)
        started = w.start(exam)
        path = f"/exams/attempts/{started['id']}"
        expect(self.as_("student", "POST", path + "/submit"), 200, "submit")
        released = expect(self.as_("student", "GET", path), 200, "released, exam open")
        self.assertIsNotNone(released["score"])
        self.assertFalse(KEY_FIELDS & names_in(released["questions"]), released)
        expect(call("POST", EXAM + exam["id"] + "/close", token=w.owner_token()), 200, "close")
        closed = expect(self.as_("student", "GET", path), 200, "released, exam closed")
        self.assertEqual(names_in(closed["questions"]) & KEY_FIELDS, KEY_FIELDS)

    def test_a_student_sees_only_their_own_attempts(self):
        w = self.world
        path = EXAM + w.exam["id"] + "/attempts"
        mine = {"student": w.attempt, "other_student": w.other_attempt}
        for caller, attempt in mine.items():
            with self.subTest(caller=caller):
                items = expect(self.as_(caller, "GET", path), 200, "list")["items"]
                self.assertEqual([a["id"] for a in items], [attempt["id"]])
                self.assertEqual({a["studentId"] for a in items}, {w.users[caller]["id"]})
        for caller in ("teacher", "owner", "admin"):
            with self.subTest(caller=caller):
                items = expect(self.as_(caller, "GET", path), 200, "list")["items"]
                self.assertEqual({a["id"] for a in items}, {a["id"] for a in mine.values()})
        for caller, other in (("student", w.other_attempt), ("other_student", w.attempt)):
            with self.subTest(caller=caller, reads="the other's attempt"):
                r = self.as_(caller, "GET", f"/exams/attempts/{other['id']}")
                self.assertEqual(r.status, 404, r)
                self.assertNotIn(other["id"].encode(), r.body)

    def test_drafts_do_not_exist_for_students(self):
        w = self.world
        for caller in ("student", "other_student"):
            for query in ("", "?state=DRAFT"):
                with self.subTest(caller=caller, query=query):
                    r = self.as_(caller, "GET", C(w) + "/exams" + query)
                    ids = [e["id"] for e in expect(r, 200, "exams")["items"]]
                    self.assertNotIn(w.draft["id"], ids)
                    self.assertTrue(all(e["state"] != "DRAFT" for e in r.json()["items"]), ids)
        r = self.as_("teacher", "GET", C(w) + "/exams?state=DRAFT")
        self.assertIn(w.draft["id"], [e["id"] for e in expect(r, 200, "drafts")["items"]])

    def test_the_matrix_changed_nothing_it_should_not_have(self):
        """Destructive rows acted on fresh resources: the shared ones are as they were."""
        w = self.world
        states = {w.exam["id"]: "PUBLISHED", w.draft["id"]: "DRAFT", w.closed["id"]: "CLOSED"}
        for exam_id, state in states.items():
            exam = expect(self.as_("owner", "GET", EXAM + exam_id), 200, "exam")
            self.assertEqual(exam["state"], state)
        for attempt in (w.attempt, w.other_attempt):
            seen = expect(self.as_("owner", "GET", f"/exams/attempts/{attempt['id']}"), 200,
                          "attempt")
            self.assertEqual(seen["state"], "IN_PROGRESS")
        expect(self.as_("owner", "GET", f"/exams/questions/{w.bank_question['id']}"), 200,
               "bank question")


if __name__ == "__main__":
    unittest.main()
