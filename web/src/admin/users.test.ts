import { describe, expect, it } from "vitest";
import type { User } from "../api/types";
import { describeChange, matchingUsers, replaceUser } from "./users";

function user(id: string, displayName: string, email: string): User {
  return {
    id,
    displayName,
    email,
    role: "user",
    active: true,
    emailVerified: true,
    createdAt: "2026-12-01T10:00:00Z",
  };
}

const ada = user("1", "Ada Lovelace", "ada@example.org");
const bo = user("2", "Bo Ek", "bo.ek@school.example");

describe("finding an account", () => {
  it("matches every word in the name or the address, in any case", () => {
    expect(matchingUsers([ada, bo], "")).toEqual([ada, bo]);
    expect(matchingUsers([ada, bo], "  LOVE ")).toEqual([ada]);
    expect(matchingUsers([ada, bo], "school bo")).toEqual([bo]);
    expect(matchingUsers([ada, bo], "ada school")).toEqual([]);
  });
});

describe("the wording of a change", () => {
  it("says what each change does, and which are dangerous", () => {
    expect(describeChange(ada, { active: false })).toMatchObject({ action: "Deactivate", danger: true });
    expect(describeChange(ada, { active: false }).question).toBe("Deactivate Ada Lovelace's account?");
    expect(describeChange(ada, { active: true }).action).toBe("Reactivate");
    expect(describeChange(ada, { role: "admin" }).done).toBe("Ada Lovelace is now an administrator.");
    expect(describeChange(ada, { role: "user" }).action).toBe("Remove administrator");
  });
});

describe("the list after a change", () => {
  it("replaces the changed account where it is", () => {
    const pages = [
      { items: [ada], nextCursor: "1" },
      { items: [bo], nextCursor: null },
    ];
    const changed = { ...bo, active: false };
    const after = replaceUser(pages, changed);
    expect(after[1]?.items[0]).toBe(changed);
    expect(after[0]?.items[0]).toBe(ada);
    expect(after[1]?.nextCursor).toBeNull();
  });
});
