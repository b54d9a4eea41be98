"""End-to-end: notify's inbox through the gateway (API.md, notify).

Events come from the real services (an announcement, a returned submission)
or are appended to `classroom:events` as a producer's relay would
(`publish_event`). What a user would notice: the right people get an item,
the author does not, muting works, and nothing is lost or stuck when notify
is stopped, crashes half-way, or meets an event it cannot use.
"""
from __future__ import annotations

import unittest
import uuid

import support
from support import (Redis, call, course_with_students, publish_event, register,
                     start_component, stop_component, tearDownModule, wait_until)  # noqa: F401

# Entries a crashed notify left pending are taken over after this long.
support.ENV["CLASSROOM_NOTIFY_RECLAIM_AFTER"] = "1"


def setUpModule() -> None:
    support.Stack.start()


def inbox(user: dict, query: str = "") -> list[dict]:
    r = call("GET", f"/notifications{query}", token=user["token"])
    assert r.status == 200, r
    return r.json()["items"]


def unread_count(user: dict) -> int:
    r = call("GET", "/notifications/unread-count", token=user["token"])
    assert r.status == 200, r
    return r.json()["count"]


def wait_for_item(user: dict, event_id: str) -> dict:
    return wait_until(lambda: next((i for i in inbox(user) if i["id"] == event_id), None),
                      20, f"item {event_id}")


def announce(course: dict, author: dict, text: str = "Test on Friday") -> str:
    r = call("POST", f"/api/courses/{course['id']}/announcements", {"text": text},
             token=author["token"])
    assert r.status == 201, r
    return r.json()["id"]


def item_of_announcement(user: dict, announcement_id: str) -> dict | None:
    return next((i for i in inbox(user) if i["link"].endswith(announcement_id)), None)


def pending(group: str = "notify") -> int:
    with Redis() as redis:
        return int(redis.command("XPENDING", "classroom:events", group)[0])


def post_for(recipients: list[dict], excerpt: str) -> str:
    """An announcement.posted event, as api would write it, for `recipients`."""
    author = register()
    return publish_event("announcement.posted",
                         {"announcementId": str(uuid.uuid4()), "authorId": author["id"],
                          "excerpt": excerpt, "courseName": "Algebra",
                          "recipientIds": [r["id"] for r in recipients]},
                         actor_id=author["id"], course_id=str(uuid.uuid4()))


class Audience(unittest.TestCase):
    def test_an_announcement_reaches_every_student_and_not_its_author(self):
        course, owner, students = course_with_students(2)
        post = announce(course, owner, "Bring a calculator")
        for student in students:
            item = wait_until(lambda s=student: item_of_announcement(s, post), 20, "the item")
            self.assertEqual(item["type"], "announcement.posted")
            self.assertEqual(item["title"], f"New announcement in {course['name']}")
            self.assertEqual(item["body"], f"{owner['displayName']}: Bring a calculator")
            self.assertEqual(item["courseId"], course["id"])
            self.assertEqual(item["actorId"], owner["id"])
            self.assertIsNone(item["readAt"])
            self.assertEqual(item["link"], f"/courses/{course['id']}/announcements/{post}")
        # The teacher heard of both students joining (course.member_added names
        # the teachers), and of nothing they did themself.
        joined = wait_until(lambda: [i for i in inbox(owner) if i["type"] == "course.member_added"]
                            if len(inbox(owner)) >= 2 else None, 20, "the joins")
        self.assertEqual(sorted(i["actorId"] for i in joined), sorted(s["id"] for s in students))
        self.assertEqual([i["type"] for i in inbox(owner)], ["course.member_added"] * 2)

    def test_a_returned_submission_reaches_that_student_only(self):
        course, owner, (student, other) = course_with_students(2)
        cw = support.returned_submission(course, owner, student)
        item = wait_until(lambda: next((i for i in inbox(student)
                                        if i["type"] == "submission.returned"), None), 20,
                          "the returned item")
        self.assertEqual(item["title"], "Returned: Homework 1")
        self.assertIn("8.5 of 10 points", item["body"])
        self.assertEqual(item["link"], f"/courses/{course['id']}/coursework/{cw['id']}")
        # The other student heard of the coursework, never of this student's grade.
        wait_until(lambda: any(i["type"] == "coursework.published" for i in inbox(other)), 20,
                   "the coursework item")
        self.assertFalse(any(i["type"] == "submission.returned" for i in inbox(other)))


