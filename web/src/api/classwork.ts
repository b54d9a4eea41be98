import { queryOptions } from "@tanstack/react-query";
import { http, send } from "./http";
import { fetchAll } from "./pages";
import type { WebLink } from "./types";

export interface Topic {
  id: string;
  courseId: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

export type WorkType = "ASSIGNMENT" | "MATERIAL";

export interface Coursework {
  id: string;
  courseId: string;
  authorId: string;
  title: string;
  description: string | null;
  workType: WorkType;
  topicId: string | null;
  maxPoints: number | null;
  dueAt: string | null;
  materials: WebLink[];
  state: "DRAFT" | "PUBLISHED";
  scheduledAt: string | null;
  publishedAt: string | null;
  assignees: string[] | null;
  createdAt: string;
  updatedAt: string;
}

/** What a create or an edit sends (CourseworkNew / CourseworkPatch). */
export interface CourseworkBody {
  title: string;
  description: string | null;
  workType?: WorkType;
  topicId: string | null;
  maxPoints: number | null;
  dueAt: string | null;
  materials: { url: string; title: string | null }[];
  state?: "DRAFT" | "PUBLISHED";
  scheduledAt?: string | null;
  assignees: string[] | null;
}

const base = (courseId: string) => `/api/courses/${encodeURIComponent(courseId)}`;

export const topicsQuery = (courseId: string) =>
  queryOptions({
    queryKey: ["course", courseId, "topics"],
    queryFn: () => fetchAll<Topic>(`${base(courseId)}/topics`),
  });

export const courseworkListQuery = (courseId: string) =>
  queryOptions({
    queryKey: ["course", courseId, "coursework"],
    queryFn: () => fetchAll<Coursework>(`${base(courseId)}/coursework`),
  });

/** One item with the version an edit sends back (If-Match). */
export async function fetchCoursework(courseId: string, cwId: string) {
  const answer = await send<Coursework>("GET", `${base(courseId)}/coursework/${encodeURIComponent(cwId)}`);
  return { coursework: answer.data, etag: answer.etag };
}

export const classwork = {
  createTopic: (courseId: string, name: string, idempotencyKey: string) =>
    http.post<Topic>(`${base(courseId)}/topics`, { name }, { idempotencyKey }),
  // Topics have no single GET, so the screen has no version to send: a rename is last-writer-wins.
  renameTopic: (courseId: string, topicId: string, name: string) =>
    http.patch<Topic>(`${base(courseId)}/topics/${encodeURIComponent(topicId)}`, { name }),
  deleteTopic: (courseId: string, topicId: string) =>
    http.delete(`${base(courseId)}/topics/${encodeURIComponent(topicId)}`),
  create: (courseId: string, body: CourseworkBody, idempotencyKey: string) =>
    http.post<Coursework>(`${base(courseId)}/coursework`, body, { idempotencyKey }),
  update: (courseId: string, cwId: string, body: CourseworkBody, etag: string | null) =>
    http.patch<Coursework>(
      `${base(courseId)}/coursework/${encodeURIComponent(cwId)}`,
      body,
      etag ? { ifMatch: etag } : {},
    ),
  remove: (courseId: string, cwId: string) => http.delete(`${base(courseId)}/coursework/${encodeURIComponent(cwId)}`),
};
