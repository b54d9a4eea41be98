"""End-to-end: e-mail verification, password reset and invitations only for a
verified, equal address (API.md, auth; issue 11, item 1), through the gateway
with the stack's real SMTP sink.

The attack of the issue: anyone who registers `new.teacher@school` before its
owner does became the course's teacher by accepting the invitation to it.
Now an invitation is listed, accepted or declined only by a verified address
equal to the invited one, and an address is verified only by the one-time
link mailed to it. The invitation's e-mail goes to the invited address
whatever the look-alike account's preferences.
"""
from __future__ import annotations

import hashlib
import subprocess
import unittest
import uuid
from concurrent.futures import ThreadPoolExecutor

import support
from support import (PASSWORD, RESET_SUBJECT, VERIFICATION_SUBJECT, call, create_course,
                     link_token, mails_to, new_email, register, stream_events, tearDownModule,
                     verify_email, wait_for_mail, wait_until)  # noqa: F401

PUBLIC_URL = "https://classroom.example.org"
LIMIT_WINDOW = 5  # seconds
support.ENV.update(CLASSROOM_PUBLIC_URL=PUBLIC_URL,
                   CLASSROOM_AUTH_VERIFICATION_LIMIT="3",
                   # Every request here comes from one address; test_limits tests this limit.
                   CLASSROOM_AUTH_DEAD_LINK_LIMIT="1000",
                   CLASSROOM_AUTH_FORGOT_EMAIL_LIMIT="2",
                   CLASSROOM_AUTH_FORGOT_ADDRESS_LIMIT="20",
                   CLASSROOM_AUTH_EMAIL_LIMIT_WINDOW=str(LIMIT_WINDOW))
PROBLEM = "application/problem+json"


def setUpModule() -> None:
    support.Stack.start()


def me(user: dict) -> dict:
    r = call("GET", "/auth/me", token=user["token"])
    assert r.status == 200, r
    return r.json()["user"]


def verified_header(user: dict) -> str | None:
    """What /verify tells the services about the user's address (GET /verify is
    not routed: asked of auth directly, as the gateway does)."""
    r = support._request(support.Stack.port("auth"), "GET", "/verify", None,
                         {"Authorization": f"Bearer {user['token']}"}, None)
    assert r.status == 204, r
    return r.headers.get("X-Auth-Email-Verified")


def login(email: str, password: str):
    return call("POST", "/auth/login", {"email": email, "password": password})


def forgot(email: str):
    return call("POST", "/auth/password/forgot", {"email": email})


def reset(token: str, password: str):
    return call("POST", "/auth/password/reset", {"token": token, "newPassword": password})


def invite(course: dict, owner: dict, email: str, role: str = "teacher") -> dict:
    r = call("POST", f"/api/courses/{course['id']}/invitations", {"email": email, "role": role},
             token=owner["token"])
    assert r.status == 201, r
    return r.json()


def accept(invitation: dict, user: dict):
    return call("POST", f"/api/invitations/{invitation['id']}/accept", token=user["token"])


def decline(invitation: dict, user: dict):
    return call("POST", f"/api/invitations/{invitation['id']}/decline", token=user["token"])


def my_invitations(user: dict):
    return call("GET", "/api/invitations", token=user["token"])


def role_in(course: dict, user: dict) -> str | None:
    r = call("GET", f"/api/courses/{course['id']}", token=user["token"])
    return r.json()["myRole"] if r.status == 200 else None