class Reading(unittest.TestCase):
    def test_reading_one_then_all_empties_the_unread_list(self):
        user = register()
        first, second = post_for([user], "one"), post_for([user], "two")
        wait_for_item(user, second)
        wait_for_item(user, first)
        self.assertEqual([i["id"] for i in inbox(user)], [second, first])
        self.assertEqual(unread_count(user), 2)
        for _ in range(2):  # reading twice is no error and changes nothing more
            r = call("POST", f"/notifications/{first}/read", token=user["token"])
            self.assertEqual(r.status, 204, r)
        self.assertEqual(unread_count(user), 1)
        self.assertEqual([i["id"] for i in inbox(user, "?unread=true")], [second])
        self.assertIsNotNone(inbox(user)[1]["readAt"])
        self.assertEqual(call("POST", "/notifications/read-all", token=user["token"]).status, 204)
        self.assertEqual(unread_count(user), 0)
        self.assertEqual(inbox(user, "?unread=true"), [])

    def test_pages_follow_their_cursor_newest_first(self):
        user = register()
        ids = [post_for([user], f"post {n}") for n in range(5)]
        wait_until(lambda: len(inbox(user)) == 5, 20, "five items")
        seen, query = [], "?limit=2"
        while query is not None:
            r = call("GET", f"/notifications{query}", token=user["token"])
            self.assertEqual(r.status, 200, r)
            seen += [i["id"] for i in r.json()["items"]]
            cursor = r.json()["nextCursor"]
            query = f"?limit=2&cursor={cursor}" if cursor else None
        self.assertEqual(seen, list(reversed(ids)))

    def test_bad_query_values_are_400_problems(self):
        user = register()
        for query in ("?unread=yes", "?limit=0", "?limit=201", "?cursor=abc", "?cursor=-1"):
            r = call("GET", f"/notifications{query}", token=user["token"])
            self.assertEqual(r.status, 400, f"{query}: {r!r}")
            self.assertEqual(r.headers["Content-Type"], "application/problem+json")


