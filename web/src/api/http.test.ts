import { describe, expect, it } from "vitest";
import { parseRetryAfter, withQuery } from "./http";

describe("parseRetryAfter", () => {
  it("reads seconds", () => {
    expect(parseRetryAfter("17")).toBe(17);
  });
  it("reads an HTTP date as the seconds until it", () => {
    const now = Date.parse("2026-12-05T10:00:00Z");
    expect(parseRetryAfter("Sat, 05 Dec 2026 10:01:30 GMT", now)).toBe(90);
  });
  it("gives nothing for a missing or unreadable header", () => {
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter("soon")).toBeNull();
  });
});

describe("withQuery", () => {
  it("leaves out empty values", () => {
    expect(withQuery("/api/courses", { role: "student", state: undefined, cursor: "" })).toBe(
      "/api/courses?role=student",
    );
    expect(withQuery("/api/courses", {})).toBe("/api/courses");
  });
});
