"""End-to-end: notify's authorization matrix (DESIGN.md, "Roles and
authorization": every endpoint with every kind of caller).

notify has no course roles: every signed-in user has an inbox and
preferences of their own, and only them. So every signed-in caller gets the
same answer, anonymous gets 401, and an item in someone else's inbox does not
exist for the caller (404), whatever their role, administrators included.
TABLE gives, for every route that `classroom-notify routes` prints, the
status each caller must get; the first test fails when a route has no row or
a row names a route that is gone.
"""
from __future__ import annotations

import http.client
import unittest
import uuid

from live_client import open_live
from matrix import E, Row, check_every_route_has_a_row, check_every_status, register_cast
from support import (Stack, call, identity_headers, publish_event, register,  # noqa: F401
                     setUpModule, tearDownModule, wait_until)


class World:
    """The cast, an item in every inbox, and one in the student's only."""

    def __init__(self) -> None:
        self.users = register_cast()
        everyone = [u["id"] for u in self.users.values()]
        self.shared = self.announce(everyone)
        self.students_only = self.announce([self.users["student"]["id"]])
        for name, user in self.users.items():
            wait_until(lambda u=user: self.has(u, self.shared), 20, f"{name}'s item")
        wait_until(lambda: self.has(self.users["student"], self.students_only), 20, "the item")

    @staticmethod
    def announce(recipients: list[str]) -> str:
        return publish_event("announcement.posted",
                             {"announcementId": str(uuid.uuid4()), "authorId": str(uuid.uuid4()),
                              "excerpt": "Hello", "courseName": "Algebra",
                              "recipientIds": recipients},
                             course_id=str(uuid.uuid4()))

    @staticmethod
    def has(user: dict, item_id: str) -> bool:
        r = call("GET", "/notifications", token=user["token"])
        return any(i["id"] == item_id for i in r.json()["items"])

    def token(self, caller: str) -> str | None:
        return None if caller == "anonymous" else self.users[caller]["token"]


ALL_OK = E(401, 200, 200, 200, 200, 200, 200)
ALL_DONE = E(401, 204, 204, 204, 204, 204, 204)

TABLE = [
    Row("GET /notifications", "the caller's inbox", ALL_OK, lambda w, c: ("/notifications", None)),
    Row("GET /notifications/unread-count", "the caller's count", ALL_OK,
        lambda w, c: ("/notifications/unread-count", None)),
    Row("POST /notifications/{id}/read", "an item in the caller's inbox", ALL_DONE,
        lambda w, c: (f"/notifications/{w.shared}/read", None)),
    Row("POST /notifications/{id}/read", "an item in the student's inbox only",
        E(401, 404, 204, 404, 404, 404, 404),
        lambda w, c: (f"/notifications/{w.students_only}/read", None)),
    Row("POST /notifications/{id}/read", "no such item", E(401, 404, 404, 404, 404, 404, 404),
        lambda w, c: (f"/notifications/{uuid.uuid4()}/read", None)),
    Row("POST /notifications/{id}/read", "not an id", E(401, 404, 404, 404, 404, 404, 404),
        lambda w, c: ("/notifications/latest/read", None)),
    Row("POST /notifications/read-all", "the caller's inbox", ALL_DONE,
        lambda w, c: ("/notifications/read-all", None)),
    Row("GET /notifications/preferences", "the caller's", ALL_OK,
        lambda w, c: ("/notifications/preferences", None)),
    Row("PUT /notifications/preferences", "the caller's", ALL_OK,
        lambda w, c: ("/notifications/preferences", {"mutedTypes": ["exam.closed"]})),
    Row("GET /notifications/stream", "the caller's live items", ALL_OK,
        lambda w, c: ("/notifications/stream", None)),
    Row("GET /notifications/ws", "the caller's live items", E(401, 101, 101, 101, 101, 101, 101),
        lambda w, c: ("/notifications/ws", None)),
]
# Live routes never end by themselves: they are opened and closed once answered.
LIVE_ROUTES = ("/notifications/stream", "/notifications/ws")


class Matrix(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.world = World()

    def test_every_route_has_a_row(self):
        check_every_route_has_a_row(self, "notify", TABLE)

    def test_every_caller_gets_the_status_of_their_row(self):
        def send(caller, method, path, body):
            token = self.world.token(caller)
            if path in LIVE_ROUTES:
                headers = {"Authorization": f"Bearer {token}"} if token else {}
                return open_live(Stack.port("gateway"), path, headers)
            return call(method, path, body, token=token)
        check_every_status(self, self.world, TABLE, send)

    def test_reading_another_users_item_leaves_it_unread_for_them(self):
        w = self.world
        student = w.users["student"]
        item = w.announce([student["id"]])
        wait_until(lambda: w.has(student, item), 20, "the student's item")
        for caller in ("outsider", "other_student", "teacher", "owner", "admin"):
            r = call("POST", f"/notifications/{item}/read", token=w.token(caller))
            self.assertEqual(r.status, 404, f"{caller}: {r!r}")
            r = call("GET", "/notifications", token=w.token(caller))
            self.assertNotIn(item, [i["id"] for i in r.json()["items"]], caller)
        r = call("GET", "/notifications?unread=true", token=student["token"])
        self.assertIn(item, [i["id"] for i in r.json()["items"]])


def call_notify(method: str, path: str, user: str) -> tuple[int, str]:
    """A request straight to notify with the identity headers a gateway would set,
    signed: what notify then makes of the user id is what is tested."""
    conn = http.client.HTTPConnection("127.0.0.1", Stack.port("notify"), timeout=30)
    body = b"{}" if method == "PUT" else None
    conn.request(method, path, body=body,
                 headers={**identity_headers({"id": user, "email": "someone@example.org"}),
                          "Content-Type": "application/json"})
    r = conn.getresponse()
    out = (r.status, r.headers.get("Content-Type", ""))
    r.read()
    conn.close()
    return out


class Identity(unittest.TestCase):
    def test_an_identity_that_is_not_a_user_id_is_401_on_every_route(self):
        user = register()
        item = World.announce([user["id"]])
        wait_until(lambda: World.has(user, item), 20, "the item")
        routes = [(row.route.split()[0], row.build(None, "anonymous")[0]) for row in TABLE
                  if row.variant in ("the caller's inbox", "the caller's count", "the caller's")]
        routes.append(("POST", f"/notifications/{item}/read"))
        self.assertEqual(len(routes), 6)
        for method, path in routes:
            for bad in ("nobody", 'x","kind":"close', user["id"] + "0"):
                self.assertEqual(call_notify(method, path, bad),
                                 (401, "application/problem+json"), f"{method} {path} {bad!r}")
        r = call("GET", "/notifications?unread=true", token=user["token"])
        self.assertIn(item, [i["id"] for i in r.json()["items"]], "refused: nothing read")
        # The same user in capitals is that user: the item is theirs.
        self.assertEqual(call_notify("POST", f"/notifications/{item}/read",
                                     user["id"].upper())[0], 204)
        r = call("GET", "/notifications?unread=true", token=user["token"])
        self.assertNotIn(item, [i["id"] for i in r.json()["items"]])


if __name__ == "__main__":
    unittest.main()
