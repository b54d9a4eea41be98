import { queryOptions } from "@tanstack/react-query";
import { http, newIdempotencyKey, send, type Versioned } from "./http";
import { fetchAll } from "./pages";
import type { Coursework } from "./classwork";
import type { Page, WebLink } from "./types";
import type { SubmissionState } from "../lib/grades";

export type HistoryEntry =
  | { at: string; actorId: string; state: SubmissionState }
  | { at: string; actorId: string; gradeType: "DRAFT" | "ASSIGNED"; grade: number | null };

export interface Submission {
  id: string;
  courseworkId: string;
  courseId: string;
  studentId: string;
  state: SubmissionState;
  late: boolean;
  turnedInAt: string | null;
  assignedGrade: number | null;
  /** Teachers only. */
  draftGrade?: number | null;
  text: string;
  links: WebLink[];
  createdAt: string;
  updatedAt: string;
  history: HistoryEntry[];
}

export interface Comment {
  id: string;
  authorId: string;
  text: string;
  createdAt: string;
}

const base = (courseId: string, cwId: string) =>
  `/api/courses/${encodeURIComponent(courseId)}/coursework/${encodeURIComponent(cwId)}`;

export const courseworkQuery = (courseId: string, cwId: string) =>
  queryOptions({
    queryKey: ["course", courseId, "coursework", cwId],
    queryFn: () => http.get<Coursework>(base(courseId, cwId)),
  });

/** Teachers get every student's; a student gets their own (one item). */
export const submissionsQuery = (courseId: string, cwId: string) =>
  queryOptions({
    queryKey: ["course", courseId, "coursework", cwId, "submissions"],
    queryFn: () => fetchAll<Submission>(`${base(courseId, cwId)}/submissions`),
  });

export const submissionQuery = (courseId: string, cwId: string, subId: string) =>
  queryOptions({
    queryKey: ["course", courseId, "coursework", cwId, "submissions", subId],
    queryFn: async (): Promise<Versioned<Submission>> => {
      const answer = await send<Submission>("GET", `${base(courseId, cwId)}/submissions/${encodeURIComponent(subId)}`);
      return { data: answer.data, etag: answer.etag };
    },
  });

export const commentsQuery = (courseId: string, cwId: string) =>
  queryOptions({
    queryKey: ["course", courseId, "coursework", cwId, "comments"],
    // Every comment, not the first page only; kept as one page (newest first) for the optimistic post.
    queryFn: async (): Promise<Page<Comment>> => ({
      items: await fetchAll<Comment>(`${base(courseId, cwId)}/comments`),
      nextCursor: null,
    }),
  });

export interface GradeItem {
  studentId: string;
  draftGrade?: number;
  assignedGrade?: number;
  return?: boolean;
}

export interface GradeResult {
  studentId: unknown;
  status: number;
  submission?: Submission;
  error?: { status: number; detail: string; errors?: { field: string; message: string }[] };
}

export const coursework = {
  saveWork: async (
    courseId: string,
    cwId: string,
    subId: string,
    work: { text: string; links: { url: string; title: string }[] },
    etag: string | null,
  ): Promise<Versioned<Submission>> => {
    const answer = await send<Submission>("PATCH", `${base(courseId, cwId)}/submissions/${encodeURIComponent(subId)}`, {
      body: work,
      ...(etag ? { ifMatch: etag } : {}),
    });
    return { data: answer.data, etag: answer.etag };
  },
  transition: async (
    courseId: string,
    cwId: string,
    subId: string,
    action: "turn-in" | "reclaim" | "return",
  ): Promise<Versioned<Submission>> => {
    const answer = await send<Submission>(
      "POST",
      `${base(courseId, cwId)}/submissions/${encodeURIComponent(subId)}/${action}`,
    );
    return { data: answer.data, etag: answer.etag };
  },
  /** Grades (and returns) many at once; each item has its own result. */
  grade: (courseId: string, cwId: string, grades: GradeItem[]) =>
    http.post<{ results: GradeResult[] }>(`${base(courseId, cwId)}/grades`, { grades }),
  comment: (courseId: string, cwId: string, text: string, idempotencyKey = newIdempotencyKey()) =>
    http.post<Comment>(`${base(courseId, cwId)}/comments`, { text }, { idempotencyKey }),
};
