"""End-to-end: the api service's coursework, submissions and grading through the
gateway with real accounts: drafts, publishing (now, and on schedule across a
restart of the api), the submission state machine of docs/api.md, lateness,
grades and bulk grading.
"""
from __future__ import annotations

import subprocess
import unittest
import uuid
from datetime import datetime, timedelta, timezone

from support import (Stack, add_teacher, call, course_with_students, from_now, join, next_link,
                     parse_time, register, rfc3339, start_component, stop_component,
                     stream_events, uuid7, wait_until, setUpModule, tearDownModule)  # noqa: F401

PROBLEM = "application/problem+json"


def cw_path(course: dict, rest: str = "") -> str:
    return f"/api/courses/{course['id']}/coursework{rest}"


def create_coursework(course: dict, teacher: dict, **fields) -> dict:
    body = {"title": f"Assignment {uuid.uuid4().hex[:6]}", "workType": "ASSIGNMENT",
            "maxPoints": 10, "state": "PUBLISHED", **fields}
    r = call("POST", cw_path(course), body, token=teacher["token"])
    assert r.status == 201, r
    return r.json()


def submissions(course: dict, cw: dict, user: dict, query: str = "") -> list[dict]:
    r = call("GET", cw_path(course, f"/{cw['id']}/submissions{query}"), token=user["token"])
    assert r.status == 200, r
    return r.json()["items"]


def sub_path(course: dict, sub: dict, rest: str = "") -> str:
    return cw_path(course, f"/{sub['courseworkId']}/submissions/{sub['id']}{rest}")


def own_submission(course: dict, cw: dict, student: dict) -> dict:
    items = submissions(course, cw, student)
    assert len(items) == 1, items
    return items[0]


class ProblemAssertions(unittest.TestCase):
    def assertProblem(self, r, status: int, type_: str | None = None):
        self.assertEqual(r.status, status, r)
        self.assertEqual(r.headers["Content-Type"], PROBLEM)
        body = r.json()
        self.assertEqual(body["status"], status)
        if type_:
            self.assertEqual(body["type"], type_)
        return body


