"""End-to-end: the api service's courses, join codes, invitations, members and
profiles, and its conventions (pagination, Idempotency-Key, problems), through
the gateway with real accounts. What is asserted is API.md's api section and
the decisions in docs/api.md.
"""
from __future__ import annotations

import re
import secrets
import unittest
import uuid
from urllib.parse import quote

from support import (add_teacher, call, call_api, course_with_students, create_course, from_now,
                     join, new_email, next_link, publish_event, register, stream_events, uuid7,
                     verify_email, wait_until, setUpModule, tearDownModule)  # noqa: F401

CODE_ALPHABET = "23456789BCDFGHJKMNPQRSTVWXYZ"  # docs/api.md: no vowels, 0/O, 1/I/L
CODE = re.compile(f"^[{CODE_ALPHABET}]{{7}}$")
PROBLEM = "application/problem+json"


def course_path(course: dict, rest: str = "") -> str:
    return f"/api/courses/{course['id']}{rest}"


def get_course(course: dict, user: dict):
    return call("GET", course_path(course), token=user["token"])


def invite(course: dict, by: dict, email: str, role: str = "student"):
    return call("POST", course_path(course, "/invitations"), {"email": email, "role": role},
                token=by["token"])


def member_ids(course: dict, user: dict, query: str = "") -> list[str]:
    r = call("GET", course_path(course, f"/members{query}"), token=user["token"])
    assert r.status == 200, r
    return [m["userId"] for m in r.json()["items"]]


def unused_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(7))


class ProblemAssertions(unittest.TestCase):
    def assertProblem(self, r, status: int, type_: str | None = None):
        self.assertEqual(r.status, status, r)
        self.assertEqual(r.headers["Content-Type"], PROBLEM)
        body = r.json()
        self.assertEqual(body["status"], status)
        if type_:
            self.assertEqual(body["type"], type_)
        return body


