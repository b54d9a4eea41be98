import { describe, expect, it } from "vitest";
import type { NotificationPreferences } from "../api/notifications";
import { changed, toggled, unlistedCourses, withEmail } from "./preferences";

const stored: NotificationPreferences = {
  mutedCourses: ["c2", "c1"],
  mutedTypes: [],
  email: { "announcement.posted": "DAILY", "submission.returned": "IMMEDIATE" },
};

describe("the preferences form", () => {
  it("adds and removes a value once", () => {
    expect(toggled(["b"], "a", true)).toEqual(["a", "b"]);
    expect(toggled(["a", "b"], "a", true)).toEqual(["a", "b"]);
    expect(toggled(["a", "b"], "a", false)).toEqual(["b"]);
    expect(toggled([], "a", false)).toEqual([]);
  });

  it("sees a change in any part, and no change in an order", () => {
    expect(changed(stored, { ...stored, mutedCourses: ["c1", "c2"] })).toBe(false);
    expect(changed(stored, { ...stored, mutedCourses: ["c1"] })).toBe(true);
    expect(changed(stored, { ...stored, mutedTypes: ["exam.closed"] })).toBe(true);
    expect(changed(stored, withEmail(stored, "announcement.posted", "OFF"))).toBe(true);
    expect(
      changed(stored, withEmail(withEmail(stored, "announcement.posted", "OFF"), "announcement.posted", "DAILY")),
    ).toBe(false);
  });

  it("keeps the muted courses the page cannot list", () => {
    expect(unlistedCourses(["c1", "c9"], ["c1", "c2"])).toEqual(["c9"]);
    expect(unlistedCourses([], ["c1"])).toEqual([]);
  });
});
