"""End-to-end: the limits that keep guessers out without locking users out
(issue 11, items 3 and 4): wrong join codes, and sign-in failures slowed per
account and address rather than locked per account.

The gateway sets X-Real-IP to the client's address (gateway/proxy-headers.conf)
and every request of a test reaches it from 127.0.0.1. To be clients at several
addresses, these tests send what the gateway would send, X-Real-IP included,
straight to auth's and api's ports (both trust it from loopback, their trusted
proxies). The limits are made small, and the delays short, so that the attacks
take a few requests and seconds.
"""
from __future__ import annotations

import secrets
import unittest

import support
from support import (PASSWORD, Response, Stack, _request, call_api, create_course, new_email,
                     register, wait_until)

JOIN_PER_ACCOUNT = 3
JOIN_PER_ADDRESS = 6
JOIN_WINDOW = 4  # seconds
PAIR_LIMIT = 3
KNOWN_LIMIT = 10
ACCOUNT_LIMIT = 8
MAX_DELAY = 8  # seconds; the first delay is 2 s
DEAD_LINKS = 4
DEAD_LINK_WINDOW = 60  # seconds


def setUpModule():
    support.ENV = dict(support.ENV,
                       CLASSROOM_API_JOIN_ACCOUNT_LIMIT=str(JOIN_PER_ACCOUNT),
                       CLASSROOM_API_JOIN_ADDRESS_LIMIT=str(JOIN_PER_ADDRESS),
                       CLASSROOM_API_JOIN_WINDOW=f"{JOIN_WINDOW}s",
                       CLASSROOM_AUTH_LOGIN_PAIR_LIMIT=str(PAIR_LIMIT),
                       CLASSROOM_AUTH_LOGIN_KNOWN_LIMIT=str(KNOWN_LIMIT),
                       CLASSROOM_AUTH_LOGIN_ACCOUNT_LIMIT=str(ACCOUNT_LIMIT),
                       CLASSROOM_AUTH_LOGIN_DELAY="2s",
                       CLASSROOM_AUTH_LOGIN_MAX_DELAY=f"{MAX_DELAY}s",
                       CLASSROOM_AUTH_DEAD_LINK_LIMIT=str(DEAD_LINKS),
                       CLASSROOM_AUTH_DEAD_LINK_WINDOW=f"{DEAD_LINK_WINDOW}s")
    Stack.start()


def tearDownModule():
    Stack.stop()


def address() -> str:
    """A client address no other test uses (most likely: one of 16 million)."""
    return f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{secrets.randbelow(254) + 1}"


def join_from(user: dict, code: str, at: str) -> Response:
    return call_api("POST", "/api/courses/join", {"code": code},
                    identity={"id": user["id"], "email": user["email"]},
                    headers={"X-Real-IP": at})


def login_from(email: str, at: str, password: str = PASSWORD) -> Response:
    return _request(Stack.port("auth"), "POST", "/auth/login",
                    {"email": email, "password": password}, {"X-Real-IP": at}, None)


def wrong_code(course: dict) -> str:
    """A code of the right shape that is not `course`'s (nor, most likely, any)."""
    code = course["joinCode"]
    return code[:-1] + ("B" if code[-1] != "B" else "C")


