import { describe, expect, it } from "vitest";
import type { Announcement } from "../../api/stream";
import { flatten, wasEdited, withAnnouncement, withoutAnnouncement } from "./model";

const a = (id: string, text = id): Announcement => ({
  id,
  courseId: "c",
  authorId: "u",
  text,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
});
const data = {
  pages: [
    { items: [a("3"), a("2")], nextCursor: "x" },
    { items: [a("2"), a("1")], nextCursor: null },
  ],
  pageParams: [null, "x"],
};

describe("the stream's pages", () => {
  it("flatten keeps the order and shows a repeated item once", () => {
    expect(flatten(data).map((x) => x.id)).toEqual(["3", "2", "1"]);
    expect(flatten(undefined)).toEqual([]);
  });
  it("drop and replace one announcement on every page", () => {
    expect(flatten(withoutAnnouncement(data, "2")).map((x) => x.id)).toEqual(["3", "1"]);
    expect(flatten(withAnnouncement(data, a("1", "changed"))).find((x) => x.id === "1")?.text).toBe("changed");
    expect(withoutAnnouncement(undefined, "1")).toBeUndefined();
  });
  it("calls an announcement edited only when changed later than posted", () => {
    expect(wasEdited(a("1"))).toBe(false);
    expect(wasEdited({ createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:05:00Z" })).toBe(true);
  });
});
