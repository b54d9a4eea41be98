"""End-to-end: students take an exam through the gateway (API.md, "exams").

Two students of a course take a timed exam. Every answer acknowledged is
stored and comes back; `seq` orders a student's saves; the deadline is the
server's; a submitted attempt is graded at once and, with results released
immediately, its points reach api's gradebook. An attempt left open is
submitted by the service at its deadline, also when the service was stopped
at that moment.
"""
from __future__ import annotations

import random
import unittest
from concurrent.futures import ThreadPoolExecutor

from support import (call, course_with_students, from_now, parse_time, start_component,
                     stop_component, stream_events, wait_until, setUpModule,
                     tearDownModule)  # noqa: F401

KEY_FIELDS = {"correct", "accepted", "pattern", "caseSensitive", "value", "tolerance"}

QUESTIONS = [
    {"type": "SINGLE_CHOICE", "prompt": "2 + 2 = ?", "points": 2,
     "options": [{"id": "a", "text": "3"}, {"id": "b", "text": "4"}], "correct": "b"},
    {"type": "TRUE_FALSE", "prompt": "The earth is flat.", "points": 1, "correct": False},
    {"type": "NUMERIC", "prompt": "Pi to two decimals?", "points": 1.5, "value": 3.14,
     "tolerance": 0.005},
]


def walk(value):
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from walk(v)


def ok(r, status, what):
    assert r.status == status, f"{what}: expected {status}, got {r!r}"
    return r.json() if r.body else None