class Verification(unittest.TestCase):
    def test_registration_mails_a_link_whose_token_works_once(self):
        user = register("Ada Lovelace")
        self.assertFalse(me(user)["emailVerified"])
        self.assertEqual(verified_header(user), "false")
        mail = wait_for_mail(user["email"], VERIFICATION_SUBJECT)
        self.assertIn("Ada Lovelace", mail["To"])
        body = mail.get_content()
        self.assertIn(f"{PUBLIC_URL}/verify-email#token=", body)
        self.assertIn("for 24 hours", body)
        # The account it confirms, so that the mailbox's owner can tell an impostor's.
        self.assertRegex(" ".join(body.split()),
                         r"the Classroom account 'Ada Lovelace' created on \d{1,2} [A-Z][a-z]+ "
                         r"\d{4} at \d\d:\d\d UTC uses this e-mail address")
        self.assertIn("ignore this e-mail", body)
        token = link_token(mail, "/verify-email")
        r = call("POST", "/auth/email/verify", {"token": token})
        self.assertEqual(r.status, 204, r)
        # At once, in the live session: /auth/me and what /verify tells services.
        self.assertTrue(me(user)["emailVerified"])
        self.assertEqual(verified_header(user), "true")
        again = call("POST", "/auth/email/verify", {"token": token})
        self.assertEqual(again.status, 410, again)
        self.assertEqual(again.headers["Content-Type"], PROBLEM)
        self.assertEqual(again.json()["type"], "/problems/gone")
        # A new session carries it too, and so does the login answer.
        r = login(user["email"], PASSWORD)
        self.assertTrue(r.json()["user"]["emailVerified"], r)
        # The token is in no log line of auth or the gateway.
        logs = [support.Stack.dir / "logs" / "auth.log"]
        logs += (support.Stack.dir / "nginx" / "logs").glob("*.log")
        for log in logs:
            with self.subTest(log=log.name):
                self.assertNotIn(token, log.read_text(errors="replace"))

    def test_verification_is_an_event_without_the_token(self):
        user = register()
        token = link_token(wait_for_mail(user["email"], VERIFICATION_SUBJECT), "/verify-email")
        self.assertEqual(call("POST", "/auth/email/verify", {"token": token}).status, 204)

        def event():
            return next((e for e in stream_events() if e["type"] == "user.email_verified"
                         and e["data"]["userId"] == user["id"]), None)
        e = wait_until(event, 20, "user.email_verified on the stream")
        self.assertEqual(e["data"]["email"], user["email"])
        self.assertNotIn(token, str(e))

    def test_one_link_clicked_twice_at_once_verifies_once(self):
        user = register()
        token = link_token(wait_for_mail(user["email"], VERIFICATION_SUBJECT), "/verify-email")
        with ThreadPoolExecutor(4) as pool:
            statuses = list(pool.map(
                lambda _: call("POST", "/auth/email/verify", {"token": token}).status, range(4)))
        self.assertEqual(sorted(statuses), [204, 410, 410, 410], statuses)
        self.assertTrue(me(user)["emailVerified"])

    def test_unknown_and_garbage_tokens_get_the_same_410(self):
        answers = [call("POST", "/auth/email/verify", {"token": token})
                   for token in ("A" * 43, "not a token", "")]
        self.assertEqual({r.status for r in answers}, {410}, answers)
        self.assertEqual(len({r.json()["detail"] for r in answers}), 1)
        # A body that is not {token: string} is the client's mistake, not a 410.
        self.assertEqual(call("POST", "/auth/email/verify", raw=b"{",
                              headers={"Content-Type": "application/json"}).status, 400)
        self.assertEqual(call("POST", "/auth/email/verify", {"token": 7}).status, 400)

    def test_a_new_link_on_request_and_nothing_once_verified(self):
        user = register()
        wait_for_mail(user["email"], VERIFICATION_SUBJECT)
        r = call("POST", "/auth/email/verification", token=user["token"])
        self.assertEqual(r.status, 202, r)
        second = wait_for_mail(user["email"], VERIFICATION_SUBJECT, skip=1)
        r = call("POST", "/auth/email/verify", {"token": link_token(second, "/verify-email")})
        self.assertEqual(r.status, 204, r)
        self.assertEqual(call("POST", "/auth/email/verification", token=user["token"]).status,
                         202)
        self.assertEqual(call("POST", "/auth/email/verification").status, 401)
        # A later mail to someone else has arrived: the verified user's would have too.
        other = register()
        wait_for_mail(other["email"], VERIFICATION_SUBJECT)
        self.assertEqual(len(mails_to(user["email"])), 2)

    def test_verification_requests_are_limited_per_account(self):
        user = register()
        statuses = [call("POST", "/auth/email/verification", token=user["token"])
                    for _ in range(4)]
        self.assertEqual([r.status for r in statuses], [202, 202, 202, 429], statuses)
        self.assertEqual(statuses[-1].headers["Content-Type"], PROBLEM)
        self.assertLessEqual(int(statuses[-1].headers["Retry-After"]), LIMIT_WINDOW)
        # Another account is not held up by it.
        self.assertEqual(call("POST", "/auth/email/verification",
                              token=register()["token"]).status, 202)


