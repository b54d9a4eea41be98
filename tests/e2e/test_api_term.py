"""End-to-end: one whole term of a course, through the gateway, down to the
exact numbers of the gradebook, the CSV export and each student's progress.

The term:
- Teresa creates the course and invites Tom as a second teacher, who accepts.
  Ada joins by code; Blaise accepts an invitation.
- Published: "Essay" (10 points, due an hour ago), "Lab report, part 1"
  (20 points, due in a week) and "Reading list" (a material, ungraded).
- Ada turns the essay in (late: it is past due) and the lab report (on time).
  Blaise turns the lab report in on time and never the essay (late, missing).
- Teresa grades the essay in bulk: Ada 7.5, returned. Tom grades the lab report
  in bulk: Blaise 18, returned; Ada 12 as a draft only (not returned).
- The exams service releases "Midterm" (50 points): Ada 42, Blaise 45.5, as
  `exam.result_released` events on `classroom:events`.

So (docs/api.md, "Gradebook and progress"; pointsPossible counts items with a grade):
- Ada:    Essay 7.5/10, Lab —, Midterm 42/50   -> 49.5 / 60 = 82.5 %
- Blaise: Essay —,      Lab 18/20, Midterm 45.5/50 -> 63.5 / 70 = 90.71 %
- Ada's progress:    assigned 2, turnedIn 2, late 1, missing 0, graded 1
- Blaise's progress: assigned 2, turnedIn 1, late 1, missing 1, graded 1
"""
from __future__ import annotations

import unittest
from datetime import datetime, timezone

from support import (call, from_now, join, publish_event, register, rfc3339, uuid7,
                     verify_email, wait_until, setUpModule, tearDownModule)  # noqa: F401

ADA, BLAISE = "Ada Lovelace", "Pascal, Blaise"


def ok(r, status: int, what: str):
    assert r.status == status, f"{what}: expected {status}, got {r!r}"
    return r.json() if r.body else None


def person(name: str) -> dict:
    """A registered user, once the api holds their profile with `name`.

    Waits for the `user.registered` event (GET /api/users/{own id} does not create
    a profile), so that no request races the event's profile insertion.
    """
    user = register(name)

    def profile():
        r = call("GET", f"/api/users/{user['id']}", token=user["token"])
        return r.status == 200 and r.json()["displayName"] == name

    wait_until(profile, what=f"the api profile of {name}")
    return user


def project(obj: dict, keys: tuple[str, ...]) -> dict:
    return {k: obj.get(k) for k in keys}


ITEM_KEYS = ("id", "kind", "title", "maxPoints", "dueAt")
CELL_KEYS = ("itemId", "points", "state", "late")
COUNT_KEYS = ("assigned", "turnedIn", "late", "missing", "graded", "pointsEarned",
              "pointsPossible", "percentage")
WORK_KEYS = ("kind", "id", "title", "dueAt", "maxPoints", "state", "late", "missing",
             "assignedGrade")
EXAM_KEYS = ("kind", "id", "title", "maxPoints", "assignedGrade")