class JoinCodes(unittest.TestCase):
    def assertTooMany(self, r: Response, within: int) -> int:
        self.assertEqual(r.status, 429, r)
        self.assertEqual(r.headers["Content-Type"], "application/problem+json")
        self.assertEqual(r.json()["status"], 429)
        wait = int(r.headers["Retry-After"])
        self.assertGreaterEqual(wait, 1)
        self.assertLessEqual(wait, within)
        return wait

    def test_a_guesser_is_refused_even_the_right_code_until_the_window_ends(self):
        course = create_course(register())
        guesser, here = register(), address()
        for _ in range(JOIN_PER_ACCOUNT):
            self.assertEqual(join_from(guesser, wrong_code(course), here).status, 404)
        self.assertTooMany(join_from(guesser, wrong_code(course), here), JOIN_WINDOW)
        # No oracle: the right code is refused alike, from any address.
        self.assertTooMany(join_from(guesser, course["joinCode"], here), JOIN_WINDOW)
        self.assertTooMany(join_from(guesser, course["joinCode"], address()), JOIN_WINDOW)
        # Another account at another address is not affected.
        self.assertEqual(join_from(register(), course["joinCode"], address()).status, 200)
        # Once the window has ended, the account may join again.
        wait_until(lambda: join_from(guesser, course["joinCode"], here).status == 200,
                   JOIN_WINDOW + 5, "the guesser's window to end")

    def test_an_address_over_its_limit_is_refused_for_every_account_behind_it(self):
        course = create_course(register())
        school = address()
        for _ in range(JOIN_PER_ADDRESS // 2):
            pupil = register()
            for _ in range(2):
                self.assertEqual(join_from(pupil, wrong_code(course), school).status, 404)
        self.assertTooMany(join_from(register(), course["joinCode"], school), JOIN_WINDOW)
        self.assertEqual(join_from(register(), course["joinCode"], address()).status, 200)

    def test_a_right_code_does_not_clear_the_failures_counted_before_it(self):
        course = create_course(register())
        school = address()
        for _ in range(JOIN_PER_ADDRESS - 1):
            self.assertEqual(join_from(register(), wrong_code(course), school).status, 404)
        # Joins that succeed cost nothing, and clear nothing.
        for _ in range(3):
            self.assertEqual(join_from(register(), course["joinCode"], school).status, 200)
        self.assertEqual(join_from(register(), wrong_code(course), school).status, 404)
        self.assertTooMany(join_from(register(), course["joinCode"], school), JOIN_WINDOW)

    def test_joins_answer_503_with_retry_after_while_redis_is_down(self):
        course = create_course(register())
        user = register()
        support.stop_component("redis")
        try:
            r = join_from(user, course["joinCode"], address())
        finally:
            support.start_component("redis")
        self.assertEqual(r.status, 503, r)
        self.assertGreaterEqual(int(r.headers["Retry-After"]), 1)
        self.assertEqual(call_api("GET", f"/api/courses/{course['id']}/members",
                                  identity={"id": user["id"], "email": user["email"]}).status,
                         404, "the join happened unchecked")


class SignIn(unittest.TestCase):
    def slowed(self, r: Response) -> int:
        """Retry-After of a 429 answer (asserting it is one, and capped)."""
        self.assertEqual(r.status, 429, r)
        self.assertEqual(r.headers["Content-Type"], "application/problem+json")
        wait = int(r.headers["Retry-After"])
        self.assertGreaterEqual(wait, 1)
        self.assertLessEqual(wait, MAX_DELAY)
        return wait

    def fail_from(self, email: str, at: str) -> Response:
        return login_from(email, at, "wrong password!")

    def test_a_guesser_is_slowed_while_the_owner_signs_in_from_a_known_address(self):
        owner = register()["email"]
        home, guesser = address(), address()
        self.assertEqual(login_from(owner, home).status, 200)
        statuses = [self.fail_from(owner, guesser).status for _ in range(20)]
        self.assertEqual(statuses, [401] * PAIR_LIMIT + [429] * (20 - PAIR_LIMIT))
        # The owner is not locked out: at once, from the address known to work.
        self.assertEqual(login_from(owner, home).status, 200)
        # The guesser still waits, longer after every failure it is let make.
        first = self.slowed(self.fail_from(owner, guesser))
        wait_until(lambda: self.fail_from(owner, guesser).status == 401, first + 5,
                   "the guesser's delay to end")
        self.assertGreater(self.slowed(self.fail_from(owner, guesser)), first)
        # Even the right password waits at the guesser's address (no oracle).
        self.slowed(login_from(owner, guesser))

    def test_the_owner_signs_in_at_a_shared_known_address_where_a_guesser_fails(self):
        owner = register()["email"]
        school = address()
        self.assertEqual(login_from(owner, school).status, 200)
        for _ in range(KNOWN_LIMIT - 2):
            self.assertEqual(self.fail_from(owner, school).status, 401)
        self.assertEqual(login_from(owner, school).status, 200)
        # The guesser behind the same address is slowed too, only later.
        statuses = [self.fail_from(owner, school).status for _ in range(KNOWN_LIMIT + 1)]
        self.assertEqual(statuses, [401] * KNOWN_LIMIT + [429])

    def test_an_attack_from_many_addresses_slows_unknown_ones_but_not_a_known_one(self):
        owner = register()["email"]
        home = address()
        self.assertEqual(login_from(owner, home).status, 200)
        for _ in range(ACCOUNT_LIMIT):
            self.assertEqual(self.fail_from(owner, address()).status, 401)
        self.slowed(self.fail_from(owner, address()))
        self.slowed(login_from(owner, address()))
        self.assertEqual(login_from(owner, home).status, 200)

    def test_the_owner_signs_in_where_they_registered_while_an_attack_slows_strangers(self):
        home = address()
        r = _request(Stack.port("auth"), "POST", "/auth/register",
                     {"email": new_email(), "password": PASSWORD, "displayName": "Reg Home"},
                     {"X-Real-IP": home}, None)
        self.assertEqual(r.status, 201, r)
        owner = r.json()["user"]["email"]
        for _ in range(ACCOUNT_LIMIT):
            self.assertEqual(self.fail_from(owner, address()).status, 401)
        self.slowed(login_from(owner, address()))
        # Never signed in since registering, and still not a stranger at home.
        self.assertEqual(login_from(owner, home).status, 200)

    def test_failures_on_many_accounts_from_one_address_do_not_lock_out_another_behind_it(self):
        school = address()
        failures = 0
        while failures < 100:
            email = new_email()
            for _ in range(PAIR_LIMIT):
                self.assertEqual(self.fail_from(email, school).status, 401)
                failures += 1
        pupil = register()["email"]
        self.assertEqual(login_from(pupil, school).status, 200)

    def test_unknown_email_and_wrong_password_are_slowed_alike(self):
        owner, stranger = register()["email"], new_email()
        at = address()
        wrong = [self.fail_from(owner, at).status for _ in range(PAIR_LIMIT + 1)]
        unknown = [self.fail_from(stranger, at).status for _ in range(PAIR_LIMIT + 1)]
        self.assertEqual(wrong, [401] * PAIR_LIMIT + [429])
        self.assertEqual(unknown, wrong)


class OneTimeLinks(unittest.TestCase):
    def use_from(self, path: str, token: str, at: str) -> Response:
        body = {"token": token}
        if path == "/auth/password/reset":
            body["newPassword"] = "a brand new password"
        return _request(Stack.port("auth"), "POST", path, body, {"X-Real-IP": at}, None)

    def test_a_sprayer_of_made_up_tokens_gets_429_and_others_do_not(self):
        sprayer = address()
        statuses = [self.use_from(path, secrets.token_urlsafe(32), sprayer).status
                    for path in ["/auth/password/reset", "/auth/email/verify"] * (DEAD_LINKS // 2)]
        self.assertEqual(statuses, [410] * DEAD_LINKS)
        for path in ("/auth/password/reset", "/auth/email/verify"):
            r = self.use_from(path, secrets.token_urlsafe(32), sprayer)
            self.assertEqual(r.status, 429, r)
            self.assertEqual(r.headers["Content-Type"], "application/problem+json")
            self.assertLessEqual(int(r.headers["Retry-After"]), DEAD_LINK_WINDOW)
        # Another address is not held up by it.
        self.assertEqual(self.use_from("/auth/email/verify", "made up", address()).status, 410)


if __name__ == "__main__":
    unittest.main()
