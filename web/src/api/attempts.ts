// A student's side of the exams service (docs/openapi/exams.yaml, "attempts"):
// the exam's outline, their attempts, saving answers and submitting. Teachers'
// shapes live in api/exams.ts.
import { queryOptions } from "@tanstack/react-query";
import { http, newIdempotencyKey, withQuery } from "./http";
import type { Page } from "./types";

export type AttemptState = "IN_PROGRESS" | "SUBMITTED" | "GRADED";

/** An exam as a student sees it before attempting it: settings and times, no questions. */
export interface StudentExam {
  id: string;
  courseId: string;
  title: string;
  description: string | null;
  state: "DRAFT" | "PUBLISHED" | "CLOSED";
  opensAt: string | null;
  closesAt: string | null;
  timeLimitMinutes: number | null;
  maxAttempts: number;
  gradingPolicy: "HIGHEST" | "LATEST" | "FIRST" | "AVERAGE";
  resultRelease: "IMMEDIATE" | "AFTER_CLOSE" | "MANUAL";
  maxPoints: number;
  questionCount: number;
  sections: { title: string; questionCount?: number }[];
}

export interface Choice {
  id: string;
  text: string;
}

interface QuestionHead {
  id: string;
  prompt: string;
  points: number;
}

/** A question inside an attempt, as its student sees it (no keys). */
export type StudentQuestion =
  | (QuestionHead & { type: "SINGLE_CHOICE"; options: Choice[] })
  | (QuestionHead & { type: "MULTIPLE_CHOICE"; options: Choice[]; scoring: "ALL_OR_NOTHING" | "PARTIAL" })
  | (QuestionHead & { type: "TRUE_FALSE" })
  | (QuestionHead & { type: "SHORT_TEXT" })
  | (QuestionHead & { type: "NUMERIC" })
  | (QuestionHead & { type: "MATCHING"; prompts: Choice[]; choices: Choice[] })
  | (QuestionHead & { type: "ORDERING"; items: Choice[] })
  | (QuestionHead & { type: "ESSAY"; maxWords: number | null });

export type QuestionType = StudentQuestion["type"];

/** A student's answer; its shape is its question's type. */
export type AnswerValue = string | boolean | number | string[] | Record<string, string>;

export interface SavedAnswer {
  answer: AnswerValue;
  seq: number;
  savedAt: string;
}

export interface QuestionResult {
  questionId: string;
  points: number;
  maxPoints: number;
  feedback: string | null;
  needsTeacher: boolean;
}

export interface AttemptSummary {
  id: string;
  examId: string;
  studentId: string;
  number: number;
  state: AttemptState;
  startedAt: string;
  deadline: string | null;
  serverTime: string;
  submittedAt: string | null;
  maxPoints: number;
  score: number | null;
  releasedAt: string | null;
}

export interface Attempt extends AttemptSummary {
  questions: StudentQuestion[];
  answers: Record<string, SavedAnswer>;
  perQuestion: QuestionResult[] | null;
}

/**
 * An attempt with how far the server's clock is ahead of this device's
 * (milliseconds), measured on the request that brought it: countdowns run on
 * the server's time, never the device's.
 */
export type TimedAttempt = Attempt & { clockOffsetMs: number };

/** Server time minus device time, assuming the server stamped its answer halfway through the round trip. */
export function clockOffsetMs(serverTime: string, sentAt: number, receivedAt: number): number {
  return Date.parse(serverTime) - (sentAt + receivedAt) / 2;
}

async function timed(request: () => Promise<Attempt>): Promise<TimedAttempt> {
  const sentAt = Date.now();
  const attempt = await request();
  return { ...attempt, clockOffsetMs: clockOffsetMs(attempt.serverTime, sentAt, Date.now()) };
}

const enc = encodeURIComponent;

export const studentExamQuery = (courseId: string, examId: string) =>
  queryOptions({
    queryKey: ["course", courseId, "exams", examId],
    queryFn: ({ signal }) => http.get<StudentExam>(`/exams/exams/${enc(examId)}`, { signal }),
  });

export const myAttemptsQuery = (courseId: string, examId: string) =>
  queryOptions({
    queryKey: ["course", courseId, "exams", examId, "attempts"],
    queryFn: ({ signal }) =>
      http.get<Page<AttemptSummary>>(withQuery(`/exams/exams/${enc(examId)}/attempts`, { limit: 200 }), { signal }),
  });

export const attemptQuery = (courseId: string, attemptId: string) =>
  queryOptions({
    queryKey: ["course", courseId, "attempts", attemptId],
    queryFn: ({ signal }) => timed(() => http.get<Attempt>(`/exams/attempts/${enc(attemptId)}`, { signal })),
  });

export const attempts = {
  /** 201 a new attempt, or 200 the one in progress: either way the attempt to work on. */
  start: (examId: string, idempotencyKey = newIdempotencyKey()) =>
    timed(() => http.post<Attempt>(`/exams/exams/${enc(examId)}/attempts`, undefined, { idempotencyKey })),
  saveAnswer: (attemptId: string, questionId: string, answer: AnswerValue, seq: number) =>
    http.put<{ seq: number; savedAt: string }>(`/exams/attempts/${enc(attemptId)}/answers/${enc(questionId)}`, {
      answer,
      seq,
    }),
  submit: (attemptId: string) => timed(() => http.post<Attempt>(`/exams/attempts/${enc(attemptId)}/submit`)),
};
