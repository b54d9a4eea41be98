import { describe, expect, it } from "vitest";
import { kindLabel, kindsFor, NOTIFICATION_KINDS } from "./kinds";

describe("notification kinds", () => {
  it("names every type notify knows, once", () => {
    const types = NOTIFICATION_KINDS.map((kind) => kind.type);
    expect(new Set(types).size).toBe(types.length);
    expect(types).toHaveLength(16);
    expect(kindLabel("announcement.posted")).toBe("New announcements");
  });

  it("shows a type it does not know by notify's name, after the known ones", () => {
    expect(kindLabel("poll.opened")).toBe("poll.opened");
    const kinds = kindsFor(["announcement.posted", "zeta.new", "alpha.new"]);
    expect(kinds.slice(-2).map((kind) => kind.type)).toEqual(["alpha.new", "zeta.new"]);
    expect(kinds).toHaveLength(18);
  });
});
