"""End-to-end: teachers grade, regrade and release exam results (API.md, "exams").

An essay graded by a teacher completes an attempt and its result reaches
api's gradebook; a regrade shows each student's change in a dry run without
changing anything, then changes every affected attempt, keeps its history
and re-releases the new points to the gradebook; results follow the grading
policy over several attempts (JSON and CSV); statistics give facility and
discrimination; MANUAL and AFTER_CLOSE hold results back until released.
"""
from __future__ import annotations

import csv
import io
import unittest

from support import (call, course_with_students, from_now, register, wait_until,
                     setUpModule, tearDownModule)  # noqa: F401

CHOICE = {"type": "SINGLE_CHOICE", "prompt": "Which is right?", "points": 2,
          "options": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}], "correct": "a"}
TRUE_FALSE = {"type": "TRUE_FALSE", "prompt": "The earth is flat.", "points": 1,
              "correct": False}
ESSAY = {"type": "ESSAY", "prompt": "Explain.", "points": 5}


def ok(r, status, what):
    assert r.status == status, f"{what}: expected {status}, got {r!r}"
    return r.json() if r.body else None


class Grading(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.course, cls.teacher, (cls.ada, cls.blaise, cls.carl) = course_with_students(3)
        cls.outsider = register()

    def exam(self, questions, **fields) -> dict:
        body = {"title": "Quiz", "closesAt": from_now(days=1),
                "sections": [{"title": "All", "questions": questions}]}
        body.update(fields)
        exam = ok(call("POST", f"/exams/courses/{self.course['id']}/exams", body,
                       token=self.teacher["token"]), 201, "create the exam")
        return ok(call("POST", f"/exams/exams/{exam['id']}/publish",
                       token=self.teacher["token"]), 200, "publish")

    def take(self, exam: dict, student: dict, answers: dict, submit: bool = True) -> dict:
        """Starts an attempt, answers by question type, and submits it."""
        attempt = ok(call("POST", f"/exams/exams/{exam['id']}/attempts",
                          token=student["token"]), 201, "start")
        for q in attempt["questions"]:
            if q["type"] in answers:
                ok(call("PUT", f"/exams/attempts/{attempt['id']}/answers/{q['id']}",
                        {"answer": answers[q["type"]], "seq": 1}, token=student["token"]),
                   200, "save")
        if not submit:
            return attempt
        return ok(call("POST", f"/exams/attempts/{attempt['id']}/submit",
                       token=student["token"]), 200, "submit")

    def attempt(self, attempt: dict, who: dict) -> dict:
        return ok(call("GET", f"/exams/attempts/{attempt['id']}", token=who["token"]), 200,
                  "read the attempt")

    def question_id(self, attempt: dict, type_: str) -> str:
        return next(q["id"] for q in attempt["questions"] if q["type"] == type_)

    def gradebook_points(self, exam: dict) -> dict:
        r = call("GET", f"/api/courses/{self.course['id']}/gradebook", token=self.teacher["token"])
        assert r.status == 200, r
        return {s["userId"]: g["points"] for s in r.json()["students"] for g in s["grades"]
                if g["itemId"] == exam["id"] and g["points"] is not None}

    def wait_for_gradebook(self, exam: dict, expected: dict):
        wait_until(lambda: self.gradebook_points(exam) == expected, timeout=30,
                   what=f"the gradebook to show {expected}")

    def test_an_essay_graded_by_a_teacher_completes_the_attempt_and_reaches_the_gradebook(self):
        exam = self.exam([CHOICE, ESSAY])
        done = self.take(exam, self.ada, {"SINGLE_CHOICE": "a", "ESSAY": "Because."})
        self.assertEqual(done["state"], "SUBMITTED")
        self.assertIsNone(done["score"])  # nothing released to the student yet
        essay = self.question_id(done, "ESSAY")
        path = f"/exams/attempts/{done['id']}/grades"
        seen = call("GET", f"/exams/attempts/{done['id']}", token=self.teacher["token"])
        etag = seen.headers["ETag"]
        self.assertEqual(seen.json()["history"], [])

        self.assertEqual(call("PATCH", path, {"grades": [{"questionId": essay, "points": 5}]},
                              token=self.ada["token"]).status, 403)
        self.assertEqual(call("PATCH", path, {"grades": [{"questionId": essay, "points": 5}]},
                              token=self.outsider["token"]).status, 404)
        self.assertEqual(call("PATCH", path, {"grades": [{"questionId": essay, "points": 5}]},
                              token=self.blaise["token"]).status, 404)  # not his to know of
        bad = call("PATCH", path, {"grades": [{"questionId": essay, "points": 5.5},
                                              {"questionId": "nope", "points": 1},
                                              {"questionId": essay, "points": -1}]},
                   token=self.teacher["token"])
        self.assertEqual(bad.status, 422, bad)
        self.assertEqual({e["field"] for e in bad.json()["errors"]},
                         {"grades[0].points", "grades[1].questionId", "grades[2].questionId",
                          "grades[2].points"})
        stale = call("PATCH", path, {"grades": [{"questionId": essay, "points": 4}]},
                     token=self.teacher["token"], headers={"If-Match": '"999"'})
        self.assertEqual(stale.status, 412, stale)
        self.assertEqual(self.attempt(done, self.teacher)["state"], "SUBMITTED")

        graded = ok(call("PATCH", path, {"grades": [{"questionId": essay, "points": 4,
                                                     "feedback": "Short but right"}]},
                         token=self.teacher["token"], headers={"If-Match": etag}),
                    200, "grade the essay")
        self.assertEqual((graded["state"], graded["score"]), ("GRADED", 6))
        self.assertEqual([(h["questionId"], h["from"], h["to"], h["reason"])
                          for h in graded["history"]], [(essay, 0, 4, None)])
        mine = self.attempt(done, self.ada)
        self.assertEqual(mine["score"], 6)
        self.assertNotIn("history", mine)
        feedback = {p["questionId"]: p["feedback"] for p in mine["perQuestion"]}
        self.assertEqual(feedback[essay], "Short but right")
        self.wait_for_gradebook(exam, {self.ada["id"]: 6})

        in_progress = self.take(exam, self.blaise, {}, submit=False)
        self.assertEqual(call("PATCH", f"/exams/attempts/{in_progress['id']}/grades",
                              {"grades": [{"questionId": essay, "points": 1}]},
                              token=self.teacher["token"]).status, 409)

    def test_a_dry_run_regrade_changes_nothing_and_the_regrade_changes_every_attempt(self):
        exam = self.exam([CHOICE, TRUE_FALSE])
        attempts = {s["id"]: self.take(exam, s, {"SINGLE_CHOICE": choice, "TRUE_FALSE": False})
                    for s, choice in ((self.ada, "b"), (self.blaise, "a"), (self.carl, "b"))}
        self.assertEqual(sorted(a["score"] for a in attempts.values()), [1, 1, 3])
        self.wait_for_gradebook(exam, {self.ada["id"]: 1, self.blaise["id"]: 3,
                                       self.carl["id"]: 1})
        question = exam["sections"][0]["questions"][0]["id"]
        path = f"/exams/exams/{exam['id']}/questions/{question}/regrade"
        fix = {"correct": "b", "reason": "the key named the wrong option"}

        self.assertEqual(call("POST", path, fix, token=self.ada["token"]).status, 403)
        self.assertEqual(call("POST", path, fix, token=self.outsider["token"]).status, 404)
        self.assertEqual(call("POST", path, {"correct": "b"}, token=self.teacher["token"]).status,
                         422)
        self.assertEqual(call("POST", path, {"correct": "z", "reason": "x"},
                              token=self.teacher["token"]).status, 422)
        self.assertEqual(call("POST", path, {"type": "ESSAY", "reason": "x"},
                              token=self.teacher["token"]).status, 422)
        self.assertEqual(call("POST", f"/exams/exams/{exam['id']}/questions/nope/regrade", fix,
                              token=self.teacher["token"]).status, 404)

        expected = {(self.ada["id"], 1, 3), (self.blaise["id"], 3, 1), (self.carl["id"], 1, 3)}
        dry = ok(call("POST", path + "?dryRun=true", fix, token=self.teacher["token"]), 200,
                 "dry run")
        self.assertEqual(dry["attemptsChanged"], 3)
        self.assertEqual({(c["studentId"], c["from"], c["to"]) for c in dry["changes"]}, expected)
        for student_id, attempt in attempts.items():
            seen = self.attempt(attempt, self.teacher)
            self.assertEqual(seen["score"], attempt["score"])
            self.assertEqual(seen["history"], [])
        key = ok(call("GET", f"/exams/exams/{exam['id']}", token=self.teacher["token"]), 200,
                 "the exam")["sections"][0]["questions"][0]["correct"]
        self.assertEqual(key, "a")

        done = ok(call("POST", path, fix, token=self.teacher["token"]), 200, "regrade")
        self.assertEqual({(c["studentId"], c["from"], c["to"]) for c in done["changes"]},
                         expected)
        ada = self.attempt(attempts[self.ada["id"]], self.teacher)
        self.assertEqual(ada["score"], 3)
        self.assertEqual([(h["questionId"], h["from"], h["to"], h["reason"], h["actorId"])
                          for h in ada["history"]],
                         [(question, 0, 2, fix["reason"], self.teacher["id"])])
        self.assertEqual(self.attempt(attempts[self.ada["id"]], self.ada)["score"], 3)
        key = ok(call("GET", f"/exams/exams/{exam['id']}", token=self.teacher["token"]), 200,
                 "the exam")["sections"][0]["questions"][0]["correct"]
        self.assertEqual(key, "b")
        self.wait_for_gradebook(exam, {self.ada["id"]: 3, self.blaise["id"]: 1,
                                       self.carl["id"]: 3})

        worth_more = ok(call("POST", path, {"points": 4, "reason": "counts double"},
                             token=self.teacher["token"]), 200, "regrade the points")
        self.assertEqual(worth_more["attemptsChanged"], 2)  # blaise's 0 stays 0
        self.assertEqual(ok(call("GET", f"/exams/exams/{exam['id']}", token=self.teacher["token"]),
                            200, "the exam")["maxPoints"], 5)
        self.wait_for_gradebook(exam, {self.ada["id"]: 5, self.blaise["id"]: 1,
                                       self.carl["id"]: 5})

    def test_results_follow_the_grading_policy_in_json_and_csv(self):
        exam = self.exam([CHOICE, TRUE_FALSE], maxAttempts=2, gradingPolicy="HIGHEST")
        first = self.take(exam, self.ada, {"SINGLE_CHOICE": "a", "TRUE_FALSE": False})
        second = self.take(exam, self.ada, {"SINGLE_CHOICE": "b"})
        self.take(exam, self.blaise, {"TRUE_FALSE": False})
        self.assertEqual((first["score"], second["score"]), (3, 0))
        path = f"/exams/exams/{exam['id']}/results"
        self.assertEqual(call("GET", path, token=self.ada["token"]).status, 403)
        self.assertEqual(call("GET", path, token=self.outsider["token"]).status, 404)

        results = ok(call("GET", path, token=self.teacher["token"]), 200, "results")
        by_student = {r["studentId"]: r for r in results["items"]}
        self.assertEqual(by_student[self.ada["id"]]["score"], 3)
        self.assertEqual([a["score"] for a in by_student[self.ada["id"]]["attempts"]], [3, 0])
        self.assertEqual(by_student[self.blaise["id"]]["score"], 1)

        exam = ok(call("PATCH", f"/exams/exams/{exam['id']}", {"gradingPolicy": "LATEST"},
                       token=self.teacher["token"]), 200, "policy LATEST")
        results = ok(call("GET", path, token=self.teacher["token"]), 200, "results")
        self.assertEqual({r["studentId"]: r["score"] for r in results["items"]},
                         {self.ada["id"]: 0, self.blaise["id"]: 1})

        r = call("GET", path, token=self.teacher["token"], headers={"Accept": "text/csv"})
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.headers["Content-Type"].startswith("text/csv"))
        rows = list(csv.reader(io.StringIO(r.body.decode())))
        self.assertEqual(rows[0], ["Student ID", "Attempt 1", "Attempt 2", "Score (LATEST)",
                                   "Max points"])
        self.assertEqual(sorted(rows[1:]), sorted([[self.ada["id"], "3", "0", "0", "3"],
                                                   [self.blaise["id"], "1", "", "1", "3"]]))

    def test_statistics_give_facility_and_discrimination_per_question(self):
        exam = self.exam([CHOICE, TRUE_FALSE])
        self.take(exam, self.ada, {"SINGLE_CHOICE": "a", "TRUE_FALSE": False})  # 3
        self.take(exam, self.blaise, {"SINGLE_CHOICE": "a", "TRUE_FALSE": True})  # 2
        self.take(exam, self.carl, {})  # 0
        path = f"/exams/exams/{exam['id']}/statistics"
        self.assertEqual(call("GET", path, token=self.carl["token"]).status, 403)
        stats = ok(call("GET", path, token=self.teacher["token"]), 200, "statistics")
        self.assertEqual(stats["attemptsCounted"], 3)
        choice, true_false = stats["items"]
        ids = [q["id"] for q in exam["sections"][0]["questions"]]
        self.assertEqual([choice["questionId"], true_false["questionId"]], ids)
        self.assertEqual((choice["answered"], choice["attempts"]), (2, 3))
        self.assertAlmostEqual(choice["facility"], 4 / 6, places=3)
        self.assertAlmostEqual(choice["meanScore"], 1.33, places=2)
        # Upper group: ada (3), lower group: carl (0), one each of three.
        self.assertEqual(choice["discrimination"], 1)
        self.assertEqual(true_false["answered"], 2)
        self.assertAlmostEqual(true_false["facility"], 1 / 3, places=3)
        self.assertEqual(true_false["discrimination"], 1)

    def test_manual_release_holds_the_score_back_until_the_teacher_releases(self):
        exam = self.exam([TRUE_FALSE], resultRelease="MANUAL")
        done = self.take(exam, self.ada, {"TRUE_FALSE": False})
        self.assertEqual(done["state"], "GRADED")
        self.assertIsNone(done["score"])
        self.assertIsNone(self.attempt(done, self.ada)["perQuestion"])
        self.assertEqual(self.attempt(done, self.teacher)["score"], 1)
        path = f"/exams/exams/{exam['id']}/release"
        self.assertEqual(call("POST", path, token=self.ada["token"]).status, 403)

        released = ok(call("POST", path, token=self.teacher["token"]), 200, "release")
        self.assertEqual(released["studentsReleased"], 1)
        self.assertEqual(self.attempt(done, self.ada)["score"], 1)
        self.wait_for_gradebook(exam, {self.ada["id"]: 1})
        later = self.take(exam, self.blaise, {"TRUE_FALSE": True})
        self.assertEqual(later["score"], 0)  # released at once once the exam's results are
        self.wait_for_gradebook(exam, {self.ada["id"]: 1, self.blaise["id"]: 0})
        self.assertEqual(ok(call("POST", path, token=self.teacher["token"]), 200,
                            "release again")["studentsReleased"], 0)

        immediate = self.exam([TRUE_FALSE])
        self.assertEqual(call("POST", f"/exams/exams/{immediate['id']}/release",
                              token=self.teacher["token"]).status, 409)

    def test_after_close_results_are_released_when_the_exam_closes(self):
        exam = self.exam([TRUE_FALSE], resultRelease="AFTER_CLOSE")
        done = self.take(exam, self.ada, {"TRUE_FALSE": False})
        open_attempt = self.take(exam, self.blaise, {"TRUE_FALSE": False}, submit=False)
        self.assertIsNone(done["score"])
        self.assertIsNone(self.attempt(done, self.ada)["releasedAt"])
        ok(call("POST", f"/exams/exams/{exam['id']}/close", token=self.teacher["token"]), 200,
           "close")
        self.assertEqual(self.attempt(done, self.ada)["score"], 1)
        self.assertEqual(self.attempt(open_attempt, self.blaise)["score"], 1)
        self.wait_for_gradebook(exam, {self.ada["id"]: 1, self.blaise["id"]: 1})

    def test_after_close_results_are_released_when_the_close_time_comes(self):
        exam = self.exam([TRUE_FALSE], resultRelease="AFTER_CLOSE", closesAt=from_now(days=1))
        done = self.take(exam, self.carl, {"TRUE_FALSE": False})
        self.assertIsNone(done["score"])
        # The close time brought near only now, however slow the machine was so far.
        ok(call("PATCH", f"/exams/exams/{exam['id']}", {"closesAt": from_now(seconds=2)},
                token=self.teacher["token"]), 200, "close soon")
        released = wait_until(lambda: self.attempt(done, self.carl)["score"] is not None,
                              timeout=30, what="the result released at the close time")
        self.assertTrue(released)
        self.assertEqual(self.attempt(done, self.carl)["score"], 1)
        self.wait_for_gradebook(exam, {self.carl["id"]: 1})


if __name__ == "__main__":
    unittest.main()
