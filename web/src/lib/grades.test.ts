import { describe, expect, it } from "vitest";
import {
  describeSubmission,
  formatPercent,
  formatPoints,
  parseGrade,
  percentOf,
  stateName,
  summarizeResults,
} from "./grades";

describe("parseGrade", () => {
  it("reads whole numbers and up to two decimals within 0..max", () => {
    expect(parseGrade("9", 10)).toEqual({ ok: true, value: 9 });
    expect(parseGrade(" 8.5 ", 10)).toEqual({ ok: true, value: 8.5 });
    expect(parseGrade("7,25", 10)).toEqual({ ok: true, value: 7.25 });
    expect(parseGrade("0", 10)).toEqual({ ok: true, value: 0 });
    expect(parseGrade("10", 10)).toEqual({ ok: true, value: 10 });
    expect(parseGrade(".5", 10)).toEqual({ ok: true, value: 0.5 });
  });

  it("takes empty as no grade", () => {
    expect(parseGrade("  ", 10)).toEqual({ ok: true, value: null });
  });

  it("refuses what the service would refuse, with a message saying what to type", () => {
    expect(parseGrade("10.01", 10)).toEqual({ ok: false, message: "Type a number from 0 to 10." });
    expect(parseGrade("-1", 10).ok).toBe(false);
    expect(parseGrade("abc", 10).ok).toBe(false);
    expect(parseGrade("1e2", 100).ok).toBe(false);
    expect(parseGrade("3.333", 10)).toEqual({ ok: false, message: "Use two decimals at most." });
    expect(parseGrade("1.2.3", 10).ok).toBe(false);
  });
});

describe("formatting", () => {
  it("shows points without trailing zeros", () => {
    expect(formatPoints(9)).toBe("9");
    expect(formatPoints(8.5)).toBe("8.5");
    expect(formatPoints(1 / 3)).toBe("0.33");
    expect(formatPoints(null)).toBe("");
  });

  it("shows percentages with two decimals at most", () => {
    expect(formatPercent(87.5)).toBe("87.5%");
    expect(formatPercent(66.666)).toBe("66.67%");
    expect(formatPercent(null)).toBe("");
  });

  it("clamps a share of the maximum to 0..100", () => {
    expect(percentOf(9, 10)).toBe(90);
    expect(percentOf(12, 10)).toBe(100);
    expect(percentOf(5, 0)).toBe(0);
  });
});

describe("describeSubmission", () => {
  it("names each state, late and missing in words", () => {
    expect(describeSubmission({ state: "NEW", late: false, assignedGrade: null }, 10)).toBe("Assigned");
    expect(describeSubmission({ state: "CREATED", late: true, assignedGrade: null }, 10)).toBe("Missing");
    expect(describeSubmission({ state: "TURNED_IN", late: true, assignedGrade: null }, 10)).toBe("Turned in late");
    expect(describeSubmission({ state: "RETURNED", late: false, assignedGrade: 9 }, 10)).toBe("Returned: 9/10");
    expect(describeSubmission({ state: "RETURNED", late: false, assignedGrade: null }, null)).toBe("Returned");
    expect(stateName("RECLAIMED_BY_STUDENT")).toBe("Unsubmitted");
    expect(describeSubmission({ state: "RECLAIMED_BY_STUDENT", late: false, assignedGrade: 9 }, 10)).toBe(
      "Unsubmitted",
    );
  });
});

describe("summarizeResults", () => {
  it("tells who was done and why each other item failed", () => {
    const names: Record<string, string> = { a: "Ada", b: "Bo", c: "Cy" };
    const summary = summarizeResults(
      [
        { studentId: "a", status: 200 },
        { studentId: "b", status: 409, error: { status: 409, detail: "not allowed while the submission is RETURNED" } },
        {
          studentId: "c",
          status: 422,
          error: { status: 422, detail: "x", errors: [{ field: "draftGrade", message: "must be from 0 to 10" }] },
        },
      ],
      (id) => names[id] ?? "Unknown",
    );
    expect(summary.done).toEqual(["Ada"]);
    expect(summary.failed).toEqual([
      { studentId: "b", name: "Bo", message: "already returned" },
      { studentId: "c", name: "Cy", message: "must be from 0 to 10" },
    ]);
  });
});
