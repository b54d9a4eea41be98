import { queryOptions } from "@tanstack/react-query";
import { http, newIdempotencyKey, withQuery } from "./http";
import type { Course, Page } from "./types";

export interface CourseDraft {
  name: string;
  section?: string | null;
  description?: string | null;
  room?: string | null;
}

export interface ProgressCourseworkItem {
  kind: "coursework";
  id: string;
  title: string;
  dueAt: string | null;
  maxPoints: number | null;
  state: "NEW" | "CREATED" | "TURNED_IN" | "RETURNED" | "RECLAIMED_BY_STUDENT";
  late: boolean;
  missing: boolean;
  assignedGrade: number | null;
}

export interface ProgressExamItem {
  kind: "exam";
  id: string;
  title: string;
  maxPoints: number;
  assignedGrade: number | null;
  releasedAt?: string | null;
}

export interface Progress {
  courseId: string;
  studentId: string;
  assigned: number;
  turnedIn: number;
  late: number;
  missing: number;
  graded: number;
  pointsEarned: number;
  pointsPossible: number;
  percentage: number | null;
  items: (ProgressCourseworkItem | ProgressExamItem)[];
}

export const coursesQuery = (state: "ACTIVE" | "ARCHIVED" = "ACTIVE") =>
  queryOptions({
    queryKey: ["courses", { state }],
    queryFn: () => http.get<Page<Course>>(withQuery("/api/courses", { state, limit: 200 })),
  });

export const courseQuery = (courseId: string) =>
  queryOptions({
    queryKey: ["course", courseId],
    queryFn: () => http.get<Course>(`/api/courses/${encodeURIComponent(courseId)}`),
  });

export const progressQuery = (courseId: string, studentId: string) =>
  queryOptions({
    queryKey: ["course", courseId, "progress", studentId],
    queryFn: () =>
      http.get<Progress>(
        `/api/courses/${encodeURIComponent(courseId)}/students/${encodeURIComponent(studentId)}/progress`,
      ),
  });

export const courses = {
  create: (draft: CourseDraft, idempotencyKey = newIdempotencyKey()) =>
    http.post<Course>("/api/courses", draft, { idempotencyKey }),
  join: (code: string) => http.post<unknown>("/api/courses/join", { code }),
};
