// A student's side of the exams service (docs/openapi/exams.yaml, "attempts"):
// the exam's outline, their attempts, saving answers and submitting. The
// shapes are the service's, in api/exams.ts, for teachers and students alike.
import { queryOptions } from "@tanstack/react-query";
import { http, newIdempotencyKey, withQuery } from "./http";
import type { Attempt, AnswerValue, AttemptSummary, StudentExam } from "./exams";
import type { Page } from "./types";

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
