"""End-to-end: api reminds the students who have not turned in coursework due
within a day (coursework.due_soon on the event stream): once per due date,
across a restart of the api, and again when the due date moves.

api looks every second here (CLASSROOM_API_REMINDER_INTERVAL). That nothing
more was sent is shown by a later reminder: the task goes through coursework
soonest due first, so the round that reminds of later coursework has seen the
earlier one.
"""
from __future__ import annotations

import unittest
import uuid

import support
from support import (Stack, call, course_with_students, from_now, start_component,
                     stop_component, stream_events, wait_until, tearDownModule)  # noqa: F401


def setUpModule() -> None:
    support.ENV["CLASSROOM_API_REMINDER_INTERVAL"] = "1"
    Stack.start()


def create_coursework(course: dict, teacher: dict, **fields) -> dict:
    body = {"title": f"Essay {uuid.uuid4().hex[:6]}", "workType": "ASSIGNMENT",
            "maxPoints": 10, "state": "PUBLISHED", **fields}
    r = call("POST", f"/api/courses/{course['id']}/coursework", body, token=teacher["token"])
    assert r.status == 201, r
    return r.json()


def reminders(cw: dict) -> list[dict]:
    return [e for e in stream_events() if e["type"] == "coursework.due_soon"
            and e["data"]["courseworkId"] == cw["id"]]


def wait_for_reminders(cw: dict, count: int) -> list[dict]:
    """The coursework's reminders once there are `count` of them."""
    return wait_until(lambda: (lambda found: found if len(found) >= count else None)(
        reminders(cw)), what=f"{count} coursework.due_soon of {cw['id']}")


class DueSoon(unittest.TestCase):
    def setUp(self):
        self.course, self.owner, self.students = course_with_students(3)

    def move_due_date(self, cw: dict, **delta) -> dict:
        r = call("PATCH", f"/api/courses/{self.course['id']}/coursework/{cw['id']}",
                 {"dueAt": from_now(**delta)}, token=self.owner["token"])
        assert r.status == 200, r
        return r.json()

    def test_the_students_left_to_turn_in_are_reminded_once_per_due_date(self):
        done, waiting, unassigned = self.students
        cw = create_coursework(self.course, self.owner, dueAt=from_now(days=3),
                               assignees=[done["id"], waiting["id"]])
        subs = call("GET", f"/api/courses/{self.course['id']}/coursework/{cw['id']}/submissions",
                    token=done["token"]).json()["items"]
        r = call("POST", f"/api/courses/{self.course['id']}/coursework/{cw['id']}/submissions/"
                 f"{subs[0]['id']}/turn-in", token=done["token"])
        self.assertEqual(r.status, 200, r)
        # Moved to within a day of now: reminded at once.
        cw = self.move_due_date(cw, hours=2)
        [first] = wait_for_reminders(cw, 1)
        self.assertEqual(first["data"], {"courseworkId": cw["id"], "title": cw["title"],
                                         "dueAt": cw["dueAt"], "courseName": self.course["name"],
                                         "recipientIds": [waiting["id"]]})
        self.assertEqual(first["courseId"], self.course["id"])
        self.assertIsNone(first["actorId"])
        self.assertNotIn(unassigned["id"], first["data"]["recipientIds"])

        stop_component("api")
        start_component("api")
        later = create_coursework(self.course, self.owner, dueAt=from_now(hours=3))
        wait_for_reminders(later, 1)
        self.assertEqual(len(reminders(cw)), 1, "reminded again after a restart")

        cw = self.move_due_date(cw, hours=4)
        reminded = wait_for_reminders(cw, 2)
        self.assertEqual(len(reminded), 2, reminded)
        self.assertEqual(reminded[1]["data"]["dueAt"], cw["dueAt"])
        self.assertEqual(reminded[1]["data"]["recipientIds"], [waiting["id"]])

    def test_a_due_date_moved_away_and_back_is_reminded_again(self):
        due = from_now(hours=2)
        cw = create_coursework(self.course, self.owner, dueAt=due)
        wait_for_reminders(cw, 1)
        self.move_due_date(cw, days=3)  # beyond a day: nothing to remind of yet
        r = call("PATCH", f"/api/courses/{self.course['id']}/coursework/{cw['id']}",
                 {"dueAt": due}, token=self.owner["token"])
        self.assertEqual(r.status, 200, r)
        reminded = wait_for_reminders(cw, 2)
        self.assertEqual([e["data"]["dueAt"] for e in reminded], [cw["dueAt"]] * 2)

    def test_work_given_to_all_reminds_every_student_who_has_not_turned_in(self):
        cw = create_coursework(self.course, self.owner, dueAt=from_now(hours=20))
        [reminder] = wait_for_reminders(cw, 1)
        self.assertEqual(sorted(reminder["data"]["recipientIds"]),
                         sorted(s["id"] for s in self.students))

    def test_a_draft_is_not_reminded(self):
        draft = create_coursework(self.course, self.owner, dueAt=from_now(hours=1),
                                  state="DRAFT")
        later = create_coursework(self.course, self.owner, dueAt=from_now(hours=2))
        wait_for_reminders(later, 1)
        self.assertEqual(reminders(draft), [])

    def test_nothing_when_every_student_has_turned_in(self):
        course, owner, [student] = course_with_students(1)
        cw = create_coursework(course, owner, dueAt=from_now(days=2))
        sub_base = f"/api/courses/{course['id']}/coursework/{cw['id']}/submissions"
        [sub] = call("GET", sub_base, token=student["token"]).json()["items"]
        r = call("POST", f"{sub_base}/{sub['id']}/turn-in", token=student["token"])
        self.assertEqual(r.status, 200, r)
        r = call("PATCH", f"/api/courses/{course['id']}/coursework/{cw['id']}",
                 {"dueAt": from_now(hours=1)}, token=owner["token"])
        self.assertEqual(r.status, 200, r)
        later = create_coursework(course, owner, dueAt=from_now(hours=2))
        wait_for_reminders(later, 1)
        self.assertEqual(reminders(cw), [])


if __name__ == "__main__":
    unittest.main()