class Muting(unittest.TestCase):
    def test_a_muted_course_and_a_muted_type_put_nothing_into_the_inbox(self):
        # The witness mutes nothing: once their item is there, the event was handled
        # (one delivery reaches every recipient at once).
        course, owner, (student, witness) = course_with_students(2)

        def announce_handled(text: str) -> str:
            post = announce(course, owner, text)
            wait_until(lambda: item_of_announcement(witness, post), 20, "the witness's item")
            return post

        r = call("PUT", "/notifications/preferences", {"mutedCourses": [course["id"]]},
                 token=student["token"])
        self.assertEqual(r.status, 200, r)
        muted = announce_handled("muted course")
        r = call("PUT", "/notifications/preferences", {"mutedTypes": ["announcement.posted"]},
                 token=student["token"], headers={"If-Match": r.headers["ETag"]})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["mutedCourses"], [])
        also_muted = announce_handled("muted type")
        self.assertEqual(call("PUT", "/notifications/preferences", {},
                              token=student["token"]).status, 200)
        heard = announce_handled("heard")
        wait_until(lambda: item_of_announcement(student, heard), 20, "the unmuted item")
        self.assertIsNone(item_of_announcement(student, muted))
        self.assertIsNone(item_of_announcement(student, also_muted))

    def test_preferences_with_a_stale_etag_or_invalid_fields_change_nothing(self):
        user = register()
        r = call("GET", "/notifications/preferences", token=user["token"])
        etag = r.headers["ETag"]
        self.assertEqual(r.json()["email"]["submission.returned"], "IMMEDIATE")
        r = call("PUT", "/notifications/preferences", {"email": {"exam.closed": "DAILY"}},
                 token=user["token"], headers={"If-Match": etag})
        self.assertEqual(r.status, 200, r)
        r = call("PUT", "/notifications/preferences", {"mutedTypes": ["exam.closed"]},
                 token=user["token"], headers={"If-Match": etag})
        self.assertEqual(r.status, 412, r)
        r = call("PUT", "/notifications/preferences",
                 {"mutedCourses": ["not-a-course"], "email": {"exam.closed": "HOURLY"}},
                 token=user["token"])
        self.assertEqual(r.status, 422, r)
        self.assertEqual({e["field"] for e in r.json()["errors"]},
                         {"mutedCourses[0]", "email.exam.closed"})
        r = call("GET", "/notifications/preferences", token=user["token"])
        self.assertEqual(r.json()["email"]["exam.closed"], "DAILY")
        self.assertEqual(r.json()["mutedTypes"], [])

    def test_more_than_a_thousand_muted_courses_are_refused_even_when_repeated(self):
        user = register()
        course = str(uuid.uuid4())
        r = call("PUT", "/notifications/preferences", {"mutedCourses": [course] * 1001},
                 token=user["token"])
        self.assertEqual(r.status, 422, r)
        self.assertEqual([e["field"] for e in r.json()["errors"]], ["mutedCourses"])
        r = call("PUT", "/notifications/preferences", {"mutedCourses": [course.upper()] * 1000},
                 token=user["token"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["mutedCourses"], [course])


class Faults(unittest.TestCase):
    def test_events_while_notify_is_stopped_are_delivered_once_it_is_back(self):
        user = register()
        stop_component("notify")
        try:
            ids = [post_for([user], f"while down {n}") for n in range(3)]
        finally:
            start_component("notify")
        wait_until(lambda: len(inbox(user)) == 3, 20, "three items")
        self.assertEqual([i["id"] for i in inbox(user)], list(reversed(ids)))

    def test_events_a_crashed_consumer_left_pending_are_reclaimed(self):
        user = register()
        stop_component("notify")
        try:
            ids = [post_for([user], f"pending {n}") for n in range(2)]
            # A notify instance that read them and died before acknowledging.
            with Redis() as redis:
                read = redis.command("XREADGROUP", "GROUP", "notify", "crashed-instance",
                                     "COUNT", "100", "STREAMS", "classroom:events", ">")
            self.assertGreaterEqual(len(read[0][1]), 2)
        finally:
            start_component("notify")
        wait_until(lambda: len(inbox(user)) == 2, 30, "the reclaimed items")
        self.assertEqual(sorted(i["id"] for i in inbox(user)), sorted(ids))
        wait_until(lambda: pending() == 0, 30, "nothing pending")

    def test_an_event_with_invalid_data_is_acknowledged_and_blocks_nothing(self):
        user = register()
        bad = publish_event("announcement.posted", {"recipientIds": "everyone"},
                            course_id=str(uuid.uuid4()))
        also_bad = publish_event("submission.returned", {"studentId": user["id"]},
                                 course_id="not a course")
        good = post_for([user], "after the bad ones")
        wait_for_item(user, good)
        self.assertEqual([i["id"] for i in inbox(user)], [good])
        wait_until(lambda: pending() == 0, 20, "nothing pending")
        with Redis() as redis:
            dead = redis.command("XRANGE", "classroom:events:dead:notify", "-", "+") or []
        dead_ids = {dict(zip(f[::2], f[1::2])).get("id") for _, f in dead}
        self.assertFalse({bad, also_bad} & dead_ids, "acknowledged, not dead-lettered")

    def test_a_bad_recipient_id_leaves_out_only_itself_and_ids_match_in_any_case(self):
        author, reader, muter = register(), register(), register()
        course = str(uuid.uuid4())
        r = call("PUT", "/notifications/preferences", {"mutedCourses": [course]},
                 token=muter["token"])
        self.assertEqual(r.status, 200, r)
        event = publish_event("announcement.posted",
                              {"announcementId": str(uuid.uuid4()), "authorId": author["id"],
                               "excerpt": "Mixed list", "courseName": "Algebra",
                               "recipientIds": ["nobody", 7, reader["id"].upper(),
                                                author["id"], muter["id"].upper()]},
                              actor_id=author["id"].upper(), course_id=course.upper())
        item = wait_for_item(reader, event)
        self.assertEqual(item["courseId"], course)
        self.assertEqual(item["actorId"], author["id"])
        # The event was handled once for all: the author and the muted user have nothing.
        self.assertEqual(inbox(author), [])
        self.assertEqual(inbox(muter), [])


if __name__ == "__main__":
    unittest.main()
