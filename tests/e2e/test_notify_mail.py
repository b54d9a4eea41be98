"""End-to-end: notify's e-mail through the real stack (API.md, notify; DESIGN.md, mail).

The stack's mail component (aiosmtpd with its Mailbox handler) keeps every
message it accepts in a Maildir; the tests read it as a mail program would:
headers decoded, body decoded. What a user would notice: an invitation to an
address with no account arrives by e-mail, IMMEDIATE preferences bring one
e-mail per item, DAILY ones one digest, OFF none, and mail written while the
mail server was down goes once it is back.
"""
from __future__ import annotations

import email
import time
import unittest
import uuid

import support
from support import (call, course_with_students, new_email, publish_event, register,
                     start_component, stop_component, tearDownModule, wait_for_mail,  # noqa: F401
                     wait_until)

PUBLIC_URL = "https://classroom.example.org"
DIGEST_EVERY = 4  # seconds: one digest period of this stack
support.ENV.update(CLASSROOM_PUBLIC_URL=PUBLIC_URL,
                   CLASSROOM_NOTIFY_DIGEST_EVERY=str(DIGEST_EVERY),
                   CLASSROOM_NOTIFY_DIGEST_AT="0")


def setUpModule() -> None:
    support.Stack.start()


def mails_to(address: str) -> list[email.message.EmailMessage]:
    """Every message to `address` but the confirmation mail of its registration."""
    return [m for m in support.mails_to(address) if m["Subject"] != support.VERIFICATION_SUBJECT]


def set_email_preference(user: dict, type_: str, mode: str) -> None:
    r = call("PUT", "/notifications/preferences", {"email": {type_: mode}}, token=user["token"])
    assert r.status == 200, r


def announce_to(user: dict, excerpt: str, course_name: str = "Algebra") -> str:
    """An announcement.posted event, as api writes it, for `user`."""
    author = register()
    return publish_event("announcement.posted",
                         {"announcementId": str(uuid.uuid4()), "authorId": author["id"],
                          "excerpt": excerpt, "courseName": course_name,
                          "recipientIds": [user["id"]]},
                         actor_id=author["id"], course_id=str(uuid.uuid4()))


def wait_for_item(user: dict, event_id: str) -> dict:
    def item():
        r = call("GET", "/notifications", token=user["token"])
        assert r.status == 200, r
        return next((i for i in r.json()["items"] if i["id"] == event_id), None)
    return wait_until(item, 20, f"item {event_id}")


class Immediate(unittest.TestCase):
    def test_an_invitation_to_an_address_without_account_arrives_by_mail(self):
        owner = register()
        r = call("POST", "/api/courses", {"name": "Géométrie 101"}, token=owner["token"])
        self.assertEqual(r.status, 201, r)
        course = r.json()
        invitee = new_email()
        r = call("POST", f"/api/courses/{course['id']}/invitations",
                 {"email": invitee, "role": "student"}, token=owner["token"])
        self.assertEqual(r.status, 201, r)
        mail = wait_for_mail(invitee, "Invitation to Géométrie 101")
        self.assertEqual(mail["To"], invitee)
        self.assertIn("Classroom", mail["From"])
        self.assertIsNotNone(mail["Date"])
        self.assertIsNotNone(mail["Message-ID"])
        body = mail.get_content()
        self.assertIn(f"{owner['displayName']} invited you to join Géométrie 101 as a student",
                      body)
        self.assertIn(f"{PUBLIC_URL}/invitations", body)

    def test_someone_notify_never_heard_of_gets_mail_at_the_address_api_knows(self):
        # As if registered before the oldest event notify read: notify forgets
        # the user, api (which keeps every profile) still knows them.
        user = register("Grace Hopper")
        self.assertEqual(call("GET", "/api/courses", token=user["token"]).status, 200)
        key = f"notify:{{{user['id']}}}:user"
        with support.Redis() as redis:
            wait_until(lambda: redis.command("EXISTS", key) == 1, 20, "notify to record the user")
            redis.command("DEL", key)
        set_email_preference(user, "announcement.posted", "IMMEDIATE")
        announce_to(user, "The lab moved to room 4")
        mail = wait_for_mail(user["email"], "New announcement in Algebra")
        self.assertIn("Grace Hopper", mail["To"])
        self.assertIn("The lab moved to room 4", mail.get_content())

    def test_a_student_with_immediate_mail_gets_the_returned_grade(self):
        course, owner, (student,) = course_with_students(1)
        cw = support.returned_submission(course, owner, student)
        mail = wait_for_mail(student["email"], "Returned: Homework 1")
        self.assertIn(student["displayName"], mail["To"])
        body = mail.get_content()
        self.assertIn("8.5 of 10 points", body)
        self.assertIn(f"{PUBLIC_URL}/courses/{course['id']}/coursework/{cw['id']}", body)
        self.assertIn(f"{PUBLIC_URL}/settings/notifications", body)
        # One mail per item: the grade went once.
        self.assertEqual(len([m for m in mails_to(student["email"])
                              if m["Subject"] == "Returned: Homework 1"]), 1)

    def test_off_sends_nothing(self):
        user = register()
        set_email_preference(user, "announcement.posted", "OFF")
        silent = announce_to(user, "silent-" + uuid.uuid4().hex)
        wait_for_item(user, silent)  # handled, with the OFF preference
        set_email_preference(user, "announcement.posted", "IMMEDIATE")
        loud = "loud-" + uuid.uuid4().hex
        announce_to(user, loud)
        # Events are handled in order: once the later one's mail is here, the
        # earlier one had its chance.
        wait_until(lambda: any(loud in m.get_content() for m in mails_to(user["email"])), 30,
                   "the IMMEDIATE mail")
        self.assertEqual(len(mails_to(user["email"])), 1)

    def test_mail_queued_while_the_mail_server_is_down_goes_once_it_is_back(self):
        user = register()
        set_email_preference(user, "announcement.posted", "IMMEDIATE")
        excerpt = "while-down-" + uuid.uuid4().hex
        stop_component("mail")
        try:
            wait_for_item(user, announce_to(user, excerpt, "Outage 101"))
        finally:
            start_component("mail")
        mail = wait_for_mail(user["email"], "New announcement in Outage 101", timeout=60)
        self.assertIn(excerpt, mail.get_content())


class Digest(unittest.TestCase):
    def test_daily_items_arrive_as_one_digest(self):
        user = register()  # announcement.posted is DAILY by default
        # Both items in one digest period: published early in one, they are
        # queued long before it ends.
        wait_until(lambda: 0.3 < time.time() % DIGEST_EVERY < 1.0, DIGEST_EVERY * 2,
                   "the start of a digest period")
        first, second = "first-" + uuid.uuid4().hex, "second-" + uuid.uuid4().hex
        announce_to(user, first, "Algebra")
        announce_to(user, second, "Biology")
        mail = wait_for_mail(user["email"], "Your Classroom digest: 2 new notifications",
                             timeout=DIGEST_EVERY * 4 + 10)
        body = mail.get_content()
        self.assertLess(body.index(first), body.index(second))
        self.assertIn("New announcement in Algebra", body)
        self.assertIn("New announcement in Biology", body)
        self.assertIn(f"{PUBLIC_URL}/settings/notifications", body)
        # No mail of its own for a DAILY item, and no second digest of them.
        self.assertEqual(len(mails_to(user["email"])), 1)


if __name__ == "__main__":
    unittest.main()