class Drafts(ProblemAssertions):
    def test_students_cannot_see_drafts(self):
        course, owner, [student] = course_with_students(1)
        draft = create_coursework(course, owner, state="DRAFT")
        self.assertEqual(draft["state"], "DRAFT")
        self.assertIsNone(draft["publishedAt"])
        self.assertProblem(call("GET", cw_path(course, f"/{draft['id']}"),
                                token=student["token"]), 404, "/problems/not-found")
        self.assertProblem(call("GET", cw_path(course, f"/{draft['id']}/submissions"),
                                token=student["token"]), 404)
        listed = call("GET", cw_path(course), token=student["token"])
        self.assertEqual(listed.status, 200, listed)
        self.assertEqual(listed.json()["items"], [])
        teacher_view = call("GET", cw_path(course, "?state=DRAFT"), token=owner["token"]).json()
        self.assertEqual([c["id"] for c in teacher_view["items"]], [draft["id"]])
        self.assertEqual(submissions(course, draft, owner), [])

    def test_a_new_item_is_a_draft_unless_the_request_publishes_it(self):
        course, owner, [student] = course_with_students(1)
        r = call("POST", cw_path(course), {"title": "Reading", "workType": "ASSIGNMENT"},
                 token=owner["token"])
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["state"], "DRAFT")
        self.assertProblem(call("GET", cw_path(course, f"/{r.json()['id']}"),
                                token=student["token"]), 404)

    def test_students_cannot_create_coursework(self):
        course, _, [student] = course_with_students(1)
        self.assertProblem(call("POST", cw_path(course), {"title": "Mine", "workType": "ASSIGNMENT"},
                                token=student["token"]), 403)

    def test_publishing_creates_new_submissions_for_the_assigned_students_only(self):
        course, owner, [first, second, third] = course_with_students(3)
        draft = create_coursework(course, owner, state="DRAFT",
                                  assignees=[first["id"], second["id"]])
        self.assertEqual(sorted(draft["assignees"]), sorted([first["id"], second["id"]]))
        r = call("PATCH", cw_path(course, f"/{draft['id']}"), {"state": "PUBLISHED"},
                 token=owner["token"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["state"], "PUBLISHED")
        self.assertTrue(r.json()["publishedAt"].endswith("Z"))
        subs = submissions(course, draft, owner)
        self.assertEqual(sorted(s["studentId"] for s in subs), sorted([first["id"], second["id"]]))
        for s in subs:
            self.assertEqual(s["state"], "NEW")
            self.assertEqual(s["courseworkId"], draft["id"])
            self.assertFalse(s["late"])
            self.assertIsNone(s["assignedGrade"])
        mine = own_submission(course, draft, first)
        self.assertEqual(mine["studentId"], first["id"])
        self.assertEqual(call("GET", cw_path(course, f"/{draft['id']}"),
                              token=first["token"]).status, 200)
        self.assertProblem(call("GET", cw_path(course, f"/{draft['id']}"),
                                token=third["token"]), 404)
        self.assertEqual(call("GET", cw_path(course), token=third["token"]).json()["items"], [])

    def test_publishing_for_all_students_gives_each_a_submission(self):
        course, owner, students = course_with_students(2)
        cw = create_coursework(course, owner)
        self.assertIsNone(cw["assignees"])
        self.assertEqual(sorted(s["studentId"] for s in submissions(course, cw, owner)),
                         sorted(s["id"] for s in students))

    def test_materials_get_no_submissions(self):
        course, owner, [student] = course_with_students(1)
        material = create_coursework(course, owner, workType="MATERIAL", maxPoints=None,
                                     materials=[{"url": "https://example.org/notes.pdf",
                                                 "title": "Notes"}])
        self.assertEqual(material["materials"], [{"url": "https://example.org/notes.pdf",
                                                  "title": "Notes"}])
        self.assertEqual(call("GET", cw_path(course, f"/{material['id']}"),
                              token=student["token"]).status, 200)
        # Submissions exist for assignments only: a material has no such list.
        self.assertProblem(call("GET", cw_path(course, f"/{material['id']}/submissions"),
                                token=owner["token"]), 404)

    def test_a_student_who_joins_later_gets_a_submission_for_work_given_to_all(self):
        course, owner, [early] = course_with_students(1)
        for_all = create_coursework(course, owner)
        for_early = create_coursework(course, owner, assignees=[early["id"]])
        late = register()
        self.assertEqual(join(late, course["joinCode"]).status, 200)
        mine = own_submission(course, for_all, late)
        self.assertEqual(mine["studentId"], late["id"])
        self.assertEqual(mine["state"], "NEW")
        self.assertEqual(sorted(s["studentId"] for s in submissions(course, for_all, owner)),
                         sorted([early["id"], late["id"]]))
        self.assertProblem(call("GET", cw_path(course, f"/{for_early['id']}"),
                                token=late["token"]), 404)
        self.assertEqual([s["studentId"] for s in submissions(course, for_early, owner)],
                         [early["id"]])

    def test_a_student_who_leaves_and_comes_back_finds_their_submission(self):
        course, owner, [student] = course_with_students(1)
        cw = create_coursework(course, owner)
        sub = own_submission(course, cw, student)
        self.assertEqual(call("PATCH", sub_path(course, sub), {"text": "my essay"},
                              token=student["token"]).status, 200)
        self.assertEqual(call("POST", f"/api/courses/{course['id']}/leave",
                              token=student["token"]).status, 204)
        self.assertEqual(join(student, course["joinCode"]).status, 200)
        back = own_submission(course, cw, student)
        self.assertEqual(back["id"], sub["id"])
        self.assertEqual(back["text"], "my essay")
        self.assertEqual(back["state"], "CREATED")

    def test_a_published_item_cannot_return_to_draft_or_be_scheduled(self):
        course, owner, _ = course_with_students(1)
        cw = create_coursework(course, owner)
        path = cw_path(course, f"/{cw['id']}")
        self.assertProblem(call("PATCH", path, {"state": "DRAFT"}, token=owner["token"]), 409)
        self.assertProblem(call("PATCH", path, {"scheduledAt": from_now(days=1)},
                                token=owner["token"]), 409)
        self.assertEqual(call("GET", path, token=owner["token"]).json()["state"], "PUBLISHED")

    def test_scheduling_in_the_past_is_422(self):
        course, owner, _ = course_with_students(0)
        r = call("POST", cw_path(course), {"title": "Old", "workType": "ASSIGNMENT",
                                           "state": "DRAFT", "scheduledAt": from_now(minutes=-5)},
                 token=owner["token"])
        body = self.assertProblem(r, 422, "/problems/invalid-fields")
        self.assertEqual([e["field"] for e in body["errors"]], ["scheduledAt"])

    def test_assignees_must_be_students_of_the_course(self):
        course, owner, [student] = course_with_students(1)
        outsider = register()
        for assignees in ([owner["id"]], [outsider["id"]], [student["id"], uuid7()]):
            with self.subTest(assignees=assignees):
                r = call("POST", cw_path(course), {"title": "T", "workType": "ASSIGNMENT",
                                                   "state": "DRAFT", "assignees": assignees},
                         token=owner["token"])
                body = self.assertProblem(r, 422, "/problems/invalid-fields")
                self.assertEqual([e["field"] for e in body["errors"]], ["assignees"])


class ScheduledPublishing(ProblemAssertions):
    def test_a_draft_due_while_the_service_was_down_is_published_when_it_is_back(self):
        course, owner, [student] = course_with_students(1)
        # About 8 s ahead, on a whole second (however precisely times are shown):
        # room for stopping a sanitizer build on a loaded machine first.
        at = (datetime.now(timezone.utc) + timedelta(seconds=8)).replace(microsecond=0) \
            + timedelta(seconds=1)
        draft = create_coursework(course, owner, state="DRAFT", scheduledAt=rfc3339(at))
        self.assertEqual(draft["state"], "DRAFT")
        scheduled = parse_time(draft["scheduledAt"])
        self.assertEqual(scheduled, at)
        self.assertProblem(call("GET", cw_path(course, f"/{draft['id']}"),
                                token=student["token"]), 404)
        stop_component("api")
        try:
            # Otherwise the running service could have published it itself.
            self.assertLess(datetime.now(timezone.utc), scheduled,
                            "the api took longer to stop than the schedule left")
            wait_until(lambda: datetime.now(timezone.utc) > scheduled + timedelta(seconds=0.5),
                       30, "the scheduled time passing")
        finally:
            start_component("api")

        def published():
            r = call("GET", cw_path(course, f"/{draft['id']}"), token=owner["token"])
            return r.status == 200 and r.json()["state"] == "PUBLISHED" and r.json()

        cw = wait_until(published, 30, "the scheduled draft being published")
        self.assertGreaterEqual(parse_time(cw["publishedAt"]), scheduled)
        subs = submissions(course, draft, owner)
        self.assertEqual([(s["studentId"], s["state"]) for s in subs], [(student["id"], "NEW")])
        self.assertEqual(call("GET", cw_path(course, f"/{draft['id']}"),
                              token=student["token"]).status, 200)


class ListsKeptInMemory(ProblemAssertions):
    """The api keeps each course's coursework list in memory, per worker, and
    checks it against the course's coursework generation on every request:
    a list must show every change at once, whoever made it."""

    # Several reads in a row: with nginx's kept-alive upstream connections
    # they may all reach one api worker, which is the one that kept the list.
    READS = 6

    def listed(self, course: dict, user: dict) -> list[list[tuple]]:
        """What READS list requests in a row answer: (id, title, state, topicId)."""
        pages = []
        for _ in range(self.READS):
            r = call("GET", cw_path(course), token=user["token"])
            self.assertEqual(r.status, 200, r)
            pages.append([(i["id"], i["title"], i["state"], i["topicId"])
                          for i in r.json()["items"]])
        return pages

    def assertListed(self, course: dict, user: dict, expected: list[tuple]) -> None:
        self.assertEqual(self.listed(course, user), [expected] * self.READS)

    def test_the_list_follows_every_change_to_the_coursework(self):
        course, owner, [student] = course_with_students(1)
        r = call("POST", f"/api/courses/{course['id']}/topics", {"name": "Week 1"},
                 token=owner["token"])
        self.assertEqual(r.status, 201, r)
        topic = r.json()
        self.assertListed(course, owner, [])
        draft = create_coursework(course, owner, title="First", state="DRAFT",
                                  topicId=topic["id"])
        self.assertListed(course, owner, [(draft["id"], "First", "DRAFT", topic["id"])])
        self.assertListed(course, student, [])

        r = call("PATCH", cw_path(course, f"/{draft['id']}"), {"title": "Renamed"},
                 token=owner["token"])
        self.assertEqual(r.status, 200, r)
        self.assertListed(course, owner, [(draft["id"], "Renamed", "DRAFT", topic["id"])])

        r = call("PATCH", cw_path(course, f"/{draft['id']}"), {"state": "PUBLISHED"},
                 token=owner["token"])
        self.assertEqual(r.status, 200, r)
        published = [(draft["id"], "Renamed", "PUBLISHED", topic["id"])]
        self.assertListed(course, owner, published)
        self.assertListed(course, student, published)

        r = call("DELETE", f"/api/courses/{course['id']}/topics/{topic['id']}",
                 token=owner["token"])
        self.assertEqual(r.status, 204, r)
        self.assertListed(course, student, [(draft["id"], "Renamed", "PUBLISHED", None)])

        r = call("DELETE", cw_path(course, f"/{draft['id']}"), token=owner["token"])
        self.assertEqual(r.status, 204, r)
        self.assertListed(course, owner, [])
        self.assertListed(course, student, [])

    def ids(self, course: dict, user: dict, query: str = "") -> list[str]:
        r = call("GET", cw_path(course, query), token=user["token"])
        self.assertEqual(r.status, 200, r)
        return [i["id"] for i in r.json()["items"]]

    def test_pages_filters_and_assignees_of_a_kept_list(self):
        course, owner, [ann, bob] = course_with_students(2)
        r = call("POST", f"/api/courses/{course['id']}/topics", {"name": "Week 2"},
                 token=owner["token"])
        self.assertEqual(r.status, 201, r)
        topic = r.json()["id"]
        a = create_coursework(course, owner, topicId=topic)["id"]
        b = create_coursework(course, owner)["id"]
        c = create_coursework(course, owner, assignees=[ann["id"]])["id"]
        d = create_coursework(course, owner, topicId=topic)["id"]
        e = create_coursework(course, owner)["id"]
        f = create_coursework(course, owner, state="DRAFT")["id"]
        newest_first = [f, e, d, c, b, a]

        # Pages of two, following Link; the second cursor sent in upper case.
        seen, path, pages = [], cw_path(course, "?limit=2"), 0
        while path:
            r = call("GET", path, token=owner["token"])
            self.assertEqual(r.status, 200, r)
            seen += [i["id"] for i in r.json()["items"]]
            self.assertEqual(r.json()["nextCursor"] is None, next_link(r) is None)
            path, pages = next_link(r), pages + 1
            if path and pages == 1:
                path = path.replace(r.json()["nextCursor"], r.json()["nextCursor"].upper())
        self.assertEqual(seen, newest_first)
        self.assertEqual(pages, 3)

        self.assertEqual(self.ids(course, ann), [e, d, c, b, a])
        self.assertEqual(self.ids(course, bob), [e, d, b, a])
        self.assertEqual(self.ids(course, bob, "?limit=3"), [e, d, b])
        self.assertEqual(self.ids(course, bob, f"?cursor={d}"), [b, a])
        self.assertEqual(self.ids(course, owner, f"?topicId={topic.upper()}"), [d, a])
        self.assertEqual(self.ids(course, owner, "?state=DRAFT"), [f])
        self.assertEqual(self.ids(course, ann, "?state=DRAFT"), [])
        self.assertEqual(self.ids(course, ann, f"?topicId={topic}&state=PUBLISHED"), [d, a])

    def test_a_change_written_by_another_instance_is_listed_at_once(self):
        course, owner, [student] = course_with_students(1)
        cw = create_coursework(course, owner, title="Before")
        self.assertListed(course, student, [(cw["id"], "Before", "PUBLISHED", None)])
        # Another api instance, or an operator, writes to the database: this
        # instance learns of it only through the database.
        subprocess.run(["psql", Stack.state["api"]["dbUrl"], "-v", "ON_ERROR_STOP=1", "-qc",
                        f"UPDATE coursework SET title = 'After' WHERE id = '{cw['id']}'"],
                       check=True, capture_output=True)
        self.assertListed(course, student, [(cw["id"], "After", "PUBLISHED", None)])


class SubmissionStateMachine(ProblemAssertions):
    """docs/api.md's table, transition by transition, on fresh submissions."""

    # How a fresh (NEW) submission is brought into each state.
    PATHS = {
        "NEW": [],
        "CREATED": ["edit"],
        "TURNED_IN": ["edit", "turn-in"],
        "RECLAIMED_BY_STUDENT": ["edit", "turn-in", "reclaim"],
        "RETURNED": ["edit", "turn-in", "return"],
    }
    # (from, action) -> the state it leads to; absent pairs are refused (409).
    ALLOWED = {
        ("NEW", "edit"): "CREATED",
        ("CREATED", "edit"): "CREATED",
        ("RECLAIMED_BY_STUDENT", "edit"): "RECLAIMED_BY_STUDENT",
        ("NEW", "turn-in"): "TURNED_IN",
        ("CREATED", "turn-in"): "TURNED_IN",
        ("RECLAIMED_BY_STUDENT", "turn-in"): "TURNED_IN",
        ("TURNED_IN", "reclaim"): "RECLAIMED_BY_STUDENT",
        ("RETURNED", "reclaim"): "RECLAIMED_BY_STUDENT",
        ("NEW", "return"): "RETURNED",
        ("CREATED", "return"): "RETURNED",
        ("TURNED_IN", "return"): "RETURNED",
        ("RECLAIMED_BY_STUDENT", "return"): "RETURNED",
    }
    ACTIONS = ["edit", "turn-in", "reclaim", "return"]

    @classmethod
    def setUpClass(cls):
        cls.course, cls.owner, [cls.student] = course_with_students(1)

    def fresh(self) -> dict:
        cw = create_coursework(self.course, self.owner, assignees=[self.student["id"]])
        return own_submission(self.course, cw, self.student)

    def act(self, sub: dict, action: str, by: dict | None = None):
        if action == "edit":
            return call("PATCH", sub_path(self.course, sub), {"text": f"work {uuid.uuid4().hex}"},
                        token=(by or self.student)["token"])
        by = by or (self.owner if action == "return" else self.student)
        return call("POST", sub_path(self.course, sub, f"/{action}"), token=by["token"])

    def in_state(self, state: str) -> dict:
        sub = self.fresh()
        for action in self.PATHS[state]:
            r = self.act(sub, action)
            assert r.status == 200, (state, action, r)
        sub = call("GET", sub_path(self.course, sub), token=self.student["token"]).json()
        assert sub["state"] == state, sub
        return sub

    def current(self, sub: dict) -> str:
        return call("GET", sub_path(self.course, sub), token=self.owner["token"]).json()["state"]

    def test_every_allowed_transition(self):
        for (start, action), end in self.ALLOWED.items():
            with self.subTest(start=start, action=action):
                sub = self.in_state(start)
                r = self.act(sub, action)
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.json()["state"], end)
                self.assertEqual(self.current(sub), end)

    def test_every_refused_transition_is_409_and_changes_nothing(self):
        for start in self.PATHS:
            for action in self.ACTIONS:
                if (start, action) in self.ALLOWED:
                    continue
                with self.subTest(start=start, action=action):
                    sub = self.in_state(start)
                    self.assertProblem(self.act(sub, action), 409, "/problems/invalid-state")
                    self.assertEqual(self.current(sub), start)

    def test_the_first_edit_moves_new_to_created(self):
        sub = self.fresh()
        self.assertEqual(sub["state"], "NEW")
        r = self.act(sub, "edit")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["state"], "CREATED")
        links = [{"url": "https://example.org/essay", "title": "Essay"}]
        r = call("PATCH", sub_path(self.course, sub), {"text": "final", "links": links},
                 token=self.student["token"])
        self.assertEqual(r.json()["text"], "final")
        self.assertEqual(r.json()["links"], links)

    def test_a_teacher_cannot_turn_in_for_a_student(self):
        sub = self.in_state("CREATED")
        # Who acts is checked before the state (docs/api.md): 403, unchanged.
        self.assertProblem(self.act(sub, "turn-in", by=self.owner), 403)
        self.assertEqual(self.current(sub), "CREATED")

    def test_turning_in_twice_is_409(self):
        sub = self.in_state("CREATED")
        first = self.act(sub, "turn-in")
        self.assertEqual(first.status, 200, first)
        self.assertTrue(first.json()["turnedInAt"].endswith("Z"))
        self.assertProblem(self.act(sub, "turn-in"), 409)

    def test_another_student_sees_neither_the_submission_nor_acts_on_it(self):
        sub = self.fresh()
        other = register()
        self.assertEqual(join(other, self.course["joinCode"]).status, 200)
        self.assertProblem(call("GET", sub_path(self.course, sub), token=other["token"]), 404)
        self.assertProblem(self.act(sub, "edit", by=other), 404)
        self.assertProblem(self.act(sub, "turn-in", by=other), 404)
        self.assertEqual(self.current(sub), "NEW")

    def test_turning_in_tells_the_courses_teachers_of_that_moment_by_name(self):
        course, owner, [student] = course_with_students(1)
        teacher = add_teacher(course, owner)
        cw = create_coursework(course, owner)
        sub = own_submission(course, cw, student)
        r = call("POST", sub_path(course, sub, "/turn-in"), token=student["token"])
        self.assertEqual(r.status, 200, r)

        def turned_in():
            return next((e for e in stream_events() if e["type"] == "submission.turned_in"
                         and e["data"]["submissionId"] == sub["id"]), None)

        event = wait_until(turned_in, what="the submission.turned_in event")
        self.assertEqual(event["actorId"], student["id"])
        self.assertEqual(event["courseId"], course["id"])
        self.assertEqual(event["data"], {
            "submissionId": sub["id"], "courseworkId": cw["id"], "studentId": student["id"],
            "title": cw["title"], "late": False, "courseName": course["name"],
            "recipientIds": sorted([owner["id"], teacher["id"]])})

    def test_history_records_every_state_change_oldest_first(self):
        sub = self.fresh()
        for action in ["edit", "turn-in", "reclaim", "turn-in", "return"]:
            self.assertEqual(self.act(sub, action).status, 200)
        history = call("GET", sub_path(self.course, sub), token=self.owner["token"]).json()["history"]
        states = [(h["state"], h["actorId"]) for h in history if "state" in h]
        if states and states[0][0] == "NEW":  # creation may be recorded too
            states = states[1:]
        s, t = self.student["id"], self.owner["id"]
        self.assertEqual(states, [("CREATED", s), ("TURNED_IN", s), ("RECLAIMED_BY_STUDENT", s),
                                  ("TURNED_IN", s), ("RETURNED", t)])
        times = [h["at"] for h in history]
        self.assertEqual(times, sorted(times))


