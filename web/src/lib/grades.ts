// Grades as people type them and as the services accept them: a number from
// 0 to the item's maximum with at most two decimals (API.md). Checking here
// first tells a teacher at once, in the cell, instead of after a round trip.

export type GradeInput = { ok: true; value: number | null } | { ok: false; message: string };

/**
 * The grade a typed text means. Empty is "no grade" (null); a comma is read
 * as a decimal point, as many teachers type it.
 */
export function parseGrade(text: string, maxPoints: number): GradeInput {
  const trimmed = text.trim().replace(",", ".");
  if (trimmed === "") {
    return { ok: true, value: null };
  }
  if (!/^\d+(\.\d*)?$|^\.\d+$/.test(trimmed)) {
    return { ok: false, message: `Type a number from 0 to ${formatPoints(maxPoints)}.` };
  }
  const decimals = trimmed.includes(".") ? (trimmed.split(".")[1] ?? "").length : 0;
  if (decimals > 2) {
    return { ok: false, message: "Use two decimals at most." };
  }
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value > maxPoints) {
    return { ok: false, message: `Type a number from 0 to ${formatPoints(maxPoints)}.` };
  }
  return { ok: true, value };
}

/** Points as people read them: no trailing zeros, two decimals at most. */
export function formatPoints(value: number | null | undefined): string {
  if (value === null || value === undefined) {
    return "";
  }
  return String(Math.round(value * 100) / 100);
}

/** A percentage with at most two decimals (as the services round it) and its sign; empty for none. */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined) {
    return "";
  }
  return `${Math.round(value * 100) / 100}%`;
}

/** The share of `maxPoints` that `points` are, 0..100 (clamped: a bonus never leaves the chart). */
export function percentOf(points: number, maxPoints: number): number {
  if (maxPoints <= 0) {
    return 0;
  }
  return Math.min(100, Math.max(0, (points / maxPoints) * 100));
}

export type SubmissionState = "NEW" | "CREATED" | "TURNED_IN" | "RETURNED" | "RECLAIMED_BY_STUDENT";

/**
 * What a submission's state means to people, as one short label. Late and
 * missing are told in words, never by colour alone.
 */
export function describeSubmission(
  submission: { state: SubmissionState; late: boolean; assignedGrade: number | null },
  maxPoints: number | null,
): string {
  switch (submission.state) {
    case "RETURNED":
      return submission.assignedGrade !== null && maxPoints !== null
        ? `Returned: ${formatPoints(submission.assignedGrade)}/${formatPoints(maxPoints)}`
        : "Returned";
    case "TURNED_IN":
      return submission.late ? "Turned in late" : "Turned in";
    case "RECLAIMED_BY_STUDENT":
      return submission.late ? "Missing" : "Unsubmitted";
    default:
      return submission.late ? "Missing" : "Assigned";
  }
}

/** The state's own name for tables and history. */
export function stateName(state: SubmissionState): string {
  switch (state) {
    case "NEW":
      return "Assigned";
    case "CREATED":
      return "Started";
    case "TURNED_IN":
      return "Turned in";
    case "RETURNED":
      return "Returned";
    case "RECLAIMED_BY_STUDENT":
      return "Unsubmitted";
  }
}

export interface ItemResult {
  studentId: unknown;
  status: number;
  error?: { status: number; detail: string; errors?: { field: string; message: string }[] };
}

export interface ResultSummary {
  done: string[];
  failed: { studentId: string; name: string; message: string }[];
}

/**
 * The answer of the bulk grades endpoint, per student: who was done and why
 * each other item failed, in words a teacher can act on.
 */
export function summarizeResults(results: readonly ItemResult[], nameOf: (studentId: string) => string): ResultSummary {
  const summary: ResultSummary = { done: [], failed: [] };
  for (const result of results) {
    const studentId = typeof result.studentId === "string" ? result.studentId : "";
    const name = nameOf(studentId);
    if (result.status === 200) {
      summary.done.push(name);
      continue;
    }
    const field = result.error?.errors?.[0]?.message;
    const message =
      result.status === 409
        ? "already returned"
        : result.status === 404
          ? "has no work for this assignment"
          : (field ?? result.error?.detail ?? `refused (${result.status})`);
    summary.failed.push({ studentId, name, message });
  }
  return summary;
}