class Courses(ProblemAssertions):
    def test_creating_a_course_makes_the_caller_its_owner(self):
        owner = register()
        r = call("POST", "/api/courses", {"name": "Algebra", "section": "Period 2",
                                          "description": "Linear equations", "room": "B12"},
                 token=owner["token"])
        self.assertEqual(r.status, 201, r)
        course = r.json()
        self.assertEqual(course["name"], "Algebra")
        self.assertEqual(course["section"], "Period 2")
        self.assertEqual(course["description"], "Linear equations")
        self.assertEqual(course["room"], "B12")
        self.assertEqual(course["state"], "ACTIVE")
        self.assertEqual(course["ownerId"], owner["id"])
        self.assertEqual(course["myRole"], "owner")
        self.assertRegex(course["joinCode"], CODE)
        self.assertTrue(course["createdAt"].endswith("Z"))
        self.assertTrue(course["updatedAt"].endswith("Z"))
        uuid.UUID(course["id"])
        self.assertTrue(r.headers["ETag"])
        self.assertTrue(r.headers["X-Request-Id"])
        self.assertEqual(member_ids(course, owner), [owner["id"]])

    def test_get_carries_an_etag_and_a_stale_if_match_is_412(self):
        owner = register()
        course = create_course(owner, "Biology")
        first = get_course(course, owner)
        self.assertEqual(first.status, 200)
        etag = first.headers["ETag"]
        self.assertTrue(etag)
        r = call("PATCH", course_path(course), {"name": "Biology II"}, token=owner["token"],
                 headers={"If-Match": etag})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["name"], "Biology II")
        self.assertNotEqual(r.headers["ETag"], etag)
        stale = call("PATCH", course_path(course), {"name": "Biology III"}, token=owner["token"],
                     headers={"If-Match": etag})
        self.assertProblem(stale, 412, "/problems/precondition-failed")
        now = get_course(course, owner)
        self.assertEqual(now.json()["name"], "Biology II")
        self.assertEqual(now.headers["ETag"], r.headers["ETag"])

    def test_a_student_may_not_edit_the_course_and_an_outsider_does_not_see_it(self):
        course, owner, [student] = course_with_students(1)
        self.assertProblem(call("PATCH", course_path(course), {"name": "Mine now"},
                                token=student["token"]), 403)
        outsider = register()
        self.assertProblem(get_course(course, outsider), 404, "/problems/not-found")
        self.assertProblem(call("PATCH", course_path(course), {"name": "x"},
                                token=outsider["token"]), 404)
        self.assertProblem(call("GET", f"/api/courses/{uuid7()}", token=owner["token"]), 404)

    def test_archive_and_unarchive_follow_the_state_machine(self):
        owner = register()
        course = create_course(owner)
        self.assertProblem(call("POST", course_path(course, "/unarchive"), token=owner["token"]),
                           409, "/problems/invalid-state")
        r = call("POST", course_path(course, "/archive"), token=owner["token"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["state"], "ARCHIVED")
        self.assertProblem(call("POST", course_path(course, "/archive"), token=owner["token"]),
                           409, "/problems/invalid-state")
        archived = call("GET", "/api/courses?state=ARCHIVED", token=owner["token"]).json()
        self.assertEqual([c["id"] for c in archived["items"]], [course["id"]])
        active = call("GET", "/api/courses?state=ACTIVE", token=owner["token"]).json()
        self.assertEqual(active["items"], [])
        r = call("POST", course_path(course, "/unarchive"), token=owner["token"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["state"], "ACTIVE")
        self.assertEqual(get_course(course, owner).json()["state"], "ACTIVE")

    def test_only_the_owner_archives(self):
        course, owner, [student] = course_with_students(1)
        teacher = add_teacher(course, owner)
        for user in (teacher, student):
            self.assertProblem(call("POST", course_path(course, "/archive"),
                                    token=user["token"]), 403)
        self.assertEqual(get_course(course, owner).json()["state"], "ACTIVE")

    def test_an_archived_course_is_read_only(self):
        course, owner, [student, other] = course_with_students(2)
        self.assertEqual(call("POST", course_path(course, "/archive"),
                              token=owner["token"]).status, 200)
        writes = [
            ("PATCH", course_path(course), {"name": "Renamed"}, owner),
            ("POST", course_path(course, "/announcements"), {"text": "Hello"}, owner),
            ("POST", course_path(course, "/announcements"), {"text": "Hello"}, student),
            ("POST", course_path(course, "/invitations"), {"email": new_email(),
                                                           "role": "student"}, owner),
            ("POST", course_path(course, "/coursework"), {"title": "Essay",
                                                          "workType": "ASSIGNMENT"}, owner),
            ("POST", course_path(course, "/topics"), {"name": "Week 1"}, owner),
            ("POST", course_path(course, "/join-code"), None, owner),
            ("DELETE", course_path(course, "/join-code"), None, owner),
            ("DELETE", course_path(course, f"/members/{other['id']}"), None, owner),
            ("POST", course_path(course, "/leave"), None, student),
        ]
        for method, path, body, user in writes:
            with self.subTest(method=method, path=path):
                self.assertProblem(call(method, path, body, token=user["token"]), 409)
        # Joining by the code of an archived course: as if the code did not exist.
        self.assertProblem(join(register(), course["joinCode"]), 404)
        # Reading still works, for everyone in it.
        self.assertEqual(get_course(course, student).status, 200)
        self.assertEqual(member_ids(course, student), [owner["id"], student["id"], other["id"]])
        # The owner unarchives it, and it can change again.
        self.assertEqual(call("POST", course_path(course, "/unarchive"),
                              token=owner["token"]).status, 200)
        self.assertEqual(call("PATCH", course_path(course), {"name": "Renamed"},
                              token=owner["token"]).status, 200)

    def test_only_an_archived_course_is_deleted_and_only_by_its_owner(self):
        course, owner, [student] = course_with_students(1)
        teacher = add_teacher(course, owner)
        self.assertProblem(call("DELETE", course_path(course), token=owner["token"]), 409)
        self.assertEqual(call("POST", course_path(course, "/archive"),
                              token=owner["token"]).status, 200)
        self.assertProblem(call("DELETE", course_path(course), token=teacher["token"]), 403)
        self.assertProblem(call("DELETE", course_path(course), token=student["token"]), 403)
        r = call("DELETE", course_path(course), token=owner["token"])
        self.assertEqual(r.status, 204, r)
        for user in (owner, teacher, student):
            self.assertProblem(get_course(course, user), 404)
        self.assertEqual(call("GET", "/api/courses", token=student["token"]).json()["items"], [])

    def test_course_list_filters_by_my_role(self):
        me = register()
        mine = create_course(me)
        theirs, _, _ = course_with_students(0)
        self.assertEqual(join(me, theirs["joinCode"]).status, 200)
        every = call("GET", "/api/courses", token=me["token"]).json()["items"]
        self.assertEqual({c["id"]: c["myRole"] for c in every},
                         {mine["id"]: "owner", theirs["id"]: "student"})
        owned = call("GET", "/api/courses?role=owner", token=me["token"]).json()["items"]
        self.assertEqual([c["id"] for c in owned], [mine["id"]])
        studying = call("GET", "/api/courses?role=student", token=me["token"]).json()["items"]
        self.assertEqual([c["id"] for c in studying], [theirs["id"]])
        self.assertEqual(call("GET", "/api/courses?role=teacher",
                              token=me["token"]).json()["items"], [])


class JoinCodes(ProblemAssertions):
    def test_join_codes_are_seven_characters_without_vowels_or_lookalikes(self):
        owner = register()
        codes = {create_course(owner)["joinCode"] for _ in range(5)}
        self.assertEqual(len(codes), 5)
        for code in codes:
            self.assertRegex(code, CODE)

    def test_joining_by_code_makes_the_caller_a_student(self):
        course, owner, _ = course_with_students(0)
        student = register()
        r = join(student, course["joinCode"])
        self.assertEqual(r.status, 200, r)
        membership = r.json()
        self.assertEqual(membership["courseId"], course["id"])
        self.assertEqual(membership["userId"], student["id"])
        self.assertEqual(membership["role"], "student")
        self.assertTrue(membership["joinedAt"].endswith("Z"))
        self.assertEqual(get_course(course, student).json()["myRole"], "student")

    def test_codes_are_matched_case_insensitively(self):
        course, _, _ = course_with_students(0)
        self.assertEqual(join(register(), course["joinCode"].lower()).status, 200)

    def test_joining_a_course_one_is_already_in_is_409(self):
        course, owner, [student] = course_with_students(1)
        teacher = add_teacher(course, owner)
        for user in (student, teacher, owner):
            with self.subTest(role=get_course(course, user).json()["myRole"]):
                self.assertProblem(join(user, course["joinCode"]), 409)
        self.assertEqual(get_course(course, teacher).json()["myRole"], "teacher")

    def test_a_code_no_course_has_is_404(self):
        self.assertProblem(join(register(), unused_code()), 404, "/problems/not-found")

    def test_a_new_code_retires_the_old_one(self):
        course, owner, [student] = course_with_students(1)
        old = course["joinCode"]
        r = call("POST", course_path(course, "/join-code"), token=owner["token"])
        self.assertEqual(r.status, 200, r)
        new = get_course(course, owner).json()["joinCode"]
        self.assertRegex(new, CODE)
        self.assertNotEqual(new, old)
        self.assertEqual(r.json()["joinCode"], new)
        self.assertProblem(join(register(), old), 404)
        self.assertEqual(join(register(), new).status, 200)
        # A student may not draw a code.
        self.assertProblem(call("POST", course_path(course, "/join-code"),
                                token=student["token"]), 403)

    def test_a_disabled_code_stops_joining_until_a_new_one_is_drawn(self):
        course, owner, _ = course_with_students(0)
        r = call("DELETE", course_path(course, "/join-code"), token=owner["token"])
        self.assertEqual(r.status, 200, r)
        self.assertIsNone(r.json()["joinCode"])
        shown = get_course(course, owner).json()
        self.assertIn("joinCode", shown)
        self.assertIsNone(shown["joinCode"])
        self.assertProblem(join(register(), course["joinCode"]), 404)
        r = call("POST", course_path(course, "/join-code"), token=owner["token"])
        self.assertEqual(r.status, 200, r)
        fresh = get_course(course, owner).json()["joinCode"]
        self.assertRegex(fresh, CODE)
        self.assertEqual(join(register(), fresh).status, 200)

    def test_students_do_not_see_the_join_code(self):
        course, owner, [student] = course_with_students(1)
        teacher = add_teacher(course, owner)
        self.assertIsNone(get_course(course, student).json().get("joinCode"))
        listed = call("GET", "/api/courses", token=student["token"]).json()["items"]
        self.assertEqual([c["id"] for c in listed], [course["id"]])
        self.assertIsNone(listed[0].get("joinCode"))
        self.assertEqual(get_course(course, teacher).json()["joinCode"], course["joinCode"])
        listed = call("GET", "/api/courses", token=teacher["token"]).json()["items"]
        self.assertEqual(listed[0]["joinCode"], course["joinCode"])


class Invitations(ProblemAssertions):
    # How each first action out of PENDING is answered, and the state it leaves.
    ACTIONS = {
        "accept": ("POST", "/accept", "invitee", 200, "ACCEPTED"),
        "decline": ("POST", "/decline", "invitee", 200, "DECLINED"),
        "withdraw": ("DELETE", "", "owner", 200, "WITHDRAWN"),
    }

    def act(self, action: str, invitation_id: str, users: dict):
        method, suffix, who, _, _ = self.ACTIONS[action]
        return call(method, f"/api/invitations/{invitation_id}{suffix}", token=users[who]["token"])

    def pending_ids(self, user: dict) -> list[str]:
        r = call("GET", "/api/invitations", token=user["token"])
        self.assertEqual(r.status, 200, r)
        self.assertTrue(all(i["state"] == "PENDING" for i in r.json()["items"]))
        return [i["id"] for i in r.json()["items"]]

    def test_an_invited_student_accepts_and_becomes_a_member(self):
        course, owner, _ = course_with_students(0)
        invitee = verify_email(register())
        r = invite(course, owner, invitee["email"], "student")
        self.assertEqual(r.status, 201, r)
        invitation = r.json()
        self.assertEqual(invitation["courseId"], course["id"])
        self.assertEqual(invitation["email"], invitee["email"])
        self.assertEqual(invitation["role"], "student")
        self.assertEqual(invitation["state"], "PENDING")
        self.assertEqual(self.pending_ids(invitee), [invitation["id"]])
        self.assertProblem(get_course(course, invitee), 404)
        r = call("POST", f"/api/invitations/{invitation['id']}/accept", token=invitee["token"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(get_course(course, invitee).json()["myRole"], "student")
        self.assertEqual(self.pending_ids(invitee), [])

    def test_an_invited_teacher_becomes_a_teacher(self):
        course, owner, _ = course_with_students(0)
        teacher = add_teacher(course, owner)
        self.assertEqual(get_course(course, teacher).json()["myRole"], "teacher")
        self.assertEqual(get_course(course, teacher).json()["joinCode"], course["joinCode"])

    def test_an_invitation_waits_for_an_address_that_has_no_account_yet(self):
        course, owner, _ = course_with_students(0)
        email = new_email()
        r = invite(course, owner, email)
        self.assertEqual(r.status, 201, r)
        newcomer = verify_email(register(email=email))
        self.assertEqual(self.pending_ids(newcomer), [r.json()["id"]])
        self.assertEqual(call("POST", f"/api/invitations/{r.json()['id']}/accept",
                              token=newcomer["token"]).status, 200)
        self.assertEqual(get_course(course, newcomer).json()["myRole"], "student")

    def test_every_transition_out_of_pending_and_every_refused_one(self):
        for first, (_, _, _, status, state) in self.ACTIONS.items():
            course, owner, _ = course_with_students(0)
            invitee = verify_email(register())
            users = {"owner": owner, "invitee": invitee}
            invitation_id = invite(course, owner, invitee["email"]).json()["id"]
            with self.subTest(first=first):
                r = self.act(first, invitation_id, users)
                self.assertEqual(r.status, status, r)
                self.assertEqual(r.json()["state"], state)
                self.assertEqual(r.json()["id"], invitation_id)
                self.assertEqual(self.pending_ids(invitee), [])
                expected_role = "student" if first == "accept" else None
                seen = get_course(course, invitee)
                self.assertEqual(seen.json().get("myRole") if seen.status == 200 else None,
                                 expected_role)
            for then in self.ACTIONS:
                with self.subTest(state=state, then=then):
                    self.assertProblem(self.act(then, invitation_id, users), 409,
                                       "/problems/invalid-state")

    def test_a_member_accepting_gets_409_and_the_invitation_stays_pending(self):
        course, owner, _ = course_with_students(0)
        user = verify_email(register())
        invitation_id = invite(course, owner, user["email"]).json()["id"]
        self.assertEqual(join(user, course["joinCode"]).status, 200)
        self.assertProblem(call("POST", f"/api/invitations/{invitation_id}/accept",
                                token=user["token"]), 409)
        self.assertEqual(self.pending_ids(user), [invitation_id])
        self.assertEqual(get_course(course, user).json()["myRole"], "student")

    def test_only_the_owner_invites_teachers(self):
        course, owner, [student] = course_with_students(1)
        teacher = add_teacher(course, owner)
        self.assertProblem(invite(course, teacher, new_email(), "teacher"), 403)
        self.assertEqual(invite(course, teacher, new_email(), "student").status, 201)
        self.assertProblem(invite(course, student, new_email(), "student"), 403)
        self.assertEqual(invite(course, owner, new_email(), "teacher").status, 201)
        self.assertProblem(invite(course, register(), new_email(), "student"), 404)

    def test_one_pending_invitation_per_address_and_course(self):
        course, owner, [student] = course_with_students(1)
        invitee = verify_email(register())
        first = invite(course, owner, invitee["email"])
        self.assertEqual(first.status, 201, first)
        self.assertProblem(invite(course, owner, invitee["email"]), 409)
        self.assertProblem(invite(course, owner, invitee["email"], "teacher"), 409)
        # Another course may invite the same address.
        other, other_owner, _ = course_with_students(0)
        self.assertEqual(invite(other, other_owner, invitee["email"]).status, 201)
        # Once declined, the address may be invited again.
        self.assertEqual(call("POST", f"/api/invitations/{first.json()['id']}/decline",
                              token=invitee["token"]).status, 200)
        self.assertEqual(invite(course, owner, invitee["email"]).status, 201)
        # The address of a member is 409 too.
        self.assertProblem(invite(course, owner, student["email"]), 409)

    def test_my_invitations_lists_only_mine_and_only_pending(self):
        me, someone_else = verify_email(register()), verify_email(register())
        a, owner_a, _ = course_with_students(0)
        b, owner_b, _ = course_with_students(0)
        c, owner_c, _ = course_with_students(0)
        inv_a = invite(a, owner_a, me["email"]).json()["id"]
        inv_b = invite(b, owner_b, me["email"]).json()["id"]
        inv_c = invite(c, owner_c, me["email"]).json()["id"]
        theirs = invite(a, owner_a, someone_else["email"]).json()["id"]
        self.assertEqual(call("POST", f"/api/invitations/{inv_b}/decline",
                              token=me["token"]).status, 200)
        self.assertEqual(call("DELETE", f"/api/invitations/{inv_c}",
                              token=owner_c["token"]).status, 200)
        self.assertEqual(self.pending_ids(me), [inv_a])
        self.assertEqual(self.pending_ids(someone_else), [theirs])
        self.assertEqual(self.pending_ids(verify_email(register())), [])

    def test_an_invitation_is_invisible_to_anyone_but_its_invitee_and_the_teachers(self):
        course, owner, [student] = course_with_students(1)
        invitee = verify_email(register())
        invitation_id = invite(course, owner, invitee["email"]).json()["id"]
        for user in (register(), student):
            self.assertProblem(call("POST", f"/api/invitations/{invitation_id}/accept",
                                    token=user["token"]), 404)
            self.assertProblem(call("POST", f"/api/invitations/{invitation_id}/decline",
                                    token=user["token"]), 404)
            self.assertProblem(call("DELETE", f"/api/invitations/{invitation_id}",
                                    token=user["token"]), 404)
        self.assertEqual(self.pending_ids(invitee), [invitation_id])


class Members(ProblemAssertions):
    def test_members_are_listed_in_order_of_joining(self):
        course, owner, [first, second] = course_with_students(2)
        teacher = add_teacher(course, owner)
        r = call("GET", course_path(course, "/members"), token=first["token"])
        self.assertEqual(r.status, 200, r)
        items = r.json()["items"]
        self.assertEqual([(m["userId"], m["role"]) for m in items],
                         [(owner["id"], "owner"), (first["id"], "student"),
                          (second["id"], "student"), (teacher["id"], "teacher")])
        for m in items:
            self.assertTrue(m["displayName"])
            self.assertTrue(m["joinedAt"].endswith("Z"))
        joined = [m["joinedAt"] for m in items]
        self.assertEqual(joined, sorted(joined))
        self.assertEqual(member_ids(course, owner, "?role=student"), [first["id"], second["id"]])
        self.assertProblem(call("GET", course_path(course, "/members"),
                                token=register()["token"]), 404)

    def test_member_added_names_the_courses_teachers_of_that_moment(self):
        course, owner, [early] = course_with_students(1)
        teacher = add_teacher(course, owner)
        late = register()
        self.assertEqual(join(late, course["joinCode"]).status, 200)

        def added(user: dict):
            return lambda: next((e for e in stream_events() if e["type"] == "course.member_added"
                                 and e["courseId"] == course["id"]
                                 and e["data"]["userId"] == user["id"]), None)

        before, newcomer, after = (wait_until(added(u), what=f"course.member_added of {u['id']}")
                                   for u in (early, teacher, late))
        self.assertEqual(before["data"]["recipientIds"], [owner["id"]])
        # The new teacher is one of them (notify never tells the actor, who is they).
        self.assertEqual(newcomer["actorId"], teacher["id"])
        teachers = sorted([owner["id"], teacher["id"]])
        self.assertEqual(sorted(newcomer["data"]["recipientIds"]), teachers)
        self.assertEqual(sorted(after["data"]["recipientIds"]), teachers)
        self.assertEqual(after["data"], {"userId": late["id"], "role": "student", "via": "code",
                                         "courseName": course["name"],
                                         "recipientIds": after["data"]["recipientIds"]})
        self.assertEqual(newcomer["data"]["via"], "invitation")
        self.assertEqual(newcomer["data"]["role"], "teacher")

    def test_a_teacher_removes_a_student(self):
        course, owner, [student, other] = course_with_students(2)
        teacher = add_teacher(course, owner)
        r = call("DELETE", course_path(course, f"/members/{student['id']}"), token=teacher["token"])
        self.assertEqual(r.status, 204, r)
        self.assertEqual(member_ids(course, owner, "?role=student"), [other["id"]])
        self.assertProblem(get_course(course, student), 404)

    def test_a_student_cannot_remove_a_student(self):
        course, owner, [student, other] = course_with_students(2)
        self.assertProblem(call("DELETE", course_path(course, f"/members/{other['id']}"),
                                token=student["token"]), 403)
        self.assertEqual(member_ids(course, owner, "?role=student"), [student["id"], other["id"]])

    def test_a_teacher_cannot_remove_a_teacher_but_the_owner_can(self):
        course, owner, _ = course_with_students(0)
        first, second = add_teacher(course, owner), add_teacher(course, owner)
        self.assertProblem(call("DELETE", course_path(course, f"/members/{second['id']}"),
                                token=first["token"]), 403)
        self.assertEqual(get_course(course, second).json()["myRole"], "teacher")
        r = call("DELETE", course_path(course, f"/members/{second['id']}"), token=owner["token"])
        self.assertEqual(r.status, 204, r)
        self.assertProblem(get_course(course, second), 404)

    def test_the_owner_is_never_removed_and_cannot_leave(self):
        course, owner, _ = course_with_students(0)
        self.assertProblem(call("DELETE", course_path(course, f"/members/{owner['id']}"),
                                token=owner["token"]), 409)
        self.assertProblem(call("POST", course_path(course, "/leave"), token=owner["token"]), 409)
        self.assertEqual(member_ids(course, owner), [owner["id"]])

    def test_a_student_leaves_and_may_join_again(self):
        course, owner, [student] = course_with_students(1)
        r = call("POST", course_path(course, "/leave"), token=student["token"])
        self.assertEqual(r.status, 204, r)
        self.assertEqual(member_ids(course, owner), [owner["id"]])
        self.assertProblem(get_course(course, student), 404)
        self.assertEqual(join(student, course["joinCode"]).status, 200)
        self.assertEqual(member_ids(course, owner), [owner["id"], student["id"]])

    def test_a_teacher_leaves(self):
        course, owner, _ = course_with_students(0)
        teacher = add_teacher(course, owner)
        self.assertEqual(call("POST", course_path(course, "/leave"),
                              token=teacher["token"]).status, 204)
        self.assertEqual(member_ids(course, owner), [owner["id"]])


class Profiles(ProblemAssertions):
    def profile(self, user: dict, of: dict | None = None):
        path = f"/api/users/{of['id']}" if of else "/api/me"
        return call("GET", path, token=user["token"])

    def test_me_is_the_callers_profile_with_the_registered_name(self):
        name = f"Ada Lovelace {uuid.uuid4().hex[:6]}"
        user = register(name)
        r = self.profile(user)
        self.assertEqual(r.status, 200, r)
        me = r.json()
        self.assertEqual(me["id"], user["id"])
        self.assertEqual(me["email"], user["email"])
        self.assertTrue(me["createdAt"].endswith("Z"))
        # The name comes with the user.registered event, at once or shortly.
        wait_until(lambda: self.profile(user).json()["displayName"] == name, 20,
                   "the registered display name reaching the profile")

    def test_patch_me_changes_the_display_name(self):
        user = register()
        r = call("PATCH", "/api/me", {"displayName": "Grace Hopper"}, token=user["token"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["displayName"], "Grace Hopper")
        self.assertEqual(self.profile(user).json()["displayName"], "Grace Hopper")
        bad = call("PATCH", "/api/me", {"displayName": ""}, token=user["token"])
        body = self.assertProblem(bad, 422, "/problems/invalid-fields")
        self.assertEqual([e["field"] for e in body["errors"]], ["displayName"])

    def test_co_members_see_each_others_profiles_without_email(self):
        name = f"Student {uuid.uuid4().hex[:6]}"
        course, owner, [student, other] = course_with_students(2)
        call("PATCH", "/api/me", {"displayName": name}, token=student["token"])
        for viewer in (owner, other):
            r = self.profile(viewer, student)
            self.assertEqual(r.status, 200, r)
            seen = r.json()
            self.assertEqual(seen["id"], student["id"])
            self.assertEqual(seen["displayName"], name)
            self.assertTrue(seen["createdAt"].endswith("Z"))
            self.assertNotIn("email", seen)
        self.assertEqual(self.profile(student, owner).status, 200)

    def test_outsiders_do_not_see_a_profile(self):
        _, _, [student] = course_with_students(1)
        self.assertProblem(self.profile(register(), student), 404, "/problems/not-found")
        self.assertProblem(call("GET", f"/api/users/{uuid7()}", token=student["token"]), 404)

    def test_the_event_name_replaces_the_fallback_but_never_a_chosen_one(self):
        # Users auth never saw, speaking to the api directly as the gateway would:
        # the test decides when their user.registered event arrives.
        local = f"grace.{uuid.uuid4().hex[:8]}"
        user = {"id": uuid7(), "email": f"{local}@example.org"}
        r = call_api("GET", "/api/me", identity=user)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["displayName"], local)
        publish_event("user.registered", {"userId": user["id"], "email": user["email"],
                                          "displayName": "Grace Hopper", "role": "user"},
                      actor_id=user["id"])
        wait_until(lambda: call_api("GET", "/api/me", identity=user).json()["displayName"]
                   == "Grace Hopper", 20, "the event's display name replacing the fallback")
        self.assertEqual(call_api("PATCH", "/api/me", {"displayName": "Amazing Grace"},
                                  identity=user).status, 200)
        publish_event("user.registered", {"userId": user["id"], "email": user["email"],
                                          "displayName": "Not Her Choice", "role": "user"},
                      actor_id=user["id"])
        # An event published after that one, for another user, shows that the
        # consumer has got past it.
        marker = {"id": uuid7(), "email": f"marker.{uuid.uuid4().hex[:8]}@example.org"}
        publish_event("user.registered", {"userId": marker["id"], "email": marker["email"],
                                          "displayName": "Marker", "role": "user"},
                      actor_id=marker["id"])
        wait_until(lambda: call_api("GET", "/api/me", identity=marker).json()["displayName"]
                   == "Marker", 20, "the marker event being applied")
        self.assertEqual(call_api("GET", "/api/me", identity=user).json()["displayName"],
                         "Amazing Grace")

    def test_a_deactivated_user_keeps_the_membership_but_their_profile_is_hidden(self):
        course, owner, [student] = course_with_students(1)
        self.assertEqual(self.profile(owner, student).status, 200)
        publish_event("user.deactivated", {"userId": student["id"]})
        wait_until(lambda: self.profile(owner, student).status == 404, 20,
                   "the deactivated user's profile disappearing")
        self.assertIn(student["id"], member_ids(course, owner))


class Pagination(ProblemAssertions):
    def page(self, user: dict, path: str):
        r = call("GET", path, token=user["token"])
        self.assertEqual(r.status, 200, r)
        return r

    def test_a_cursor_survives_inserts_without_duplicates_or_gaps(self):
        owner = register()
        before = [create_course(owner, f"Course {i}")["id"] for i in range(5)]
        first = self.page(owner, "/api/courses?limit=2")
        body = first.json()
        self.assertEqual([c["id"] for c in body["items"]], before[::-1][:2])
        self.assertIsNotNone(body["nextCursor"])
        link = first.headers["Link"]
        self.assertIn('rel="next"', link)
        after = [create_course(owner, f"Course {i}")["id"] for i in range(5, 7)]
        seen = [c["id"] for c in body["items"]]
        cursor = body["nextCursor"]
        while cursor is not None:
            r = self.page(owner, f"/api/courses?limit=2&cursor={quote(cursor, safe='')}")
            seen += [c["id"] for c in r.json()["items"]]
            cursor = r.json()["nextCursor"]
            self.assertEqual(cursor is not None, "Link" in r.headers)
        self.assertEqual(seen, before[::-1])
        # The new courses are on a fresh first page.
        fresh = self.page(owner, "/api/courses?limit=2").json()
        self.assertEqual([c["id"] for c in fresh["items"]], after[::-1])

    def test_the_link_header_leads_to_the_same_page_as_the_cursor(self):
        owner = register()
        for i in range(3):
            create_course(owner, f"Course {i}")
        first = self.page(owner, "/api/courses?limit=2")
        target = next_link(first)
        self.assertIsNotNone(target, first.headers["Link"])
        by_link = self.page(owner, target).json()
        by_cursor = self.page(owner, "/api/courses?limit=2&cursor="
                              + quote(first.json()["nextCursor"], safe="")).json()
        self.assertEqual(by_link, by_cursor)
        self.assertEqual(len(by_link["items"]), 1)
        self.assertIsNone(by_link["nextCursor"])

    def test_limit_beyond_200_or_below_1_is_400(self):
        user = register()
        for limit in ("201", "0", "-1", "ten"):
            with self.subTest(limit=limit):
                self.assertProblem(call("GET", f"/api/courses?limit={limit}",
                                        token=user["token"]), 400,
                                   "/problems/malformed-request")
        self.assertEqual(call("GET", "/api/courses?limit=200", token=user["token"]).status, 200)

    def test_a_cursor_that_is_not_ours_is_400(self):
        user = register()
        self.assertProblem(call("GET", "/api/courses?cursor=not-a-cursor",
                                token=user["token"]), 400)

    def test_members_page_oldest_first(self):
        course, owner, students = course_with_students(3)
        first = self.page(owner, course_path(course, "/members?limit=2")).json()
        second = self.page(owner, course_path(course, "/members?limit=2&cursor="
                                              + quote(first["nextCursor"], safe=""))).json()
        self.assertEqual([m["userId"] for m in first["items"] + second["items"]],
                         [owner["id"]] + [s["id"] for s in students])
        self.assertIsNone(second["nextCursor"])


class Idempotency(ProblemAssertions):
    def test_the_same_key_and_body_answer_the_first_response_and_act_once(self):
        owner = register()
        key = str(uuid.uuid4())
        body = {"name": "Chemistry", "section": "A"}
        first = call("POST", "/api/courses", body, token=owner["token"],
                     headers={"Idempotency-Key": key})
        again = call("POST", "/api/courses", body, token=owner["token"],
                     headers={"Idempotency-Key": key})
        self.assertEqual(first.status, 201, first)
        self.assertEqual(again.status, 201, again)
        self.assertEqual(again.json(), first.json())
        self.assertEqual(again.headers.get("Idempotent-Replayed"), "true")
        self.assertIsNone(first.headers.get("Idempotent-Replayed"))
        items = call("GET", "/api/courses", token=owner["token"]).json()["items"]
        self.assertEqual([c["id"] for c in items], [first.json()["id"]])

    def test_the_same_key_with_another_body_is_422(self):
        owner = register()
        key = str(uuid.uuid4())
        first = call("POST", "/api/courses", {"name": "Physics"}, token=owner["token"],
                     headers={"Idempotency-Key": key})
        self.assertEqual(first.status, 201, first)
        other = call("POST", "/api/courses", {"name": "Astronomy"}, token=owner["token"],
                     headers={"Idempotency-Key": key})
        self.assertProblem(other, 422)
        items = call("GET", "/api/courses", token=owner["token"]).json()["items"]
        self.assertEqual([c["name"] for c in items], ["Physics"])

    def test_keys_belong_to_their_caller(self):
        key = str(uuid.uuid4())
        a, b = register(), register()
        first = call("POST", "/api/courses", {"name": "Music"}, token=a["token"],
                     headers={"Idempotency-Key": key})
        second = call("POST", "/api/courses", {"name": "Music"}, token=b["token"],
                      headers={"Idempotency-Key": key})
        self.assertEqual((first.status, second.status), (201, 201))
        self.assertNotEqual(first.json()["id"], second.json()["id"])
        self.assertEqual(second.json()["ownerId"], b["id"])
        self.assertIsNone(second.headers.get("Idempotent-Replayed"))

    def test_a_repeated_join_with_its_key_is_answered_again_not_refused(self):
        course, _, _ = course_with_students(0)
        student = register()
        key = str(uuid.uuid4())
        first = call("POST", "/api/courses/join", {"code": course["joinCode"]},
                     token=student["token"], headers={"Idempotency-Key": key})
        again = call("POST", "/api/courses/join", {"code": course["joinCode"]},
                     token=student["token"], headers={"Idempotency-Key": key})
        self.assertEqual((first.status, again.status), (200, 200))
        self.assertEqual(again.json(), first.json())
        self.assertEqual(again.headers.get("Idempotent-Replayed"), "true")
        # Without the key, the second join is what it is: already a member.
        self.assertProblem(join(student, course["joinCode"]), 409)


class Problems(ProblemAssertions):
    def test_invalid_fields_are_422_and_each_is_named(self):
        course, owner, _ = course_with_students(0)
        r = call("POST", course_path(course, "/coursework"),
                 {"title": "", "workType": "ASSIGNMENT", "maxPoints": 0, "state": "DRAFT",
                  "scheduledAt": from_now(hours=-1)}, token=owner["token"])
        body = self.assertProblem(r, 422, "/problems/invalid-fields")
        self.assertEqual(sorted(e["field"] for e in body["errors"]),
                         ["maxPoints", "scheduledAt", "title"])
        for e in body["errors"]:
            self.assertTrue(e["message"])
        for key in ("type", "title", "status", "detail"):
            self.assertIn(key, body)

    def test_a_course_without_a_name_is_422(self):
        r = call("POST", "/api/courses", {"name": ""}, token=register()["token"])
        body = self.assertProblem(r, 422, "/problems/invalid-fields")
        self.assertEqual([e["field"] for e in body["errors"]], ["name"])

    def test_malformed_json_and_wrong_types_are_400(self):
        token = register()["token"]
        self.assertProblem(call("POST", "/api/courses", raw=b'{"name": ', token=token,
                                headers={"Content-Type": "application/json"}), 400,
                           "/problems/malformed-request")
        self.assertProblem(call("POST", "/api/courses", {"name": 42}, token=token), 400,
                           "/problems/malformed-request")
        self.assertEqual(call("GET", "/api/courses", token=token).json()["items"], [])

    def test_a_body_that_is_not_json_is_415(self):
        self.assertProblem(call("POST", "/api/courses", raw=b"name=x", token=register()["token"],
                                headers={"Content-Type": "text/plain"}), 415,
                           "/problems/unsupported-media-type")

    def test_a_problem_carries_the_request_id(self):
        r = call("GET", f"/api/courses/{uuid7()}", token=register()["token"])
        body = self.assertProblem(r, 404, "/problems/not-found")
        self.assertEqual(body["requestId"], r.headers["X-Request-Id"])

    def test_no_session_is_401(self):
        self.assertProblem(call("GET", "/api/courses"), 401, "/problems/unauthenticated")
        self.assertProblem(call("GET", "/api/me"), 401)


if __name__ == "__main__":
    unittest.main()
