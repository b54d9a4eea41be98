import { queryOptions } from "@tanstack/react-query";
import { http, send } from "./http";
import type { SubmissionState } from "../lib/grades";

export interface GradebookItem {
  id: string;
  kind: "coursework" | "exam";
  title: string;
  maxPoints: number;
  dueAt: string | null;
}

export interface GradebookCell {
  itemId: string;
  points: number | null;
  state: SubmissionState | null;
  late: boolean;
}

export interface GradebookStudent {
  userId: string;
  displayName: string;
  grades: GradebookCell[];
  pointsEarned: number;
  pointsPossible: number;
  percentage: number | null;
}

export interface Gradebook {
  courseId: string;
  items: GradebookItem[];
  students: GradebookStudent[];
}

const path = (courseId: string) => `/api/courses/${encodeURIComponent(courseId)}/gradebook`;

export const gradebookQuery = (courseId: string) =>
  queryOptions({
    queryKey: ["course", courseId, "gradebook"],
    queryFn: () => http.get<Gradebook>(path(courseId)),
  });

export const grades = {
  /** The gradebook as the service writes it in CSV (its quoting and formula guard kept). */
  csv: (courseId: string) => send<string>("GET", path(courseId), { headers: { Accept: "text/csv" } }),
};