class TakingAnExam(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.course, cls.teacher, (cls.ada, cls.blaise) = course_with_students(2)

    def exam(self, **fields) -> dict:
        body = {"title": "Quiz", "timeLimitMinutes": 30, "closesAt": from_now(days=1),
                "sections": [{"title": "All", "questions": QUESTIONS}]}
        body.update(fields)
        exam = ok(call("POST", f"/exams/courses/{self.course['id']}/exams", body,
                       token=self.teacher["token"]), 201, "create the exam")
        ok(call("POST", f"/exams/exams/{exam['id']}/publish", token=self.teacher["token"]),
           200, "publish")
        return exam

    def start(self, exam: dict, student: dict, status: int = 201) -> dict:
        return ok(call("POST", f"/exams/exams/{exam['id']}/attempts", token=student["token"]),
                  status, "start")

    def save(self, attempt: dict, student: dict, question_id: str, answer, seq: int):
        return call("PUT", f"/exams/attempts/{attempt['id']}/answers/{question_id}",
                    {"answer": answer, "seq": seq}, token=student["token"])

    def test_an_attempt_is_saved_answer_by_answer_graded_at_submit_and_reaches_the_gradebook(self):
        exam = self.exam()
        attempt = self.start(exam, self.ada)
        self.assertEqual(attempt["state"], "IN_PROGRESS")
        self.assertEqual(attempt["number"], 1)
        self.assertFalse(KEY_FIELDS & set(walk(attempt["questions"])), attempt)
        started = parse_time(attempt["startedAt"])
        self.assertAlmostEqual((parse_time(attempt["deadline"]) - started).total_seconds(),
                               30 * 60, delta=1)
        self.assertIsNone(attempt["score"])
        again = self.start(exam, self.ada, 200)
        self.assertEqual(again["id"], attempt["id"])

        ids = {q["type"]: q["id"] for q in attempt["questions"]}
        first = ok(self.save(attempt, self.ada, ids["SINGLE_CHOICE"], "a", 1), 200, "save")
        self.assertEqual(first["seq"], 1)
        self.assertEqual(ok(self.save(attempt, self.ada, ids["SINGLE_CHOICE"], "a", 1), 200,
                            "the same seq again"), first)
        ok(self.save(attempt, self.ada, ids["SINGLE_CHOICE"], "b", 3), 200, "a later answer")
        stale = self.save(attempt, self.ada, ids["SINGLE_CHOICE"], "a", 2)
        self.assertEqual(stale.status, 409, stale)
        self.assertIn("seq 3", stale.json()["detail"])
        bad = self.save(attempt, self.ada, ids["SINGLE_CHOICE"], "zzz", 4)
        self.assertEqual(bad.status, 422, bad)
        self.assertEqual(self.save(attempt, self.ada, "no-such-question", "a", 5).status, 404)
        self.assertEqual(self.save(attempt, self.blaise, ids["TRUE_FALSE"], False, 1).status, 404)
        ok(self.save(attempt, self.ada, ids["TRUE_FALSE"], False, 1), 200, "true/false")
        ok(self.save(attempt, self.ada, ids["NUMERIC"], 3.2, 1), 200, "numeric")

        seen = ok(call("GET", f"/exams/attempts/{attempt['id']}", token=self.ada["token"]),
                  200, "read")
        self.assertEqual({k: (v["answer"], v["seq"]) for k, v in seen["answers"].items()},
                         {ids["SINGLE_CHOICE"]: ("b", 3), ids["TRUE_FALSE"]: (False, 1),
                          ids["NUMERIC"]: (3.2, 1)})
        self.assertEqual(call("GET", f"/exams/attempts/{attempt['id']}",
                              token=self.blaise["token"]).status, 404)

        done = ok(call("POST", f"/exams/attempts/{attempt['id']}/submit", token=self.ada["token"]),
                  200, "submit")
        self.assertEqual(done["state"], "GRADED")
        self.assertEqual(done["score"], 3)  # 2 + 1, the numeric answer is off
        self.assertEqual([p["points"] for p in done["perQuestion"]].count(0), 1)
        self.assertEqual(call("POST", f"/exams/attempts/{attempt['id']}/submit",
                              token=self.ada["token"]).status, 409)
        self.assertEqual(self.save(attempt, self.ada, ids["TRUE_FALSE"], True, 9).status, 409)
        self.assertEqual(self.start(exam, self.ada, 409).get("status"), 409)  # one attempt only

        teachers = ok(call("GET", f"/exams/exams/{exam['id']}/attempts",
                           token=self.teacher["token"]), 200, "the teacher's list")
        self.assertEqual([a["id"] for a in teachers["items"]], [attempt["id"]])
        self.assertEqual(ok(call("GET", f"/exams/exams/{exam['id']}/attempts",
                                 token=self.blaise["token"]), 200, "blaise's list")["items"], [])

        def in_gradebook():
            r = call("GET", f"/api/courses/{self.course['id']}/gradebook",
                     token=self.teacher["token"])
            cells = [g for s in r.json().get("students", []) for g in s["grades"]
                     if g["itemId"] == exam["id"] and g["points"] is not None]
            return cells if r.status == 200 and cells else None

        cells = wait_until(in_gradebook, timeout=30, what="the result in api's gradebook")
        self.assertEqual(cells[0]["points"], 3)
        progress = ok(call("GET", f"/api/courses/{self.course['id']}/students/{self.ada['id']}"
                                  "/progress", token=self.ada["token"]), 200, "ada's progress")
        self.assertIn({"kind": "exam", "id": exam["id"], "title": "Quiz", "maxPoints": 4.5,
                       "assignedGrade": 3}, progress["items"])

    def test_a_class_takes_an_exam_one_student_with_extra_time_and_both_results_reach_api(self):
        course, teacher, (ada, blaise) = course_with_students(2)
        ok(call("PUT", f"/exams/courses/{course['id']}/accommodations/{blaise['id']}",
                {"timeMultiplier": 1.5, "extraMinutes": 0, "extendPastClose": False},
                token=teacher["token"]), 201, "blaise's extra time")
        exam = ok(call("POST", f"/exams/courses/{course['id']}/exams",
                       {"title": "Final", "timeLimitMinutes": 40, "closesAt": from_now(days=1),
                        "resultRelease": "MANUAL",
                        "sections": [{"title": "All", "questions": QUESTIONS}]},
                       token=teacher["token"]), 201, "create")
        ok(call("POST", f"/exams/exams/{exam['id']}/publish", token=teacher["token"]), 200,
           "publish")
        answers = {ada["id"]: ("b", True, 3.14), blaise["id"]: ("a", False, 3.14)}
        for student in (ada, blaise):
            attempt = self.start(exam, student)
            minutes = (parse_time(attempt["deadline"]) -
                       parse_time(attempt["startedAt"])).total_seconds() / 60
            self.assertAlmostEqual(minutes, 60 if student is blaise else 40, delta=0.1)
            ids = {q["type"]: q["id"] for q in attempt["questions"]}
            single, tf, numeric = answers[student["id"]]
            for qtype, answer in (("SINGLE_CHOICE", single), ("TRUE_FALSE", tf),
                                  ("NUMERIC", numeric)):
                ok(self.save(attempt, student, ids[qtype], answer, 1), 200, "save")
            done = ok(call("POST", f"/exams/attempts/{attempt['id']}/submit",
                           token=student["token"]), 200, "submit")
            self.assertIsNone(done["score"])  # released by hand, not yet
        ok(call("POST", f"/exams/exams/{exam['id']}/release", token=teacher["token"]), 200,
           "release")
        expected = {ada["id"]: 3.5, blaise["id"]: 2.5}  # ada 2 + 0 + 1.5, blaise 0 + 1 + 1.5

        def results_in_api():
            r = call("GET", f"/api/courses/{course['id']}/gradebook", token=teacher["token"])
            got = {s["userId"]: g["points"] for s in r.json().get("students", [])
                   for g in s["grades"] if g["itemId"] == exam["id"]}
            return got if got == expected else None

        wait_until(results_in_api, timeout=30, what="both results in api's gradebook")
        for student in (ada, blaise):
            progress = ok(call("GET", f"/api/courses/{course['id']}/students/{student['id']}"
                                      "/progress", token=student["token"]), 200, "progress")
            exams = [i for i in progress["items"] if i["kind"] == "exam"]
            self.assertEqual([(i["id"], i["assignedGrade"]) for i in exams],
                             [(exam["id"], expected[student["id"]])])

    def test_a_later_close_gives_attempts_in_progress_more_time_and_an_earlier_one_none_less(self):
        exam = self.exam(timeLimitMinutes=None, closesAt=from_now(hours=1))
        attempt = self.start(exam, self.blaise)
        path = f"/exams/exams/{exam['id']}"
        later = ok(call("PATCH", path, {"closesAt": from_now(hours=3)},
                        token=self.teacher["token"]), 200, "a later close")
        moved = ok(call("GET", f"/exams/attempts/{attempt['id']}", token=self.blaise["token"]),
                   200, "read")
        self.assertEqual(moved["deadline"], later["closesAt"])
        ok(call("PATCH", path, {"closesAt": from_now(hours=2)}, token=self.teacher["token"]),
           200, "an earlier close")
        kept = ok(call("GET", f"/exams/attempts/{attempt['id']}", token=self.blaise["token"]),
                  200, "read")
        self.assertEqual(kept["deadline"], later["closesAt"])  # never ends one sooner

    def test_concurrent_saves_in_any_order_keep_the_highest_seq(self):
        exam = self.exam()
        attempt = self.start(exam, self.blaise)
        numeric = next(q["id"] for q in attempt["questions"] if q["type"] == "NUMERIC")
        seqs = list(range(1, 41))
        random.Random(5).shuffle(seqs)
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(lambda n: self.save(attempt, self.blaise, numeric, n, n), seqs))
        for n, r in zip(seqs, answers):
            # Each is stored (200) or finds a later one there already (409): never anything else.
            self.assertIn(r.status, (200, 409), (n, r))
        self.assertIn(200, [r.status for r in answers])
        stored = ok(call("GET", f"/exams/attempts/{attempt['id']}", token=self.blaise["token"]),
                    200, "read")["answers"][numeric]
        self.assertEqual((stored["answer"], stored["seq"]), (40, 40))

    def test_answers_are_saved_and_submitted_while_api_is_down(self):
        exam = self.exam()
        attempt = self.start(exam, self.ada)  # who is in the course is known from here on
        tf = next(q["id"] for q in attempt["questions"] if q["type"] == "TRUE_FALSE")
        stop_component("api")
        try:
            ok(self.save(attempt, self.ada, tf, False, 1), 200, "a save with api down")
            done = ok(call("POST", f"/exams/attempts/{attempt['id']}/submit",
                           token=self.ada["token"]), 200, "a submit with api down")
            self.assertEqual(done["state"], "GRADED")
        finally:
            start_component("api")

    def test_an_attempt_left_open_is_submitted_at_its_deadline_even_across_a_restart(self):
        exam = self.exam(timeLimitMinutes=None, closesAt=from_now(seconds=12))
        left_open = self.start(exam, self.ada)
        tf = next(q["id"] for q in left_open["questions"] if q["type"] == "TRUE_FALSE")
        ok(self.save(left_open, self.ada, tf, False, 1), 200, "an answer before the deadline")
        across_restart = self.start(exam, self.blaise)
        stop_component("exams")
        try:
            wait_until(lambda: parse_time(across_restart["deadline"]).timestamp() + 11
                       < parse_time(from_now()).timestamp(), timeout=30,
                       what="the deadline and grace to pass while exams is stopped")
        finally:
            start_component("exams")

        def submitted(attempt, student):
            r = call("GET", f"/exams/attempts/{attempt['id']}", token=student["token"])
            return r.json() if r.status == 200 and r.json()["state"] != "IN_PROGRESS" else None

        ada = wait_until(lambda: submitted(left_open, self.ada), timeout=30,
                         what="ada's attempt submitted")
        late = self.save(left_open, self.ada, tf, True, 2)
        self.assertEqual(late.status, 409, late)  # past the deadline: nothing stored
        kept = ok(call("GET", f"/exams/attempts/{left_open['id']}", token=self.ada["token"]),
                  200, "read")["answers"][tf]
        self.assertEqual((kept["answer"], kept["seq"]), (False, 1))
        blaise = wait_until(lambda: submitted(across_restart, self.blaise), timeout=30,
                            what="blaise's attempt submitted")
        self.assertEqual((ada["state"], ada["score"]), ("GRADED", 1))
        self.assertEqual((blaise["state"], blaise["score"]), ("GRADED", 0))
        self.assertEqual(ada["submittedAt"], ada["deadline"])
        events = [e for e in stream_events() if e["type"] == "attempt.submitted"
                  and e["data"]["examId"] == exam["id"]]
        self.assertEqual(sorted(e["data"]["studentId"] for e in events),
                         sorted([self.ada["id"], self.blaise["id"]]))


if __name__ == "__main__":
    unittest.main()
