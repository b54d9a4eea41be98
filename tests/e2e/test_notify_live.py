"""End-to-end: live notifications (API.md, notify): /notifications/stream
(Server-Sent Events) and /notifications/ws (WebSocket), through the gateway
and straight to each of two notify instances.

What a connected user would notice: a new item arrives at once; after a
disconnect, Last-Event-ID (or ?after=) brings what was missed, none twice,
none missing, in order; unread counts follow reads made elsewhere; an item
written by one instance reaches a connection held by the other; a Redis
restart loses nothing; a deactivated user's stream ends; a connection that
reached its lifetime ends politely and its reconnection misses nothing.
"""
from __future__ import annotations

import re
import unittest
import uuid

import support
from live_client import EventStream, WebSocket
from support import (Stack, call, call_api, course_with_students, publish_event, register,
                     start_component, stop_component, tearDownModule, wait_until)  # noqa: F401


def setUpModule() -> None:
    Stack.start(instances={"notify": 2})


def auth(user: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {user['token']}"}


def as_gateway(user: dict) -> dict[str, str]:
    """The identity headers the gateway sends a service, signed as auth signs them."""
    return support.identity_headers(user)


def open_stream(user: dict, last_event_id: str | None = None) -> EventStream:
    headers = auth(user)
    if last_event_id:
        headers["Last-Event-ID"] = last_event_id
    stream = EventStream(Stack.port("gateway"), headers=headers)
    assert stream.status == 200, (stream.status, stream.body)
    return stream


def notify_for(users: list[dict], excerpt: str = "news") -> str:
    """An announcement.posted event for `users`, as api's relay writes it."""
    author = register()
    return publish_event("announcement.posted",
                         {"announcementId": str(uuid.uuid4()), "authorId": author["id"],
                          "excerpt": excerpt, "courseName": "Algebra",
                          "recipientIds": [u["id"] for u in users]},
                         actor_id=author["id"], course_id=str(uuid.uuid4()))


def in_inbox(user: dict, item_id: str) -> bool:
    r = call("GET", "/notifications", token=user["token"])
    return r.status == 200 and any(i["id"] == item_id for i in r.json()["items"])


def live_gauge(port: int) -> int:
    text = support._request(port, "GET", "/metrics", None, support.metrics_headers(),
                            None).body.decode()
    total = 0
    for what, sign in (("opened", 1), ("closed", -1)):
        for value in re.findall(rf"^notify_live_connections_{what}_total\{{[^}}]*\}} (\d+)$",
                                text, re.MULTILINE):
            total += sign * int(value)
    return total


class EventStreams(unittest.TestCase):
    def test_a_new_item_arrives_on_the_open_stream(self):
        user = register()
        stream = open_stream(user)
        self.addCleanup(stream.close)
        self.assertEqual(stream.headers["content-type"], "text/event-stream")
        self.assertEqual(stream.next_unread_count(), 0)

        event_id = notify_for([user], "Quiz tomorrow")
        item = stream.next_notification()
        self.assertEqual(item["id"], event_id)
        self.assertEqual(item["type"], "announcement.posted")
        self.assertIsNone(item["readAt"])

    def test_a_reconnection_with_last_event_id_gets_what_was_missed_once_in_order(self):
        user = register()
        stream = open_stream(user)
        first = notify_for([user], "first")
        self.assertEqual(stream.next_notification()["id"], first)
        stream.close()

        missed = [notify_for([user], f"missed {i}") for i in range(4)]
        wait_until(lambda: in_inbox(user, missed[-1]), 20, "the missed items in the inbox")
        stream = open_stream(user, last_event_id=first)
        self.addCleanup(stream.close)
        for event_id in missed:
            self.assertEqual(stream.next_notification()["id"], event_id)
        live = notify_for([user], "live again")
        self.assertEqual(stream.next_notification()["id"], live, "nothing twice, nothing else")

    def test_a_malformed_last_event_id_is_refused(self):
        user = register()
        stream = EventStream(Stack.port("gateway"),
                             headers={**auth(user), "Last-Event-ID": "yesterday"})
        self.addCleanup(stream.close)
        self.assertEqual(stream.status, 400)
        self.assertEqual(stream.json()["type"], "/problems/malformed-request")

    def test_anonymous_callers_are_refused(self):
        for client in (EventStream, WebSocket):
            connection = client(Stack.port("gateway"))
            self.addCleanup(connection.close)
            self.assertEqual(connection.status, 401, client.__name__)

    def test_a_read_elsewhere_changes_the_unread_count(self):
        user = register()
        stream = open_stream(user)
        self.addCleanup(stream.close)
        event_id = notify_for([user])
        self.assertEqual(stream.next_notification()["id"], event_id)
        self.assertEqual(stream.next_unread_count(), 1, "the count the item changed follows it")

        r = call("POST", f"/notifications/{event_id}/read", token=user["token"])
        self.assertEqual(r.status, 204, r)
        self.assertEqual(stream.next_unread_count(), 0)

    def test_a_deactivated_users_stream_ends(self):
        user = register()
        stream = open_stream(user)
        self.addCleanup(stream.close)
        self.assertEqual(stream.next_unread_count(), 0)
        publish_event("user.deactivated", {"userId": user["id"]})
        self.assertIsNone(stream.next_event())

    def test_a_connection_the_client_ends_is_freed(self):
        ports = Stack.ports("notify")
        before = sum(live_gauge(p) for p in ports)
        stream = open_stream(register())
        stream.next_unread_count()
        self.assertEqual(sum(live_gauge(p) for p in ports), before + 1)
        stream.close()
        wait_until(lambda: sum(live_gauge(p) for p in ports) == before, 10,
                   "the connection leaving the registry")

    def test_a_teachers_announcement_reaches_a_connected_student(self):
        course, owner, (student,) = course_with_students(1)
        stream = open_stream(student)
        self.addCleanup(stream.close)
        self.assertEqual(stream.next_unread_count(), 0)

        r = call("POST", f"/api/courses/{course['id']}/announcements",
                 {"text": "Bring a calculator"}, token=owner["token"])
        self.assertEqual(r.status, 201, r)
        item = stream.next_notification()
        self.assertEqual(item["type"], "announcement.posted")
        self.assertEqual(item["courseId"], course["id"])
        self.assertTrue(item["link"].endswith(r.json()["id"]), item)


class WebSockets(unittest.TestCase):
    def test_items_and_unread_counts_arrive_as_messages(self):
        user = register()
        ws = WebSocket(Stack.port("gateway"), headers=auth(user))
        self.addCleanup(ws.close)
        self.assertEqual(ws.status, 101, ws.body)
        self.assertEqual(ws.receive_json(), {"type": "unreadCount", "count": 0})

        event_id = notify_for([user], "over the socket")
        message = ws.next_notification()
        self.assertEqual(message["item"]["id"], event_id)
        self.assertEqual(message["unreadCount"], 1)
        r = call("POST", "/notifications/read-all", token=user["token"])
        self.assertEqual(r.status, 204, r)
        self.assertEqual(ws.receive_json(), {"type": "unreadCount", "count": 0})

    def test_after_resumes_without_gap_or_duplicate(self):
        user = register()
        seen = notify_for([user], "seen")
        missed = [notify_for([user], f"missed {i}") for i in range(3)]
        wait_until(lambda: in_inbox(user, missed[-1]), 20, "the items in the inbox")
        ws = WebSocket(Stack.port("gateway"), f"/notifications/ws?after={seen}", auth(user))
        self.addCleanup(ws.close)
        self.assertEqual(ws.status, 101, ws.body)
        got = [ws.next_notification()["item"]["id"] for _ in missed]
        self.assertEqual(got, missed)

    def test_a_malformed_after_is_refused_before_the_upgrade(self):
        ws = WebSocket(Stack.port("gateway"), "/notifications/ws?after=nope", auth(register()))
        self.addCleanup(ws.close)
        self.assertEqual(ws.status, 400)


MAX_AGE = 2  # seconds: CLASSROOM_NOTIFY_LIVE_MAX_AGE while ConnectionLifetime runs


def restart_notify() -> None:
    """Restarts every notify instance with support.ENV as it is now."""
    for instance in ("notify", "notify-2"):
        stop_component(instance)
        start_component(instance)


class ConnectionLifetime(unittest.TestCase):
    """Live connections end after CLASSROOM_NOTIFY_LIVE_MAX_AGE, politely, so that
    the client reconnects through the gateway (which checks the session again)
    and resumes where it was."""

    @classmethod
    def setUpClass(cls) -> None:
        support.ENV["CLASSROOM_NOTIFY_LIVE_MAX_AGE"] = str(MAX_AGE)
        restart_notify()

    @classmethod
    def tearDownClass(cls) -> None:
        support.ENV.pop("CLASSROOM_NOTIFY_LIVE_MAX_AGE")
        restart_notify()

    def test_a_stream_ends_and_its_reconnection_misses_nothing(self):
        user = register()
        seen = notify_for([user], "seen")
        wait_until(lambda: in_inbox(user, seen), 20, "the first item in the inbox")
        sent = [notify_for([user], "while connected")]
        received: list[str] = []
        ends = 0
        stream = open_stream(user, last_event_id=seen)
        # What a browser's EventSource does: read, and when the stream ends,
        # reconnect with the last id it saw.
        while ends < 2 or len(received) < len(sent):
            item = stream.next_notification()
            if item is not None:
                received.append(item["id"])
                continue
            ends += 1
            stream.close()
            sent.append(notify_for([user], f"while away {ends}"))
            wait_until(lambda: in_inbox(user, sent[-1]), 20, "the missed item in the inbox")
            stream = open_stream(user, last_event_id=(received or [seen])[-1])
        stream.close()
        self.assertEqual(received, sent, "in order, none twice or missing")

    def test_a_websocket_is_closed_normally_and_resumes_with_after(self):
        user = register()
        seen = notify_for([user], "seen")
        first = notify_for([user], "before the end")
        wait_until(lambda: in_inbox(user, first), 20, "the items in the inbox")
        ws = WebSocket(Stack.port("gateway"), f"/notifications/ws?after={seen}", auth(user))
        self.addCleanup(ws.close)
        self.assertEqual(ws.status, 101, ws.body)
        self.assertEqual(ws.next_notification()["item"]["id"], first)
        self.assertIsNone(ws.next_notification())
        self.assertEqual(ws.close_code, 1000)
        self.assertIn("reconnect", ws.close_reason)

        missed = notify_for([user], "while away")
        wait_until(lambda: in_inbox(user, missed), 20, "the missed item in the inbox")
        again = WebSocket(Stack.port("gateway"), f"/notifications/ws?after={first}", auth(user))
        self.addCleanup(again.close)
        self.assertEqual(again.status, 101, again.body)
        self.assertEqual(again.next_notification()["item"]["id"], missed)


class TwoInstances(unittest.TestCase):
    def test_a_connection_gets_items_whichever_instance_wrote_them(self):
        # Each event is written by one instance (one consumer group): with a
        # connection on each, every event crosses instances for one of them.
        user = register()
        first, second = Stack.ports("notify")
        streams = [EventStream(port, headers=as_gateway(user)) for port in (first, second)]
        ws = WebSocket(second, headers=as_gateway(user))
        for connection in (*streams, ws):
            self.addCleanup(connection.close)
            self.assertIn(connection.status, (200, 101))
        sent = [notify_for([user], f"event {i}") for i in range(6)]
        for stream in streams:
            self.assertEqual([stream.next_notification()["id"] for _ in sent], sent)
        self.assertEqual([ws.next_notification()["item"]["id"] for _ in sent], sent)


class RedisRestart(unittest.TestCase):
    def test_the_stream_comes_back_and_nothing_is_lost(self):
        course, owner, (student,) = course_with_students(1)

        def announce(text: str) -> str:
            # Straight to api: the gateway cannot verify a session while Redis is down.
            r = call_api("POST", f"/api/courses/{course['id']}/announcements", {"text": text},
                         identity=owner)
            self.assertEqual(r.status, 201, r)
            return r.json()["id"]

        def reconnect(last_event_id: str):
            try:
                stream = EventStream(Stack.port("gateway"),
                                     headers={**auth(student), "Last-Event-ID": last_event_id})
            except OSError:
                return None
            if stream.status != 200:  # the gateway cannot verify while Redis is down
                stream.close()
                return None
            return stream

        stream = open_stream(student)
        self.assertEqual(stream.next_unread_count(), 0)
        announcements = [announce("before")]
        received = [stream.next_notification()["id"]]

        stop_component("redis")
        try:
            announcements.append(announce("during the outage"))  # api's outbox keeps it
        finally:
            start_component("redis")
        announcements += [announce(f"after {i}") for i in range(3)]

        # What a browser's EventSource does: read, and when the stream ends,
        # reconnect with the last id it saw.
        while len(received) < len(announcements):
            item = stream.next_notification()
            if item is None:
                stream.close()
                stream = wait_until(lambda: reconnect(received[-1]), 30, "the reconnection")
                continue
            received.append(item["id"])
        stream.close()

        r = call("GET", "/notifications", token=student["token"])
        inbox = list(reversed(r.json()["items"]))
        self.assertEqual(received, [i["id"] for i in inbox], "in order, none twice or missing")
        self.assertEqual(sorted(i["link"].rsplit("/", 1)[-1] for i in inbox),
                         sorted(announcements))


if __name__ == "__main__":
    unittest.main()