def expire(token: str) -> None:
    """Ends the life of `token` in auth's database (only its SHA-256 is stored)."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    r = subprocess.run(["psql", support.Stack.state["auth"]["dbUrl"], "-XAtq", "-v",
                        "ON_ERROR_STOP=1", "-c",
                        "UPDATE email_tokens SET expires_at = now() - interval '1 second' "
                        f"WHERE digest = '{digest}' RETURNING 1"],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 0 and r.stdout.strip() == "1", (r.stdout, r.stderr)


class Expiry(unittest.TestCase):
    def test_expired_links_are_410_and_a_new_one_works(self):
        user = register()
        verify_mail = wait_for_mail(user["email"], VERIFICATION_SUBJECT)
        self.assertEqual(forgot(user["email"]).status, 202)
        reset_mail = wait_for_mail(user["email"], RESET_SUBJECT)
        for mail, path in ((verify_mail, "/verify-email"), (reset_mail, "/reset-password")):
            expire(link_token(mail, path))
        r = call("POST", "/auth/email/verify", {"token": link_token(verify_mail, "/verify-email")})
        self.assertEqual(r.status, 410, r)
        r = reset(link_token(reset_mail, "/reset-password"), "a brand new password")
        self.assertEqual(r.status, 410, r)
        self.assertFalse(me(user)["emailVerified"])
        self.assertEqual(login(user["email"], PASSWORD).status, 200)
        self.assertEqual(call("POST", "/auth/email/verification", token=user["token"]).status,
                         202)
        fresh = wait_for_mail(user["email"], VERIFICATION_SUBJECT, skip=1)
        r = call("POST", "/auth/email/verify", {"token": link_token(fresh, "/verify-email")})
        self.assertEqual(r.status, 204, r)


class PasswordReset(unittest.TestCase):
    def test_forgot_answers_alike_and_mails_only_a_known_address(self):
        known = register()
        unknown = new_email()
        a, b = forgot(known["email"]), forgot(unknown)
        self.assertEqual((a.status, b.status), (202, 202))
        self.assertEqual(a.body, b.body)
        self.assertEqual(a.headers["Content-Type"], b.headers["Content-Type"])
        mail = wait_for_mail(known["email"], RESET_SUBJECT)
        self.assertIn(f"{PUBLIC_URL}/reset-password#token=", mail.get_content())
        self.assertIn("If it was not you, ignore this e-mail", mail.get_content())
        # Mail to the known address went after both answers; none to the unknown one.
        wait_for_mail(register()["email"], VERIFICATION_SUBJECT)
        self.assertEqual(mails_to(unknown), [])
        # Upper case and spaces name the same account.
        self.assertEqual(forgot(f"  {known['email'].upper()} ").status, 202)
        wait_for_mail(known["email"], RESET_SUBJECT, skip=1)

    def test_reset_ends_every_session_and_only_the_new_password_works(self):
        user = register()
        second_session = login(user["email"], PASSWORD).json()["token"]
        self.assertEqual(forgot(user["email"]).status, 202)
        token = link_token(wait_for_mail(user["email"], RESET_SUBJECT), "/reset-password")
        self.assertEqual(reset(token, "short").status, 422)  # refused; the token still works
        r = reset(token, "a brand new password")
        self.assertEqual(r.status, 204, r)
        for session in (user["token"], second_session):
            self.assertEqual(call("GET", "/auth/me", token=session).status, 401)
        self.assertEqual(login(user["email"], PASSWORD).status, 401)
        signed_in = login(user["email"], "a brand new password")
        self.assertEqual(signed_in.status, 200, signed_in)
        # The mailbox was proven: the address is verified.
        self.assertTrue(signed_in.json()["user"]["emailVerified"])
        self.assertEqual(reset(token, "yet another password").status, 410)

    def test_one_link_clicked_twice_at_once_sets_one_password(self):
        user = register()
        forgot(user["email"])
        token = link_token(wait_for_mail(user["email"], RESET_SUBJECT), "/reset-password")
        passwords = [f"racing password {i}" for i in range(4)]
        with ThreadPoolExecutor(len(passwords)) as pool:
            statuses = list(pool.map(lambda p: reset(token, p).status, passwords))
        self.assertEqual(sorted(statuses), [204, 410, 410, 410], statuses)
        winner = passwords[statuses.index(204)]
        self.assertEqual([login(user["email"], p).status for p in passwords],
                         [200 if p == winner else 401 for p in passwords])

    def test_a_new_password_ends_the_other_reset_links(self):
        user = register()
        forgot(user["email"])
        forgot(user["email"])
        first = link_token(wait_for_mail(user["email"], RESET_SUBJECT), "/reset-password")
        second = link_token(wait_for_mail(user["email"], RESET_SUBJECT, skip=1),
                            "/reset-password")
        self.assertEqual(reset(second, "a brand new password").status, 204)
        self.assertEqual(reset(first, "the attacker's password").status, 410)
        self.assertEqual(login(user["email"], "a brand new password").status, 200)

    def test_a_deactivated_account_gets_no_reset_mail(self):
        admin = support.create_admin()
        user = register()
        r = call("PATCH", f"/auth/users/{user['id']}", {"active": False}, token=admin["token"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(forgot(user["email"]).status, 202)
        wait_for_mail(register()["email"], VERIFICATION_SUBJECT)  # sent after the forgot
        self.assertEqual([m for m in mails_to(user["email"]) if m["Subject"] == RESET_SUBJECT],
                         [])

    def test_forgot_is_limited_per_email_and_per_address_alike_for_unknown_ones(self):
        known, unknown = register()["email"], new_email()
        known_answers = [forgot(known) for _ in range(3)]
        unknown_answers = [forgot(unknown) for _ in range(3)]
        for answers in (known_answers, unknown_answers):
            self.assertEqual([r.status for r in answers], [202, 202, 429], answers)
            self.assertLessEqual(int(answers[-1].headers["Retry-After"]), LIMIT_WINDOW)
        self.assertEqual(known_answers[-1].json()["detail"], unknown_answers[-1].json()["detail"])
        # Per client address: many e-mails from one address run into the address's limit.
        answers = []
        for _ in range(25):
            answers.append(forgot(new_email()))
            if answers[-1].status == 429:
                break
        self.assertEqual(answers[-1].status, 429, answers)
        retry_after = int(answers[-1].headers["Retry-After"])
        self.assertLessEqual(retry_after, LIMIT_WINDOW)
        # It locks nobody out for good: once the window is over, asking works again.
        wait_until(lambda: forgot(new_email()).status == 202, retry_after + 5,
                   "the address's window to end")


class Invitations(unittest.TestCase):
    def test_an_unverified_look_alike_cannot_take_the_invitation_the_owner_then_can(self):
        owner = verify_email(register("Olive Owner"))
        course = create_course(owner)
        address = f"new.teacher-{uuid.uuid4().hex[:8]}@school.example.org"
        invitation = invite(course, owner, address)
        # The attacker registers the invited address first; the mail goes to its owner.
        attacker = register("Mallory", email=address)
        r = accept(invitation, attacker)
        self.assertEqual(r.status, 403, r)
        self.assertEqual(r.headers["Content-Type"], PROBLEM)
        self.assertIn("verify your e-mail address first", r.json()["detail"])
        self.assertIsNone(role_in(course, attacker))
        r = call("GET", f"/api/courses/{course['id']}/members", token=owner["token"])
        self.assertEqual([m["userId"] for m in r.json()["items"]], [owner["id"]])
        # The owner of the mailbox opens the link: now the address is proven.
        verify_email(attacker)
        self.assertEqual(accept(invitation, attacker).status, 200)
        self.assertEqual(role_in(course, attacker), "teacher")

    def test_a_verified_user_of_another_address_cannot_accept(self):
        owner = verify_email(register())
        course = create_course(owner)
        co_teacher = support.add_teacher(course, owner)  # verified; sees the course's invitations
        invitation = invite(course, owner, new_email(), "student")
        r = accept(invitation, co_teacher)
        self.assertEqual(r.status, 403, r)
        # Someone with no part in the course does not learn that it exists.
        self.assertEqual(accept(invitation, verify_email(register())).status, 404)

    def test_an_unverified_look_alike_neither_sees_nor_declines_the_invitation(self):
        owner = verify_email(register("Olive Owner"))
        course = create_course(owner, "Secret Seminar")
        address = f"new.teacher-{uuid.uuid4().hex[:8]}@school.example.org"
        # The look-alike registers the invited address before its owner does.
        look_alike = register("Mallory", email=address)
        invitation = invite(course, owner, address)
        r = my_invitations(look_alike)
        self.assertProblem(r, 403, "verify your e-mail address to see your invitations")
        self.assertNotIn("Secret Seminar", r.body.decode())
        r = accept(invitation, look_alike)
        self.assertProblem(r, 403, "verify your e-mail address first")
        r = decline(invitation, look_alike)
        self.assertProblem(r, 403, "verify your e-mail address first")
        self.assertNotIn("Secret Seminar", r.body.decode())
        # Nothing was answered: once the address is proven, it is still pending there.
        verify_email(look_alike)
        r = my_invitations(look_alike)
        self.assertEqual(r.status, 200, r)
        self.assertEqual([(i["id"], i["state"]) for i in r.json()["items"]],
                         [(invitation["id"], "PENDING")])

    def test_a_verified_invitee_declines(self):
        owner = verify_email(register())
        course = create_course(owner)
        invitee = verify_email(register())
        invitation = invite(course, owner, invitee["email"], "student")
        r = decline(invitation, invitee)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["state"], "DECLINED")
        self.assertEqual(my_invitations(invitee).json()["items"], [])

    def assertProblem(self, r, status: int, detail: str) -> None:
        self.assertEqual(r.status, status, r)
        self.assertEqual(r.headers["Content-Type"], PROBLEM)
        self.assertIn(detail, r.json()["detail"])


class InvitationMail(unittest.TestCase):
    """notify mails an invitation to the invited address, whatever the account
    that registered it (maybe without owning it) asked for; that account reads
    the invitation in its inbox only once it proved the address."""

    def set_preferences(self, user: dict, preferences: dict) -> None:
        r = call("PUT", "/notifications/preferences", preferences, token=user["token"])
        self.assertEqual(r.status, 200, r)

    def invitation_mails(self, address: str, course: dict) -> list:
        return [m for m in mails_to(address) if m["Subject"] == f"Invitation to {course['name']}"]

    def test_a_look_alike_account_cannot_silence_the_invitation_to_the_address(self):
        owner = verify_email(register())
        for preferences in ({"email": {"invitation.created": "OFF"}},
                            {"mutedTypes": ["invitation.created"]}):
            with self.subTest(preferences=preferences):
                address = new_email()
                look_alike = register("Mallory", email=address)
                self.set_preferences(look_alike, preferences)
                course = create_course(owner)
                invite(course, owner, address, "student")
                mail = wait_for_mail(address, f"Invitation to {course['name']}")
                self.assertIn(f"{PUBLIC_URL}/invitations", mail.get_content())

    def inbox_titles(self, user: dict) -> list[str]:
        r = call("GET", "/notifications", token=user["token"])
        self.assertEqual(r.status, 200, r)
        return [i["title"] for i in r.json()["items"]]

    def wait_until_notify_knows_verified(self, user: dict) -> None:
        """auth's and api's events reach the stream by separate outboxes, and
        notify reads it in order: the invitation must come after the
        verification on the stream for notify to know of the verification."""
        wait_until(lambda: any(e["type"] == "user.email_verified"
                               and e["data"]["userId"] == user["id"] for e in stream_events()),
                   20, "user.email_verified on the stream")

    def test_an_unverified_account_with_the_address_gets_no_inbox_item(self):
        owner = verify_email(register("Olive Owner"))
        address = new_email()
        look_alike = register("Mallory", email=address)
        course = create_course(owner, "Secret Seminar")
        invite(course, owner, address, "student")
        # notify puts an inbox item in before it queues the address's mail
        # (one delivery): once the mail is here, an item would be there too.
        wait_for_mail(address, "Invitation to Secret Seminar")
        self.assertNotIn("Invitation to Secret Seminar", self.inbox_titles(look_alike))
        r = call("GET", "/notifications", token=look_alike["token"])
        self.assertNotIn("Secret Seminar", r.body.decode())
        self.assertNotIn("Olive", r.body.decode())

    def test_a_verified_account_gets_the_item_and_the_address_one_mail(self):
        owner = verify_email(register())
        invitee = verify_email(register())
        self.wait_until_notify_knows_verified(invitee)
        self.set_preferences(invitee, {"email": {"invitation.created": "IMMEDIATE"}})
        first, second = create_course(owner), create_course(owner)
        invite(first, owner, invitee["email"], "student")
        wait_for_mail(invitee["email"], f"Invitation to {first['name']}")
        self.assertIn(f"Invitation to {first['name']}", self.inbox_titles(invitee))
        # Events are handled in order: once the second invitation's mail is
        # here, a second mail of the first would have come too.
        invite(second, owner, invitee["email"], "student")
        wait_for_mail(invitee["email"], f"Invitation to {second['name']}")
        self.assertEqual(len(self.invitation_mails(invitee["email"], first)), 1)

if __name__ == "__main__":
    unittest.main()
