// The exams service (docs/openapi/exams.yaml): exams, the question bank,
// accommodations and overrides, attempts as teachers see them, grading,
// regrading, results and statistics. The student's side (taking an attempt)
// builds on the shared types exported here.
import { queryOptions, useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { http, newIdempotencyKey, send, withQuery, type Versioned } from "./http";
import type { Page } from "./types";

export type ExamState = "DRAFT" | "PUBLISHED" | "CLOSED";
export type AttemptState = "IN_PROGRESS" | "SUBMITTED" | "GRADED";
export type GradingPolicy = "HIGHEST" | "LATEST" | "FIRST" | "AVERAGE";
export type ResultRelease = "IMMEDIATE" | "AFTER_CLOSE" | "MANUAL";
export type QuestionType =
  "SINGLE_CHOICE" | "MULTIPLE_CHOICE" | "TRUE_FALSE" | "SHORT_TEXT" | "NUMERIC" | "MATCHING" | "ORDERING" | "ESSAY";
export type Scoring = "ALL_OR_NOTHING" | "PARTIAL";

export const QUESTION_TYPES: readonly QuestionType[] = [
  "SINGLE_CHOICE",
  "MULTIPLE_CHOICE",
  "TRUE_FALSE",
  "SHORT_TEXT",
  "NUMERIC",
  "MATCHING",
  "ORDERING",
  "ESSAY",
];

/** An option, a matching prompt or choice, an item to order. */
export interface Option {
  id: string;
  text: string;
}

interface QuestionHead {
  id: string;
  prompt: string;
  points: number;
  tags: string[];
}

/** A question with its key (teachers; students once released with showCorrectAnswers). */
export type Question = QuestionHead &
  (
    | { type: "SINGLE_CHOICE"; options: Option[]; correct: string }
    | { type: "MULTIPLE_CHOICE"; options: Option[]; correct: string[]; scoring: Scoring }
    | { type: "TRUE_FALSE"; correct: boolean }
    | { type: "SHORT_TEXT"; accepted: string[]; caseSensitive: boolean; pattern: string | null }
    | { type: "NUMERIC"; value: number; tolerance: number }
    | { type: "MATCHING"; prompts: Option[]; choices: Option[]; correct: Record<string, string> }
    | { type: "ORDERING"; items: Option[]; correct: string[] }
    | { type: "ESSAY"; maxWords: number | null }
  );

/** A question as a student sees it before its keys are released. */
export type StudentQuestion = Omit<QuestionHead, "tags"> &
  (
    | { type: "SINGLE_CHOICE"; options: Option[] }
    | { type: "MULTIPLE_CHOICE"; options: Option[]; scoring: Scoring }
    | { type: "TRUE_FALSE" }
    | { type: "SHORT_TEXT" }
    | { type: "NUMERIC" }
    | { type: "MATCHING"; prompts: Option[]; choices: Option[] }
    | { type: "ORDERING"; items: Option[] }
    | { type: "ESSAY"; maxWords: number | null }
  );

/** A question as a teacher sends it (inline or to the bank): the key fields of its type. */
export type QuestionInput = { [member: string]: unknown; type: QuestionType; prompt: string; points: number };

export interface Draw {
  tag: string;
  count: number;
  pointsEach: number;
}

export type Section = { title: string; questions: Question[] } | { title: string; draw: Draw };
export type SectionOutline = { title: string; questionCount: number };
export type SectionInput = { title: string; questions: QuestionInput[] } | { title: string; draw: Draw };

/** An exam: the settings a teacher edits, and what the service keeps of it. */
export interface Exam extends ExamSettings {
  id: string;
  courseId: string;
  state: ExamState;
  maxPoints: number;
  questionCount: number;
  publishedAt: string | null;
  closedAt: string | null;
  /** Section for teachers, SectionOutline for students. */
  sections: (Section | SectionOutline)[];
  createdBy?: string;
  createdAt: string;
  updatedAt: string;
}

/** An exam as a student gets it: the outline of its sections (no questions), no `createdBy`. */
export type StudentExam = Omit<Exam, "sections" | "createdBy"> & { sections: SectionOutline[] };

export interface ExamSettings {
  title: string;
  description: string | null;
  opensAt: string | null;
  closesAt: string | null;
  timeLimitMinutes: number | null;
  maxAttempts: number;
  gradingPolicy: GradingPolicy;
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
  resultRelease: ResultRelease;
  showCorrectAnswers: boolean;
}

export type ExamPatch = Partial<ExamSettings> & { sections?: SectionInput[] | null };

export type BankQuestion = Question & { courseId: string; createdBy: string; createdAt: string; updatedAt: string };

/** A student's answer (`Answer`); its shape is its question's type. */
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

export interface HistoryEntry {
  at: string;
  actorId: string;
  questionId: string;
  from: number;
  to: number;
  reason: string | null;
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
  questions: (Question | StudentQuestion)[];
  answers: Record<string, SavedAnswer>;
  perQuestion: QuestionResult[] | null;
  history?: HistoryEntry[];
}

export interface Accommodation {
  courseId: string;
  studentId: string;
  timeMultiplier: number;
  extraMinutes: number;
  extendPastClose: boolean;
  updatedAt: string;
}

export interface AccommodationPut {
  timeMultiplier: number;
  extraMinutes: number;
  extendPastClose: boolean;
}

export interface Override {
  examId: string;
  studentId: string;
  opensAt: string | null;
  closesAt: string | null;
  maxAttempts: number | null;
  timeLimitMinutes: number | null;
  updatedAt: string;
}

export type OverridePut = Omit<Override, "examId" | "studentId" | "updatedAt">;

export interface GradeInput {
  questionId: string;
  points: number;
  feedback?: string | null;
}

export interface RegradeChange {
  attemptId: string;
  studentId: string;
  number: number;
  from: number;
  to: number;
}

export interface RegradeResult {
  attemptsChanged: number;
  changes: RegradeChange[];
  dryRun: boolean;
  question: Question;
}

export interface ResultAttempt {
  id: string;
  number: number;
  state: AttemptState;
  score: number | null;
  maxPoints: number;
  submittedAt: string | null;
  releasedAt: string | null;
}

export interface StudentResult {
  studentId: string;
  score: number | null;
  released: boolean;
  attempts: ResultAttempt[];
}

export interface Results {
  examId: string;
  gradingPolicy: GradingPolicy;
  maxPoints: number;
  items: StudentResult[];
}

export interface QuestionStatistics {
  questionId: string;
  answered: number;
  attempts: number;
  meanScore: number;
  maxPoints: number;
  facility: number | null;
  discrimination: number | null;
}

export interface Statistics {
  examId: string;
  gradingPolicy: GradingPolicy;
  attemptsCounted: number;
  items: QuestionStatistics[];
}

export interface ReleaseResult {
  examId: string;
  releasedAt: string;
  studentsReleased: number;
}

export function isQuestionsSection(section: Section | SectionOutline): section is Section & { questions: Question[] } {
  return "questions" in section;
}

const enc = encodeURIComponent;

export const examsQuery = (courseId: string, state?: ExamState) =>
  queryOptions({
    queryKey: ["course", courseId, "exams", { state: state ?? null }],
    queryFn: () => http.get<Page<Exam>>(withQuery(`/exams/courses/${enc(courseId)}/exams`, { state, limit: 200 })),
  });

export const examQuery = (courseId: string, examId: string) =>
  queryOptions({
    queryKey: ["course", courseId, "exam", examId],
    queryFn: async (): Promise<Versioned<Exam>> => {
      const answer = await send<Exam>("GET", `/exams/exams/${enc(examId)}`);
      return { data: answer.data, etag: answer.etag };
    },
  });

export const bankQuery = (courseId: string, tag: string) =>
  queryOptions({
    queryKey: ["course", courseId, "bank", { tag }],
    queryFn: () =>
      http.get<Page<BankQuestion>>(withQuery(`/exams/courses/${enc(courseId)}/questions`, { tag, limit: 200 })),
  });

export const bankQuestionQuery = (courseId: string, questionId: string) =>
  queryOptions({
    queryKey: ["course", courseId, "bank", "question", questionId],
    queryFn: () => http.get<BankQuestion>(`/exams/questions/${enc(questionId)}`),
  });

export const accommodationsQuery = (courseId: string) =>
  queryOptions({
    queryKey: ["course", courseId, "accommodations"],
    queryFn: () =>
      http.get<Page<Accommodation>>(withQuery(`/exams/courses/${enc(courseId)}/accommodations`, { limit: 200 })),
  });

export const overridesQuery = (courseId: string, examId: string) =>
  queryOptions({
    queryKey: ["course", courseId, "exam", examId, "overrides"],
    queryFn: () => http.get<Page<Override>>(withQuery(`/exams/exams/${enc(examId)}/overrides`, { limit: 200 })),
  });

export const attemptQuery = (courseId: string, examId: string, attemptId: string) =>
  queryOptions({
    queryKey: ["course", courseId, "exam", examId, "attempt", attemptId],
    queryFn: async (): Promise<Versioned<Attempt>> => {
      const answer = await send<Attempt>("GET", `/exams/attempts/${enc(attemptId)}`);
      return { data: answer.data, etag: answer.etag };
    },
  });

export const resultsQuery = (courseId: string, examId: string) =>
  queryOptions({
    queryKey: ["course", courseId, "exam", examId, "results"],
    queryFn: () => http.get<Results>(`/exams/exams/${enc(examId)}/results`),
  });

export const statisticsQuery = (courseId: string, examId: string) =>
  queryOptions({
    queryKey: ["course", courseId, "exam", examId, "statistics"],
    queryFn: () => http.get<Statistics>(`/exams/exams/${enc(examId)}/statistics`),
  });

export const exams = {
  create: (courseId: string, body: Partial<ExamSettings> & { title: string }, idempotencyKey = newIdempotencyKey()) =>
    http.post<Exam>(`/exams/courses/${enc(courseId)}/exams`, body, { idempotencyKey }),
  update: async (examId: string, patch: ExamPatch, etag: string | null): Promise<Versioned<Exam>> => {
    const answer = await send<Exam>("PATCH", `/exams/exams/${enc(examId)}`, {
      body: patch,
      ...(etag ? { ifMatch: etag } : {}),
    });
    return { data: answer.data, etag: answer.etag };
  },
  remove: (examId: string, etag: string | null) =>
    http.delete(`/exams/exams/${enc(examId)}`, etag ? { ifMatch: etag } : {}),
  publish: (examId: string) => http.post<Exam>(`/exams/exams/${enc(examId)}/publish`),
  close: (examId: string) => http.post<Exam>(`/exams/exams/${enc(examId)}/close`),
  release: (examId: string) => http.post<ReleaseResult>(`/exams/exams/${enc(examId)}/release`),
  grade: (attemptId: string, grades: GradeInput[], etag: string | null) =>
    http.patch<Attempt>(`/exams/attempts/${enc(attemptId)}/grades`, { grades }, etag ? { ifMatch: etag } : {}),
  regrade: (examId: string, questionId: string, body: Record<string, unknown>, dryRun: boolean) =>
    http.post<RegradeResult>(
      withQuery(`/exams/exams/${enc(examId)}/questions/${enc(questionId)}/regrade`, { dryRun: dryRun || undefined }),
      body,
    ),
  resultsCsv: (examId: string) =>
    http.get<string>(`/exams/exams/${enc(examId)}/results`, { headers: { Accept: "text/csv" } }),
  putOverride: (examId: string, studentId: string, body: OverridePut) =>
    http.put<Override>(`/exams/exams/${enc(examId)}/overrides/${enc(studentId)}`, body),
  removeOverride: (examId: string, studentId: string) =>
    http.delete(`/exams/exams/${enc(examId)}/overrides/${enc(studentId)}`),
};

export const bank = {
  create: (courseId: string, question: QuestionInput, idempotencyKey = newIdempotencyKey()) =>
    http.post<BankQuestion>(`/exams/courses/${enc(courseId)}/questions`, question, { idempotencyKey }),
  /** The whole question replaces the stored one (members it no longer has are sent as null). */
  update: (questionId: string, patch: Record<string, unknown>) =>
    http.patch<BankQuestion>(`/exams/questions/${enc(questionId)}`, patch),
  remove: (questionId: string) => http.delete(`/exams/questions/${enc(questionId)}`),
};

export const accommodations = {
  put: (courseId: string, studentId: string, body: AccommodationPut) =>
    http.put<Accommodation>(`/exams/courses/${enc(courseId)}/accommodations/${enc(studentId)}`, body),
  remove: (courseId: string, studentId: string) =>
    http.delete(`/exams/courses/${enc(courseId)}/accommodations/${enc(studentId)}`),
};

/** Everything that shows an exam or what follows from it, after it changed. */
export function invalidateExam(client: QueryClient, courseId: string, examId: string): Promise<void> {
  return Promise.all([
    client.invalidateQueries({ queryKey: ["course", courseId, "exam", examId] }),
    client.invalidateQueries({ queryKey: ["course", courseId, "exams"] }),
  ]).then(() => undefined);
}

/**
 * Takes the matching items out of every cached page under `queryKey` at once
 * (an optimistic delete); the returned function puts them back if the
 * request fails.
 */
export async function removeFromPages<T>(
  client: QueryClient,
  queryKey: readonly unknown[],
  matches: (item: T) => boolean,
): Promise<() => void> {
  await client.cancelQueries({ queryKey });
  const before = client.getQueriesData<Page<T>>({ queryKey });
  client.setQueriesData<Page<T>>({ queryKey }, (page) =>
    page ? { ...page, items: page.items.filter((item) => !matches(item)) } : page,
  );
  return () => {
    for (const [key, data] of before) {
      client.setQueryData(key, data);
    }
  };
}

/**
 * Removes one student's item (an accommodation, an override) at once from the
 * cached list under `queryKey`, puts it back if the service refuses, then
 * reads the list again.
 */
export function useRemoveForStudent<T extends { studentId: string }>(
  queryKey: readonly unknown[],
  request: (studentId: string) => Promise<unknown>,
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onMutate: (studentId: string) => removeFromPages<T>(client, queryKey, (item) => item.studentId === studentId),
    onError: (_error, _studentId, rollback) => rollback?.(),
    onSettled: () => void client.invalidateQueries({ queryKey }),
  });
}
