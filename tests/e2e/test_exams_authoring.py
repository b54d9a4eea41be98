"""End-to-end: authoring exams through the gateway (API.md, "exams").

A teacher writes an exam with inline questions and a draw from the course's
question bank, publishes it and closes it; students of the course see it only
once published, and never its keys; people outside the course do not see it
at all. Bad input is a problem response that changes nothing. Membership comes
from api's internal endpoint, as the exams service asks it.
"""
from __future__ import annotations

import unittest

from support import (call, course_with_students, from_now, register, stream_events, wait_until,
                     setUpModule, tearDownModule)  # noqa: F401

KEY_FIELDS = {"correct", "accepted", "pattern", "caseSensitive", "value", "tolerance"}


def single_choice(prompt: str = "2 + 2 = ?", points: float = 2) -> dict:
    return {"type": "SINGLE_CHOICE", "prompt": prompt, "points": points,
            "options": [{"id": "a", "text": "3"}, {"id": "b", "text": "4"}], "correct": "b"}


def essay(prompt: str = "Explain why.", points: float = 5) -> dict:
    return {"type": "ESSAY", "prompt": prompt, "points": points}


def walk(value):
    """Every key of every object inside `value`."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from walk(v)


class ExamAuthoring(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.course, cls.owner, (cls.student,) = course_with_students(1)
        cls.outsider = register()
        cls.base = f"/exams/courses/{cls.course['id']}"

    def create(self, **fields) -> dict:
        body = {"title": "Quiz", "sections": [{"title": "Part 1",
                                               "questions": [single_choice(), essay()]}]}
        body.update(fields)
        r = call("POST", f"{self.base}/exams", body, token=self.owner["token"])
        self.assertEqual(r.status, 201, r)
        return r.json()

    def test_a_teacher_writes_an_exam_that_students_see_once_published_without_keys(self):
        exam = self.create(timeLimitMinutes=30, closesAt=from_now(days=7))
        self.assertEqual(exam["state"], "DRAFT")
        self.assertEqual(exam["maxPoints"], 7)
        self.assertEqual(exam["questionCount"], 2)
        question = exam["sections"][0]["questions"][0]
        self.assertEqual(question["correct"], "b")  # the teacher sees the key

        path = f"/exams/exams/{exam['id']}"
        self.assertEqual(call("GET", path, token=self.student["token"]).status, 404)
        listed = call("GET", f"{self.base}/exams", token=self.student["token"]).json()
        self.assertNotIn(exam["id"], [e["id"] for e in listed["items"]])

        r = call("POST", f"{path}/publish", token=self.owner["token"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["state"], "PUBLISHED")

        seen = call("GET", path, token=self.student["token"])
        self.assertEqual(seen.status, 200, seen)
        body = seen.json()
        self.assertEqual(body["maxPoints"], 7)
        self.assertEqual(body["sections"], [{"title": "Part 1", "questionCount": 2}])
        self.assertFalse(KEY_FIELDS & set(walk(body)), body)
        listed = call("GET", f"{self.base}/exams", token=self.student["token"]).json()
        self.assertIn(exam["id"], [e["id"] for e in listed["items"]])

        self.assertEqual(call("POST", f"{path}/publish", token=self.owner["token"]).status, 409)
        closed = call("POST", f"{path}/close", token=self.owner["token"])
        self.assertEqual(closed.json()["state"], "CLOSED", closed)
        self.assertEqual(call("POST", f"{path}/close", token=self.owner["token"]).status, 409)

    def test_outsiders_do_not_see_the_course_exams_and_students_cannot_author(self):
        exam = self.create()
        path = f"/exams/exams/{exam['id']}"
        for method, target, body in (("GET", path, None), ("GET", f"{self.base}/exams", None),
                                     ("POST", f"{self.base}/exams", {"title": "x"}),
                                     ("PATCH", path, {"title": "x"}),
                                     ("POST", f"{path}/publish", None)):
            r = call(method, target, body, token=self.outsider["token"])
            self.assertEqual(r.status, 404, (method, target, r))
        r = call("POST", f"{self.base}/exams", {"title": "Mine"}, token=self.student["token"])
        self.assertEqual(r.status, 403, r)
        self.assertEqual(call("GET", path, token=None).status, 401)

    def test_an_exam_without_questions_is_not_published(self):
        exam = self.create(sections=[])
        r = call("POST", f"/exams/exams/{exam['id']}/publish", token=self.owner["token"])
        self.assertEqual(r.status, 422, r)
        self.assertEqual(r.json()["errors"][0]["field"], "sections")
        again = call("GET", f"/exams/exams/{exam['id']}", token=self.owner["token"]).json()
        self.assertEqual(again["state"], "DRAFT")

    def test_bad_changes_are_refused_and_change_nothing(self):
        exam = self.create()
        path = f"/exams/exams/{exam['id']}"
        token = self.owner["token"]
        wrong_key = single_choice()
        wrong_key["correct"] = "z"
        cases = [
            ({"dueDate": from_now(days=1)}, 422, "dueDate"),
            ({"sections": [{"title": "P", "questions": [wrong_key]}]}, 422,
             "sections[0].questions[0].correct"),
            ({"timeLimitMinutes": 0}, 422, "timeLimitMinutes"),
            ({"maxAttempts": -1}, 422, "maxAttempts"),
            ({"gradingPolicy": "BEST"}, 422, "gradingPolicy"),
            ({"opensAt": from_now(days=2), "closesAt": from_now(days=1)}, 422, "closesAt"),
            ({"opensAt": "tomorrow"}, 422, "opensAt"),
            ({"title": ""}, 422, "title"),
        ]
        for body, status, field in cases:
            r = call("PATCH", path, body, token=token)
            self.assertEqual(r.status, status, (body, r))
            fields = [e["field"] for e in r.json().get("errors", [])]
            self.assertIn(field, fields, (body, r))
        self.assertEqual(call("PATCH", path, {"title": "New"}, token=token,
                              headers={"If-Match": '"999"'}).status, 412)
        after = call("GET", path, token=token)
        self.assertEqual(after.json(), exam)

        r = call("PATCH", path, {"title": "Renamed", "description": "Bring a pencil."},
                 token=token, headers={"If-Match": after.headers["ETag"]})
        self.assertEqual(r.status, 200, r)
        self.assertEqual((r.json()["title"], r.json()["description"]),
                         ("Renamed", "Bring a pencil."))

    def test_a_draw_needs_enough_questions_in_the_bank(self):
        bank = f"{self.base}/questions"
        token = self.owner["token"]
        made = []
        for i in range(2):
            r = call("POST", bank, {**single_choice(f"Q{i}"), "tags": ["algebra"]}, token=token)
            self.assertEqual(r.status, 201, r)
            made.append(r.json())
        self.assertEqual(call("GET", f"{bank}?tag=algebra", token=token).json()["items"][0]["id"],
                         made[-1]["id"])
        self.assertEqual(call("GET", bank, token=self.student["token"]).status, 403)
        self.assertEqual(call("GET", bank, token=self.outsider["token"]).status, 404)

        exam = self.create(sections=[{"title": "Drawn",
                                      "draw": {"tag": "algebra", "count": 3, "pointsEach": 1}}])
        self.assertEqual(exam["maxPoints"], 3)
        publish = f"/exams/exams/{exam['id']}/publish"
        r = call("POST", publish, token=token)
        self.assertEqual(r.status, 422, r)
        self.assertEqual(r.json()["errors"][0]["field"], "sections[0].draw")
        r = call("POST", bank, {**essay("Q3"), "tags": ["algebra", "hard"]}, token=token)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(call("POST", publish, token=token).status, 200)

    def test_publishing_tells_the_course_through_the_event_stream(self):
        exam = self.create()
        r = call("POST", f"/exams/exams/{exam['id']}/publish", token=self.owner["token"])
        self.assertEqual(r.status, 200, r)

        def published_event():
            return next((e for e in stream_events() if e["type"] == "exam.published"
                         and e["data"]["examId"] == exam["id"]), None)

        event = wait_until(published_event, what="the exam.published event")
        self.assertEqual(event["courseId"], self.course["id"])
        self.assertEqual(event["actorId"], self.owner["id"])
        self.assertEqual(event["data"]["title"], "Quiz")


    def test_students_are_told_an_hour_before_an_exam_opens_once_per_opening_time(self):
        exam = self.create(opensAt=from_now(minutes=30), closesAt=from_now(days=1))
        r = call("POST", f"/exams/exams/{exam['id']}/publish", token=self.owner["token"])
        self.assertEqual(r.status, 200, r)

        def notices():
            return [e for e in stream_events() if e["type"] == "exam.opening_soon"
                    and e["data"]["examId"] == exam["id"]]

        first = wait_until(notices, what="the exam.opening_soon event")
        self.assertEqual(first[0]["data"]["recipientIds"], [self.student["id"]])
        self.assertEqual(first[0]["data"]["opensAt"], r.json()["opensAt"])
        # An exam opening in three hours is not told yet; the round that tells of the moved
        # time below is one that saw it.
        far = self.create(opensAt=from_now(hours=3), closesAt=from_now(days=1))
        self.assertEqual(call("POST", f"/exams/exams/{far['id']}/publish",
                              token=self.owner["token"]).status, 200)
        moved = call("PATCH", f"/exams/exams/{exam['id']}", {"opensAt": from_now(minutes=40)},
                     token=self.owner["token"])
        self.assertEqual(moved.status, 200, moved)
        both = wait_until(lambda: (lambda n: n if len(n) == 2 else None)(notices()),
                          what="a notice for the new opening time")
        self.assertEqual(both[1]["data"]["opensAt"], moved.json()["opensAt"])
        self.assertFalse([e for e in stream_events() if e["type"] == "exam.opening_soon"
                          and e["data"]["examId"] == far["id"]])
        # Back to the time told first: told again, since the time changed.
        back = call("PATCH", f"/exams/exams/{exam['id']}", {"opensAt": r.json()["opensAt"]},
                    token=self.owner["token"])
        self.assertEqual(back.status, 200, back)
        three = wait_until(lambda: (lambda n: n if len(n) == 3 else None)(notices()),
                           what="a notice for the first opening time again")
        self.assertEqual(three[2]["data"]["opensAt"], r.json()["opensAt"])


if __name__ == "__main__":
    unittest.main()
