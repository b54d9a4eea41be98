import { describe, expect, it } from "vitest";
import { memberName, membersById, studentsOf, type Member } from "./members";

const m = (userId: string, displayName: string, role: Member["role"] = "student"): Member => ({
  courseId: "c",
  userId,
  displayName,
  role,
  joinedAt: "2026-01-01T00:00:00Z",
});

describe("memberName", () => {
  it("uses the display name", () => {
    expect(memberName(m("u1", "Ada"), "u1")).toBe("Ada");
  });
  it("falls back to the start of the id for an unnamed or unknown person", () => {
    expect(memberName(m("0192f0a1-6c3e", ""), "0192f0a1-6c3e")).toBe("Member 0192f0a1");
    expect(memberName(undefined, "0192f0a1-6c3e")).toBe("Member 0192f0a1");
  });
});

describe("membersById / studentsOf", () => {
  const list = [m("t", "Tess", "owner"), m("s1", "Sam"), m("s2", "")];
  it("finds members by id", () => {
    expect(membersById(list).get("s1")?.displayName).toBe("Sam");
    expect(membersById(undefined).size).toBe(0);
  });
  it("keeps only students", () => {
    expect(studentsOf(list).map((s) => s.userId)).toEqual(["s1", "s2"]);
  });
});
