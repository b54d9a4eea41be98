import { describe, expect, it } from "vitest";
import type { Member } from "../../api/members";
import { canRemove, splitMembers } from "./model";

const m = (userId: string, role: Member["role"]): Member => ({
  courseId: "c",
  userId,
  displayName: userId,
  role,
  joinedAt: "2026-01-01T00:00:00Z",
});

describe("splitMembers", () => {
  it("lists the owner first among teachers, and keeps the joining order", () => {
    const { teachers, students } = splitMembers([
      m("t1", "teacher"),
      m("s1", "student"),
      m("o", "owner"),
      m("s2", "student"),
    ]);
    expect(teachers.map((x) => x.userId)).toEqual(["o", "t1"]);
    expect(students.map((x) => x.userId)).toEqual(["s1", "s2"]);
  });
});

describe("canRemove", () => {
  it("lets teachers remove students, and only the owner remove teachers", () => {
    expect(canRemove("teacher", "t1", m("s1", "student"))).toBe(true);
    expect(canRemove("teacher", "t1", m("t2", "teacher"))).toBe(false);
    expect(canRemove("owner", "o", m("t2", "teacher"))).toBe(true);
    expect(canRemove("student", "s2", m("s1", "student"))).toBe(false);
  });
  it("never offers removing the owner or oneself", () => {
    expect(canRemove("owner", "o", m("o", "owner"))).toBe(false);
    expect(canRemove("teacher", "t1", m("t1", "teacher"))).toBe(false);
  });
});