class Lateness(ProblemAssertions):
    @classmethod
    def setUpClass(cls):
        cls.course, cls.owner, [cls.student] = course_with_students(1)

    def submission(self, **fields) -> dict:
        cw = create_coursework(self.course, self.owner, **fields)
        return own_submission(self.course, cw, self.student)

    def test_turn_in_after_due_date_is_late(self):
        sub = self.submission(dueAt=from_now(hours=-1))
        r = call("POST", sub_path(self.course, sub, "/turn-in"), token=self.student["token"])
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.json()["late"])
        self.assertTrue(call("GET", sub_path(self.course, sub),
                             token=self.owner["token"]).json()["late"])

    def test_turn_in_before_due_date_is_not_late(self):
        sub = self.submission(dueAt=from_now(days=1))
        self.assertFalse(sub["late"])
        r = call("POST", sub_path(self.course, sub, "/turn-in"), token=self.student["token"])
        self.assertEqual(r.status, 200, r)
        self.assertFalse(r.json()["late"])

    def test_past_due_work_not_turned_in_is_late(self):
        sub = self.submission(dueAt=from_now(hours=-1))
        self.assertEqual(sub["state"], "NEW")
        self.assertTrue(sub["late"])
        self.assertIsNone(sub["turnedInAt"])
        late = submissions(self.course, {"id": sub["courseworkId"]}, self.owner, "?late=true")
        self.assertEqual([s["id"] for s in late], [sub["id"]])

    def test_past_due_work_returned_without_a_turn_in_is_not_late(self):
        sub = self.submission(dueAt=from_now(hours=-1))
        self.assertTrue(sub["late"])
        r = call("POST", sub_path(self.course, sub, "/return"), token=self.owner["token"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["state"], "RETURNED")
        self.assertIsNone(r.json()["turnedInAt"])
        self.assertFalse(r.json()["late"])

    def test_reclaimed_past_due_work_is_late_again(self):
        sub = self.submission(dueAt=from_now(hours=-1))
        for action in ("turn-in", "reclaim"):
            r = call("POST", sub_path(self.course, sub, f"/{action}"), token=self.student["token"])
            self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["state"], "RECLAIMED_BY_STUDENT")
        self.assertTrue(r.json()["late"])

    def test_work_without_a_due_date_is_never_late(self):
        sub = self.submission(dueAt=None)
        self.assertFalse(sub["late"])
        r = call("POST", sub_path(self.course, sub, "/turn-in"), token=self.student["token"])
        self.assertFalse(r.json()["late"])


