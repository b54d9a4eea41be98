"""An Idempotency-Key and the write it guards are one fact, also across a kill -9.

Each test holds a lock that `POST /api/courses` needs (the `courses` table,
from a psql session of its own), sends the POST with a key, waits until the
api's backend is blocked on that lock, and kills a process: the api, or
PostgreSQL. The client then retries with the same key, as API.md tells it to:
the retry must create the course, once, and a further retry must answer the
same course again (`Idempotent-Replayed: true`). Before the key was claimed in
the write's own transaction, the retry got 409 for 24 hours.
"""
from __future__ import annotations

import os
import signal
import subprocess
import threading
import unittest
import uuid
from pathlib import Path

from support import (Stack, call, kill_instance, register, start_component, wait_until,
                     setUpModule, tearDownModule)  # noqa: F401


def sql(query: str) -> str:
    """`query` on the api's database; its output, unaligned."""
    r = subprocess.run(["psql", Stack.state["api"]["dbUrl"], "-XAtq", "-v", "ON_ERROR_STOP=1",
                        "-c", query], capture_output=True, text=True, timeout=30)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


class TableLock:
    """`LOCK TABLE <table> IN ACCESS EXCLUSIVE MODE` held in an open
    transaction of a psql session of its own, until release()."""

    def __init__(self, table: str):
        self.psql = subprocess.Popen(["psql", Stack.state["api"]["dbUrl"], "-Xq"],
                                     stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, text=True)
        self.psql.stdin.write(f"BEGIN;\nLOCK TABLE {table} IN ACCESS EXCLUSIVE MODE;\n")
        self.psql.stdin.flush()
        wait_until(lambda: sql("SELECT count(*) FROM pg_locks l JOIN pg_class c "
                               "ON c.oid = l.relation WHERE c.relname = '" + table + "' "
                               "AND l.mode = 'AccessExclusiveLock' AND l.granted") == "1",
                   what=f"the lock on {table}")

    def release(self) -> None:
        """Commits (when the session is still there) and ends the session."""
        if self.psql.poll() is None:
            try:
                self.psql.stdin.write("COMMIT;\n")
                self.psql.stdin.close()
            except BrokenPipeError:
                pass  # PostgreSQL went, and the session with it
        try:
            self.psql.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.psql.kill()
            self.psql.wait()


class Post(threading.Thread):
    """A POST sent from a thread of its own: it blocks until the lock goes."""

    def __init__(self, user: dict, body: dict, key: str):
        super().__init__(daemon=True)
        self.args = ("POST", "/api/courses", body, user["token"], {"Idempotency-Key": key})
        self.response = None

    def run(self) -> None:
        try:
            self.response = call(*self.args)
        except OSError as e:  # the connection may simply be cut
            self.response = e


def blocked_creations() -> int:
    """Backends of the api creating a course and waiting for the lock: a new
    course first looks for a free join code, then is inserted."""
    return int(sql("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                   "AND (query LIKE '%FROM courses WHERE join_code%' "
                   "OR query LIKE 'INSERT INTO courses%')"))


def kill_postgresql() -> None:
    """kill -9 of the postmaster and every process it started; returns once all are gone."""
    data = Path(Stack.dir) / "pg" / "data"
    postmaster = int((data / "postmaster.pid").read_text().split()[0])
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # exited meanwhile
        if int(fields[1]) == postmaster:
            children.append(int(stat.parent.name))
    for pid in [postmaster, *children]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    # Gone, not only exited: a new postmaster refuses to start while the old
    # one's pid, written in postmaster.pid, still names a process (a zombie too).
    for pid in [postmaster, *children]:
        wait_until(lambda pid=pid: not Path(f"/proc/{pid}").exists(), 20,
                   f"PostgreSQL process {pid} gone")


class IdempotencyKeyAcrossACrash(unittest.TestCase):
    def setUp(self):
        self.user = register()
        self.name = f"Crash course {uuid.uuid4().hex[:8]}"
        self.key = f"crash-{uuid.uuid4()}"

    def create(self):
        return call("POST", "/api/courses", {"name": self.name}, self.user["token"],
                    headers={"Idempotency-Key": self.key})

    def rows(self) -> int:
        return int(sql(f"SELECT count(*) FROM courses WHERE name = '{self.name}'"))

    def start_blocked_post(self) -> tuple[TableLock, Post]:
        lock = TableLock("courses")
        post = Post(self.user, {"name": self.name}, self.key)
        post.start()
        try:
            wait_until(lambda: blocked_creations() == 1, what="the POST waiting for the lock")
        except AssertionError:
            lock.release()
            raise
        return lock, post

    def answered(self):
        """The retry's answer; None for a 502 or 503, which the client retries."""
        r = self.create()
        return None if r.status in (502, 503) else r

    def assert_retry_acts_once(self, first_answer) -> None:
        # The first request never answered 201: its client retries.
        retry = wait_until(self.answered, what="an answer to the retry")
        self.assertEqual(retry.status, 201, f"retry after {first_answer!r}: {retry!r}")
        self.assertIsNone(retry.headers.get("Idempotent-Replayed"))
        self.assertEqual(self.rows(), 1)
        again = self.create()
        self.assertEqual(again.status, 201, again)
        self.assertEqual(again.headers.get("Idempotent-Replayed"), "true")
        self.assertEqual(again.json()["id"], retry.json()["id"])
        self.assertEqual(self.rows(), 1)

    def test_api_killed_between_claim_and_commit(self):
        lock, post = self.start_blocked_post()
        try:
            kill_instance("api")
        finally:
            lock.release()
        post.join(30)
        self.assertFalse(post.is_alive())
        start_component("api")
        self.assertEqual(self.rows(), 0)
        self.assert_retry_acts_once(post.response)

    def test_postgresql_killed_between_claim_and_commit(self):
        lock, post = self.start_blocked_post()
        try:
            kill_postgresql()
        finally:
            lock.release()
        post.join(30)
        self.assertFalse(post.is_alive())
        start_component("pg")
        self.assertEqual(self.rows(), 0)
        self.assert_retry_acts_once(post.response)


if __name__ == "__main__":
    unittest.main()