class Term(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.teresa = person("Teresa Teacher")
        cls.tom = verify_email(person("Tom Teacher"))  # invited: a verified address accepts
        cls.ada = person(ADA)
        cls.blaise = verify_email(person(BLAISE))
        teresa, tom, ada, blaise = cls.teresa, cls.tom, cls.ada, cls.blaise

        course = ok(call("POST", "/api/courses", {"name": "Physics 101", "section": "Fall"},
                         token=teresa["token"]), 201, "create course")
        cls.course = course
        c = f"/api/courses/{course['id']}"
        cls.c = c

        # A second teacher by invitation; Ada by code; Blaise by invitation.
        inv = ok(call("POST", f"{c}/invitations", {"email": tom["email"], "role": "teacher"},
                      token=teresa["token"]), 201, "invite Tom")
        mine = ok(call("GET", "/api/invitations", token=tom["token"]), 200, "Tom's invitations")
        assert [i["id"] for i in mine["items"]] == [inv["id"]], mine
        ok(call("POST", f"/api/invitations/{inv['id']}/accept", token=tom["token"]), 200,
           "Tom accepts")
        ok(join(ada, course["joinCode"]), 200, "Ada joins by code")
        inv = ok(call("POST", f"{c}/invitations", {"email": blaise["email"], "role": "student"},
                      token=teresa["token"]), 201, "invite Blaise")
        ok(call("POST", f"/api/invitations/{inv['id']}/accept", token=blaise["token"]), 200,
           "Blaise accepts")

        # Coursework, published in this order.
        def publish(by: dict, **body) -> dict:
            return ok(call("POST", f"{c}/coursework", {"state": "PUBLISHED", **body},
                           token=by["token"]), 201, f"publish {body['title']}")

        cls.essay = publish(teresa, title="Essay", workType="ASSIGNMENT", maxPoints=10,
                            dueAt=from_now(hours=-1))
        cls.lab = publish(tom, title="Lab report, part 1", workType="ASSIGNMENT", maxPoints=20,
                          dueAt=from_now(days=7))
        cls.reading = publish(teresa, title="Reading list", workType="MATERIAL",
                              materials=[{"url": "https://example.org/ch1", "title": "Chapter 1"}])

        # The students' work.
        cls.turn_in_results = {}
        for who, cw, text in ((ada, cls.essay, "My essay"), (ada, cls.lab, "Ada's lab"),
                              (blaise, cls.lab, "Blaise's lab")):
            sub = cls.own_submission(who, cw)
            ok(call("PATCH", cls.sub_path(sub), {"text": text}, token=who["token"]), 200, "edit")
            cls.turn_in_results[(who["id"], cw["id"])] = ok(
                call("POST", cls.sub_path(sub, "/turn-in"), token=who["token"]), 200, "turn in")

        # Grading in bulk.
        cls.essay_grades = ok(call("POST", f"{c}/coursework/{cls.essay['id']}/grades",
                                   {"grades": [{"studentId": ada["id"], "draftGrade": 7.5,
                                                "return": True}]},
                                   token=teresa["token"]), 200, "grade the essay")
        cls.lab_grades = ok(call("POST", f"{c}/coursework/{cls.lab['id']}/grades",
                                 {"grades": [{"studentId": blaise["id"], "draftGrade": 18,
                                              "return": True},
                                             {"studentId": ada["id"], "draftGrade": 12}]},
                                 token=tom["token"]), 200, "grade the lab report")

        # The exam results, as the exams service announces them.
        cls.exam_id = uuid7()
        released = rfc3339(datetime.now(timezone.utc))
        for student, points in ((ada, 42), (blaise, 45.5)):
            publish_event("exam.result_released",
                          {"examId": cls.exam_id, "title": "Midterm", "studentId": student["id"],
                           "points": points, "maxPoints": 50, "releasedAt": released},
                          actor_id=teresa["id"], course_id=course["id"])

        def exam_in_gradebook():
            r = call("GET", f"{c}/gradebook", token=teresa["token"])
            if r.status != 200:
                return None
            book = r.json()
            if cls.exam_id not in [i["id"] for i in book["items"]]:
                return None
            cells = [g for s in book["students"] for g in s["grades"] if g["itemId"] == cls.exam_id]
            return book if len(cells) == 2 and all(g["points"] is not None for g in cells) else None

        cls.gradebook = wait_until(exam_in_gradebook, timeout=30,
                                   what="both exam results in the gradebook")

    # -- helpers -------------------------------------------------------------------

    @classmethod
    def own_submission(cls, student: dict, cw: dict) -> dict:
        r = call("GET", f"{cls.c}/coursework/{cw['id']}/submissions", token=student["token"])
        items = ok(r, 200, "own submissions")["items"]
        assert len(items) == 1, items
        return items[0]

    @classmethod
    def sub_path(cls, sub: dict, rest: str = "") -> str:
        return f"{cls.c}/coursework/{sub['courseworkId']}/submissions/{sub['id']}{rest}"

    def progress(self, student: dict, by: dict) -> dict:
        r = call("GET", f"{self.c}/students/{student['id']}/progress", token=by["token"])
        self.assertEqual(r.status, 200, r)
        return r.json()

    # -- the cast --------------------------------------------------------------------

    def test_the_course_has_two_teachers_and_two_students(self):
        r = call("GET", f"{self.c}/members", token=self.tom["token"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual([(m["userId"], m["role"]) for m in r.json()["items"]],
                         [(self.teresa["id"], "owner"), (self.tom["id"], "teacher"),
                          (self.ada["id"], "student"), (self.blaise["id"], "student")])

    # -- the work ------------------------------------------------------------------------

    def test_ada_was_late_with_the_essay_and_on_time_with_the_lab_report(self):
        essay = self.turn_in_results[(self.ada["id"], self.essay["id"])]
        self.assertEqual((essay["state"], essay["late"]), ("TURNED_IN", True))
        lab = self.turn_in_results[(self.ada["id"], self.lab["id"])]
        self.assertEqual((lab["state"], lab["late"]), ("TURNED_IN", False))
        lab = self.turn_in_results[(self.blaise["id"], self.lab["id"])]
        self.assertEqual((lab["state"], lab["late"]), ("TURNED_IN", False))

    def test_bulk_grading_answered_each_item(self):
        [essay_ada] = self.essay_grades["results"]
        self.assertEqual((essay_ada["studentId"], essay_ada["status"]), (self.ada["id"], 200))
        self.assertEqual(project(essay_ada["submission"], ("state", "draftGrade", "assignedGrade")),
                         {"state": "RETURNED", "draftGrade": 7.5, "assignedGrade": 7.5})
        lab_blaise, lab_ada = self.lab_grades["results"]
        self.assertEqual((lab_blaise["studentId"], lab_blaise["status"]), (self.blaise["id"], 200))
        self.assertEqual(project(lab_blaise["submission"], ("state", "draftGrade", "assignedGrade")),
                         {"state": "RETURNED", "draftGrade": 18, "assignedGrade": 18})
        self.assertEqual((lab_ada["studentId"], lab_ada["status"]), (self.ada["id"], 200))
        self.assertEqual(project(lab_ada["submission"], ("state", "draftGrade", "assignedGrade")),
                         {"state": "TURNED_IN", "draftGrade": 12, "assignedGrade": None})

    def test_a_student_never_sees_a_draft_grade(self):
        # The teacher does see Ada's draft on the lab report...
        sub = self.own_submission(self.ada, self.lab)
        r = call("GET", self.sub_path(sub), token=self.tom["token"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["draftGrade"], 12)
        self.assertIn("DRAFT", [h.get("gradeType") for h in r.json()["history"]])
        # ...no student sees one, in a list or alone, on any of their submissions.
        for student in (self.ada, self.blaise):
            for cw in (self.essay, self.lab):
                with self.subTest(student=student["displayName"], coursework=cw["title"]):
                    listed = self.own_submission(student, cw)
                    r = call("GET", self.sub_path(listed), token=student["token"])
                    self.assertEqual(r.status, 200, r)
                    self.assertNotIn(b"draftGrade", r.body)
                    for view in (listed, r.json()):
                        self.assertNotIn("draftGrade", view)
                        self.assertNotIn("DRAFT", [h.get("gradeType") for h in view["history"]])
        # Ada's returned essay shows the assigned grade, her lab report none yet.
        self.assertEqual(self.own_submission(self.ada, self.essay)["assignedGrade"], 7.5)
        self.assertIsNone(self.own_submission(self.ada, self.lab)["assignedGrade"])

    # -- the gradebook -------------------------------------------------------------------

    def expected_items(self) -> list[dict]:
        return [
            {"id": self.essay["id"], "kind": "coursework", "title": "Essay", "maxPoints": 10,
             "dueAt": self.essay["dueAt"]},
            {"id": self.lab["id"], "kind": "coursework", "title": "Lab report, part 1",
             "maxPoints": 20, "dueAt": self.lab["dueAt"]},
            {"id": self.exam_id, "kind": "exam", "title": "Midterm", "maxPoints": 50, "dueAt": None},
        ]

    def test_the_gradebook_has_every_item_once_in_publishing_order(self):
        self.assertEqual([project(i, ITEM_KEYS) for i in self.gradebook["items"]],
                         self.expected_items())

    def test_the_gradebook_has_every_students_points_and_totals(self):
        e, lab, x = self.essay["id"], self.lab["id"], self.exam_id

        def student(s: dict) -> dict:
            coursework = [project(g, CELL_KEYS) for g in s["grades"] if g["itemId"] != x]
            exams = [project(g, ("itemId", "points")) for g in s["grades"] if g["itemId"] == x]
            return {**project(s, ("userId", "displayName", "pointsEarned", "pointsPossible",
                                  "percentage")), "coursework": coursework, "exams": exams}

        expected = [
            {"userId": self.ada["id"], "displayName": ADA,
             "coursework": [{"itemId": e, "points": 7.5, "state": "RETURNED", "late": True},
                            {"itemId": lab, "points": None, "state": "TURNED_IN", "late": False}],
             "exams": [{"itemId": x, "points": 42}],
             "pointsEarned": 49.5, "pointsPossible": 60, "percentage": 82.5},
            {"userId": self.blaise["id"], "displayName": BLAISE,
             "coursework": [{"itemId": e, "points": None, "state": "NEW", "late": True},
                            {"itemId": lab, "points": 18, "state": "RETURNED", "late": False}],
             "exams": [{"itemId": x, "points": 45.5}],
             "pointsEarned": 63.5, "pointsPossible": 70, "percentage": 90.71},
        ]
        self.assertEqual([student(s) for s in self.gradebook["students"]], expected)
        # One cell per item, in the items' order.
        for s in self.gradebook["students"]:
            self.assertEqual([g["itemId"] for g in s["grades"]], [e, lab, x])

    def test_the_gradebook_as_csv(self):
        r = call("GET", f"{self.c}/gradebook", token=self.teresa["token"],
                 headers={"Accept": "text/csv"})
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.headers["Content-Type"].startswith("text/csv"), r.headers["Content-Type"])
        expected = [
            'Student ID,Student,Essay (10),"Lab report, part 1 (20)",Midterm (50),'
            'Points earned,Points possible,Percentage',
            f"{self.ada['id']},Ada Lovelace,7.5,,42,49.5,60,82.5",
            f'{self.blaise["id"]},"Pascal, Blaise",,18,45.5,63.5,70,90.71',
        ]
        body = r.body.decode()
        # RFC 4180: CRLF between records; the last record's line break is optional.
        self.assertEqual(body.removesuffix("\r\n"), "\r\n".join(expected))

    def test_a_student_cannot_see_the_gradebook(self):
        for accept in ("application/json", "text/csv"):
            with self.subTest(accept=accept):
                r = call("GET", f"{self.c}/gradebook", token=self.blaise["token"],
                         headers={"Accept": accept})
                self.assertEqual(r.status, 403, r)
                self.assertNotIn(b"Lovelace", r.body)

    # -- progress ------------------------------------------------------------------------

    def test_adas_progress(self):
        expected_counts = {"assigned": 2, "turnedIn": 2, "late": 1, "missing": 0, "graded": 1,
                           "pointsEarned": 49.5, "pointsPossible": 60, "percentage": 82.5}
        expected_items = [
            {"kind": "coursework", "id": self.essay["id"], "title": "Essay",
             "dueAt": self.essay["dueAt"], "maxPoints": 10, "state": "RETURNED", "late": True,
             "missing": False, "assignedGrade": 7.5},
            {"kind": "coursework", "id": self.lab["id"], "title": "Lab report, part 1",
             "dueAt": self.lab["dueAt"], "maxPoints": 20, "state": "TURNED_IN", "late": False,
             "missing": False, "assignedGrade": None},
            {"kind": "exam", "id": self.exam_id, "title": "Midterm", "maxPoints": 50,
             "assignedGrade": 42},
        ]
        self.check_progress(self.ada, expected_counts, expected_items)

    def test_blaises_progress(self):
        expected_counts = {"assigned": 2, "turnedIn": 1, "late": 1, "missing": 1, "graded": 1,
                           "pointsEarned": 63.5, "pointsPossible": 70, "percentage": 90.71}
        expected_items = [
            {"kind": "coursework", "id": self.essay["id"], "title": "Essay",
             "dueAt": self.essay["dueAt"], "maxPoints": 10, "state": "NEW", "late": True,
             "missing": True, "assignedGrade": None},
            {"kind": "coursework", "id": self.lab["id"], "title": "Lab report, part 1",
             "dueAt": self.lab["dueAt"], "maxPoints": 20, "state": "RETURNED", "late": False,
             "missing": False, "assignedGrade": 18},
            {"kind": "exam", "id": self.exam_id, "title": "Midterm", "maxPoints": 50,
             "assignedGrade": 45.5},
        ]
        self.check_progress(self.blaise, expected_counts, expected_items)

    def check_progress(self, student: dict, counts: dict, items: list[dict]) -> None:
        # The student and both teachers see the same numbers.
        for by in (student, self.teresa, self.tom):
            with self.subTest(student=student["displayName"], by=by["displayName"]):
                p = self.progress(student, by)
                self.assertEqual(project(p, COUNT_KEYS), counts)
                self.assertEqual([project(i, WORK_KEYS if i.get("kind") == "coursework"
                                          else EXAM_KEYS) for i in p["items"]], items)


if __name__ == "__main__":
    unittest.main()
