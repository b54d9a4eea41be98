"""End-to-end: accommodations and overrides through the gateway (API.md, "exams").

A teacher gives a student extra time once for the whole course, or moves one
exam's times for one student. The server computes each attempt's deadline
from them; a change reaches attempts in progress and never ends one sooner
than the time it had already granted. Only the course's teachers change
these; a student reads their own; people outside the course see nothing.
Bad input and stale `If-Match` are problems that change nothing.
"""
from __future__ import annotations

import unittest
from datetime import timedelta

from support import (call, course_with_students, from_now, parse_time, register, setUpModule,
                     tearDownModule)  # noqa: F401

QUESTION = {"type": "TRUE_FALSE", "prompt": "The earth is flat.", "points": 1, "correct": False}


def ok(r, status, what):
    assert r.status == status, f"{what}: expected {status}, got {r!r}"
    return r.json() if r.body else None


def minutes_between(earlier: str, later: str) -> float:
    return (parse_time(later) - parse_time(earlier)).total_seconds() / 60


class Adjustments(unittest.TestCase):
    def setUp(self):
        self.course, self.teacher, (self.ada, self.blaise, self.cleo) = course_with_students(3)
        self.accommodations = f"/exams/courses/{self.course['id']}/accommodations"

    def exam(self, **fields) -> dict:
        body = {"title": "Quiz", "timeLimitMinutes": 30, "closesAt": from_now(days=1),
                "sections": [{"title": "All", "questions": [QUESTION]}]}
        body.update(fields)
        exam = ok(call("POST", f"/exams/courses/{self.course['id']}/exams", body,
                       token=self.teacher["token"]), 201, "create the exam")
        ok(call("POST", f"/exams/exams/{exam['id']}/publish", token=self.teacher["token"]),
           200, "publish")
        return exam

    def start(self, exam: dict, student: dict) -> dict:
        return ok(call("POST", f"/exams/exams/{exam['id']}/attempts", token=student["token"]),
                  201, "start")

    def deadline(self, attempt: dict, student: dict) -> str:
        return ok(call("GET", f"/exams/attempts/{attempt['id']}", token=student["token"]), 200,
                  "read the attempt")["deadline"]

    def accommodate(self, student: dict, body: dict, token: str | None = None,
                    headers: dict | None = None):
        return call("PUT", f"{self.accommodations}/{student['id']}", body,
                    token=token or self.teacher["token"], headers=headers)

    def override(self, exam: dict, student: dict, body: dict, token: str | None = None,
                 headers: dict | None = None):
        return call("PUT", f"/exams/exams/{exam['id']}/overrides/{student['id']}", body,
                    token=token or self.teacher["token"], headers=headers)

    def test_an_accommodated_student_gets_their_extra_time_in_every_exam(self):
        set_ = self.accommodate(self.ada, {"timeMultiplier": 1.5, "extraMinutes": 10})
        body = ok(set_, 201, "set the accommodation")
        self.assertEqual((body["studentId"], body["timeMultiplier"], body["extraMinutes"],
                          body["extendPastClose"]), (self.ada["id"], 1.5, 10, False))
        self.assertEqual(set_.headers["ETag"], '"1"')
        self.assertTrue(set_.headers["Location"].endswith(f"/accommodations/{self.ada['id']}"))

        exam = self.exam()
        ada = self.start(exam, self.ada)
        blaise = self.start(exam, self.blaise)
        self.assertAlmostEqual(minutes_between(ada["startedAt"], ada["deadline"]), 55,
                               delta=1 / 60)
        self.assertAlmostEqual(minutes_between(blaise["startedAt"], blaise["deadline"]), 30,
                               delta=1 / 60)

        listed = ok(call("GET", self.accommodations, token=self.teacher["token"]), 200, "list")
        self.assertEqual([a["studentId"] for a in listed["items"]], [self.ada["id"]])

    def test_a_change_reaches_attempts_in_progress_and_never_ends_one_sooner(self):
        exam = self.exam()
        blaise = self.start(exam, self.blaise)
        cleo = self.start(exam, self.cleo)
        granted = blaise["deadline"]

        ok(self.accommodate(self.blaise, {"extraMinutes": 20}), 201, "accommodate blaise")
        lengthened = self.deadline(blaise, self.blaise)
        self.assertAlmostEqual(minutes_between(granted, lengthened), 20, delta=1 / 60)
        self.assertEqual(self.deadline(cleo, self.cleo), cleo["deadline"])

        ok(self.accommodate(self.blaise, {"extraMinutes": 5}), 200, "less extra time")
        self.assertEqual(self.deadline(blaise, self.blaise), lengthened)
        ok(call("DELETE", f"{self.accommodations}/{self.blaise['id']}",
                token=self.teacher["token"]), 204, "remove the accommodation")
        self.assertEqual(self.deadline(blaise, self.blaise), lengthened)
        self.assertEqual(call("GET", f"{self.accommodations}/{self.blaise['id']}",
                              token=self.teacher["token"]).status, 404)

        # The next exam starts without it.
        later = self.start(self.exam(), self.blaise)
        self.assertAlmostEqual(minutes_between(later["startedAt"], later["deadline"]), 30,
                               delta=1 / 60)

    def test_an_override_moves_one_students_close(self):
        closes_at = from_now(minutes=10)
        exam = self.exam(closesAt=closes_at)
        later = from_now(days=1)
        ok(self.override(exam, self.ada, {"closesAt": later}), 201, "a later close for ada")
        earlier = from_now(minutes=5)
        ok(self.override(exam, self.cleo, {"closesAt": earlier}), 201, "an earlier one for cleo")

        ada = self.start(exam, self.ada)
        self.assertAlmostEqual(minutes_between(ada["startedAt"], ada["deadline"]), 30,
                               delta=1 / 60)
        cleo = self.start(exam, self.cleo)
        self.assertEqual(parse_time(cleo["deadline"]), parse_time(earlier))
        blaise = self.start(exam, self.blaise)
        self.assertEqual(parse_time(blaise["deadline"]), parse_time(closes_at))

        # In progress: a later close lengthens blaise's attempt, an earlier
        # one (or none) never ends it sooner.
        ok(self.override(exam, self.blaise, {"closesAt": later}), 201, "a later close for blaise")
        moved = self.deadline(blaise, self.blaise)
        self.assertAlmostEqual(minutes_between(blaise["startedAt"], moved), 30, delta=1 / 60)
        ok(self.override(exam, self.blaise, {"closesAt": from_now(minutes=2)}), 200,
           "an earlier close for blaise")
        self.assertEqual(self.deadline(blaise, self.blaise), moved)
        ok(call("DELETE", f"/exams/exams/{exam['id']}/overrides/{self.blaise['id']}",
                token=self.teacher["token"]), 204, "remove the override")
        self.assertEqual(self.deadline(blaise, self.blaise), moved)

        listed = ok(call("GET", f"/exams/exams/{exam['id']}/overrides",
                         token=self.teacher["token"]), 200, "list the overrides")
        self.assertEqual(sorted(o["studentId"] for o in listed["items"]),
                         sorted([self.ada["id"], self.cleo["id"]]))
        self.assertEqual(parse_time(next(o for o in listed["items"]
                                         if o["studentId"] == self.ada["id"])["closesAt"]),
                         parse_time(later))

    def test_extend_past_close_gives_the_extra_time_after_the_close(self):
        closes_at = from_now(minutes=20)
        exam = self.exam(closesAt=closes_at)
        ok(self.accommodate(self.ada, {"extraMinutes": 10, "extendPastClose": True}), 201, "ada")
        ok(self.accommodate(self.cleo, {"extraMinutes": 10}), 201, "cleo")
        ada = self.start(exam, self.ada)
        cleo = self.start(exam, self.cleo)
        blaise = self.start(exam, self.blaise)
        self.assertEqual(parse_time(ada["deadline"]),
                         parse_time(closes_at) + timedelta(minutes=10))
        self.assertEqual(parse_time(cleo["deadline"]), parse_time(closes_at))
        self.assertEqual(parse_time(blaise["deadline"]), parse_time(closes_at))

    def test_only_teachers_change_them_and_a_student_reads_only_their_own(self):
        exam = self.exam()
        outsider = register()
        mine = f"{self.accommodations}/{self.ada['id']}"
        override = f"/exams/exams/{exam['id']}/overrides/{self.ada['id']}"
        ok(self.accommodate(self.ada, {"extraMinutes": 15}), 201, "teacher sets")
        ok(self.override(exam, self.ada, {"maxAttempts": 2}), 201, "teacher overrides")

        for path in (self.accommodations, mine, f"/exams/exams/{exam['id']}/overrides", override):
            self.assertEqual(call("GET", path).status, 401, path)
            self.assertEqual(call("GET", path, token=outsider["token"]).status, 404, path)
        for method, path, body in (("PUT", mine, {"extraMinutes": 99}),
                                   ("DELETE", mine, None),
                                   ("PUT", override, {"maxAttempts": 9}),
                                   ("DELETE", override, None)):
            self.assertEqual(call(method, path, body, token=outsider["token"]).status, 404, path)
            self.assertEqual(call(method, path, body, token=self.ada["token"]).status, 403, path)

        self.assertEqual(call("GET", self.accommodations, token=self.ada["token"]).status, 403)
        self.assertEqual(call("GET", f"/exams/exams/{exam['id']}/overrides",
                              token=self.ada["token"]).status, 403)
        own = ok(call("GET", mine, token=self.ada["token"]), 200, "ada reads her own")
        self.assertEqual(own["extraMinutes"], 15)
        self.assertEqual(ok(call("GET", override, token=self.ada["token"]), 200,
                            "ada reads her override")["maxAttempts"], 2)
        self.assertEqual(call("GET", mine, token=self.blaise["token"]).status, 404)
        self.assertEqual(call("GET", override, token=self.blaise["token"]).status, 404)

        # Only students are adjusted: not a teacher, not someone outside.
        self.assertEqual(self.accommodate(self.teacher, {"extraMinutes": 5}).status, 404)
        self.assertEqual(self.accommodate(outsider, {"extraMinutes": 5}).status, 404)
        self.assertEqual(self.override(exam, outsider, {"maxAttempts": 2}).status, 404)
        self.assertEqual(ok(call("GET", mine, token=self.teacher["token"]), 200,
                            "unchanged")["extraMinutes"], 15)

    def test_bad_input_is_a_problem_that_changes_nothing(self):
        exam = self.exam(opensAt=from_now(minutes=-5))
        attempt = self.start(exam, self.ada)
        mine = f"{self.accommodations}/{self.ada['id']}"
        for body, field in (({"timeMultiplier": 6}, "timeMultiplier"),
                            ({"timeMultiplier": 0.5}, "timeMultiplier"),
                            ({"timeMultiplier": 1.234}, "timeMultiplier"),
                            ({"extraMinutes": -1}, "extraMinutes"),
                            ({"extraMinutes": 10**12}, "extraMinutes"),
                            ({"extraMinute": 10}, "extraMinute")):
            r = self.accommodate(self.ada, body)
            self.assertEqual(r.status, 422, (body, r))
            self.assertIn(field, [e["field"] for e in r.json()["errors"]], r)
        self.assertEqual(self.accommodate(self.ada, {"extraMinutes": "ten"}).status, 400)
        self.assertEqual(call("PUT", mine, raw=b"{", token=self.teacher["token"],
                              headers={"Content-Type": "application/json"}).status, 400)
        self.assertEqual(call("GET", mine, token=self.teacher["token"]).status, 404)

        for body, field in (({"closesAt": from_now(minutes=-10)}, "closesAt"),
                            ({"closesAt": "tomorrow"}, "closesAt"),
                            ({"timeLimitMinutes": 0}, "timeLimitMinutes"),
                            ({"maxAttempts": 101}, "maxAttempts"),
                            ({"timeLimit": 40}, "timeLimit")):
            r = self.override(exam, self.ada, body)
            self.assertEqual(r.status, 422, (body, r))
            self.assertIn(field, [e["field"] for e in r.json()["errors"]], r)
        self.assertEqual(call("GET", f"/exams/exams/{exam['id']}/overrides/{self.ada['id']}",
                              token=self.teacher["token"]).status, 404)
        self.assertEqual(self.deadline(attempt, self.ada), attempt["deadline"])

    def test_if_match_guards_against_lost_updates(self):
        exam = self.exam()
        mine = f"{self.accommodations}/{self.ada['id']}"
        self.assertEqual(self.accommodate(self.ada, {"extraMinutes": 5},
                                          headers={"If-Match": '"1"'}).status, 412)
        self.assertEqual(call("GET", mine, token=self.teacher["token"]).status, 404)
        ok(self.accommodate(self.ada, {"extraMinutes": 5}), 201, "create")
        second = self.accommodate(self.ada, {"extraMinutes": 10}, headers={"If-Match": '"1"'})
        self.assertEqual(ok(second, 200, "a change of version 1")["extraMinutes"], 10)
        self.assertEqual(second.headers["ETag"], '"2"')
        self.assertEqual(self.accommodate(self.ada, {"extraMinutes": 60},
                                          headers={"If-Match": '"1"'}).status, 412)
        self.assertEqual(call("DELETE", mine, token=self.teacher["token"],
                              headers={"If-Match": '"1"'}).status, 412)
        self.assertEqual(ok(call("GET", mine, token=self.teacher["token"]), 200,
                            "unchanged")["extraMinutes"], 10)

        override = f"/exams/exams/{exam['id']}/overrides/{self.ada['id']}"
        first = ok(self.override(exam, self.ada, {"timeLimitMinutes": 40}), 201, "override")
        self.assertEqual(first["timeLimitMinutes"], 40)
        self.assertEqual(self.override(exam, self.ada, {"timeLimitMinutes": 50},
                                       headers={"If-Match": '"7"'}).status, 412)
        self.assertEqual(ok(call("GET", override, token=self.teacher["token"]), 200,
                            "unchanged")["timeLimitMinutes"], 40)
        ok(call("DELETE", override, token=self.teacher["token"], headers={"If-Match": '"1"'}),
           204, "delete version 1")


if __name__ == "__main__":
    unittest.main()