class Grades(ProblemAssertions):
    @classmethod
    def setUpClass(cls):
        cls.course, cls.owner, cls.students = course_with_students(3)

    def coursework(self, **fields) -> dict:
        return create_coursework(self.course, self.owner, **fields)

    def grade(self, sub: dict, **grades):
        return call("PATCH", sub_path(self.course, sub), grades, token=self.owner["token"])

    def test_students_never_see_the_draft_grade(self):
        cw = self.coursework()
        student = self.students[0]
        sub = own_submission(self.course, cw, student)
        r = self.grade(sub, draftGrade=7)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["draftGrade"], 7)
        self.assertIsNone(r.json()["assignedGrade"])
        teacher_history = [h for h in r.json()["history"] if h.get("gradeType") == "DRAFT"]
        self.assertEqual([(h["grade"], h["actorId"]) for h in teacher_history],
                         [(7, self.owner["id"])])
        for seen in (call("GET", sub_path(self.course, sub), token=student["token"]).json(),
                     own_submission(self.course, cw, student)):
            self.assertIsNone(seen.get("draftGrade"))
            self.assertIsNone(seen["assignedGrade"])
            self.assertEqual([h for h in seen["history"] if "gradeType" in h or "grade" in h], [])
        listed = submissions(self.course, cw, self.owner)
        self.assertEqual([s["draftGrade"] for s in listed if s["id"] == sub["id"]], [7])

    def test_return_makes_the_draft_grade_the_assigned_grade(self):
        cw = self.coursework()
        student = self.students[0]
        sub = own_submission(self.course, cw, student)
        self.assertEqual(call("POST", sub_path(self.course, sub, "/turn-in"),
                              token=student["token"]).status, 200)
        self.assertEqual(self.grade(sub, draftGrade=8.5).status, 200)
        r = call("POST", sub_path(self.course, sub, "/return"), token=self.owner["token"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["state"], "RETURNED")
        self.assertEqual(r.json()["assignedGrade"], 8.5)
        seen = call("GET", sub_path(self.course, sub), token=student["token"]).json()
        self.assertEqual(seen["assignedGrade"], 8.5)
        self.assertIsNone(seen.get("draftGrade"))
        assigned = [h for h in seen["history"] if h.get("gradeType") == "ASSIGNED"]
        self.assertEqual([h["grade"] for h in assigned], [8.5])
        self.assertEqual([h for h in seen["history"] if h.get("gradeType") == "DRAFT"], [])

    def test_return_without_a_draft_grade_keeps_the_assigned_grade(self):
        cw = self.coursework()
        sub = own_submission(self.course, cw, self.students[1])
        r = self.grade(sub, assignedGrade=6)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["assignedGrade"], 6)
        r = call("POST", sub_path(self.course, sub, "/return"), token=self.owner["token"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["assignedGrade"], 6)

    def test_grades_outside_zero_to_max_points_or_with_three_decimals_are_422(self):
        cw = self.coursework(maxPoints=10)
        sub = own_submission(self.course, cw, self.students[2])
        for field in ("draftGrade", "assignedGrade"):
            for bad in (-1, -0.01, 10.01, 11, 3.333):
                with self.subTest(field=field, grade=bad):
                    body = self.assertProblem(self.grade(sub, **{field: bad}), 422,
                                              "/problems/invalid-fields")
                    self.assertEqual([e["field"] for e in body["errors"]], [field])
        for good in (0, 3.33, 10):
            with self.subTest(grade=good):
                r = self.grade(sub, draftGrade=good)
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.json()["draftGrade"], good)
        self.assertIsNone(call("GET", sub_path(self.course, sub),
                               token=self.owner["token"]).json()["assignedGrade"])

    def test_ungraded_coursework_takes_no_grade(self):
        cw = self.coursework(maxPoints=None)
        self.assertIsNone(cw["maxPoints"])
        sub = own_submission(self.course, cw, self.students[0])
        self.assertProblem(self.grade(sub, draftGrade=1), 422, "/problems/invalid-fields")

    def test_bulk_grades_answer_one_result_per_item_in_order(self):
        cw = self.coursework(maxPoints=10)
        first, second, third = self.students
        stranger = uuid7()
        r = call("POST", cw_path(self.course, f"/{cw['id']}/grades"), {"grades": [
            {"studentId": first["id"], "draftGrade": 7},
            {"studentId": stranger, "draftGrade": 5},
            {"studentId": second["id"], "assignedGrade": 11},
            {"studentId": third["id"], "draftGrade": 9, "return": True},
        ]}, token=self.owner["token"])
        self.assertEqual(r.status, 200, r)
        results = r.json()["results"]
        self.assertEqual([(x["studentId"], x["status"]) for x in results],
                         [(first["id"], 200), (stranger, 404), (second["id"], 422),
                          (third["id"], 200)])
        self.assertEqual(results[0]["submission"]["draftGrade"], 7)
        self.assertEqual(results[0]["submission"]["studentId"], first["id"])
        for failed in results[1:3]:
            self.assertNotIn("submission", failed)
            self.assertEqual(failed["error"]["status"], failed["status"])
        self.assertEqual([e["field"] for e in results[2]["error"]["errors"]], ["assignedGrade"])
        self.assertEqual(results[3]["submission"]["state"], "RETURNED")
        self.assertEqual(results[3]["submission"]["assignedGrade"], 9)
        # What was applied stays applied; what was refused changed nothing.
        by_student = {s["studentId"]: s for s in submissions(self.course, cw, self.owner)}
        self.assertEqual(by_student[first["id"]]["draftGrade"], 7)
        self.assertIsNone(by_student[second["id"]]["assignedGrade"])
        self.assertEqual(by_student[second["id"]]["state"], "NEW")
        self.assertEqual(by_student[third["id"]]["assignedGrade"], 9)

    def test_only_teachers_grade(self):
        cw = self.coursework()
        student = self.students[0]
        sub = own_submission(self.course, cw, student)
        self.assertProblem(call("POST", cw_path(self.course, f"/{cw['id']}/grades"),
                                {"grades": [{"studentId": student["id"], "draftGrade": 10}]},
                                token=student["token"]), 403)
        self.assertProblem(call("POST", sub_path(self.course, sub, "/return"),
                                token=student["token"]), 403)
        self.assertIsNone(call("GET", sub_path(self.course, sub),
                               token=self.owner["token"]).json()["draftGrade"])


if __name__ == "__main__":
    unittest.main()
