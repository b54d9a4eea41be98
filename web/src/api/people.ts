import { queryOptions } from "@tanstack/react-query";
import { http, newIdempotencyKey, send, withQuery } from "./http";
import type { Course, Page } from "./types";

export interface Member {
  courseId: string;
  userId: string;
  displayName: string;
  role: "owner" | "teacher" | "student";
  joinedAt: string;
}

export interface Invitation {
  id: string;
  courseId: string;
  courseName: string;
  email: string;
  role: "teacher" | "student";
  state: "PENDING" | "ACCEPTED" | "DECLINED" | "WITHDRAWN";
  invitedBy: string;
  createdAt: string;
  updatedAt: string;
}

/** An invitation as its creator got it back, with the version a withdrawal sends in If-Match. */
export interface SentInvitation {
  invitation: Invitation;
  etag: string | null;
}

const course = (courseId: string) => `/api/courses/${encodeURIComponent(courseId)}`;

/** Every page of a list, followed through nextCursor (the screens show whole lists). */
export async function fetchAll<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await http.get<Page<T>>(withQuery(path, { ...query, limit: 200, cursor }));
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

export const membersQuery = (courseId: string) =>
  queryOptions({
    queryKey: ["course", courseId, "members"],
    queryFn: () => fetchAll<Member>(`${course(courseId)}/members`),
  });

export const myInvitationsQuery = queryOptions({
  queryKey: ["invitations", "mine"],
  queryFn: () => fetchAll<Invitation>("/api/invitations"),
});

/**
 * The invitations sent from this browser since it was opened. The service
 * lists a person's own invitations but has no list of a course's pending
 * ones, so the People screen can only show (and withdraw) those it sent.
 */
export const sentInvitationsKey = (courseId: string) => ["sent-invitations", courseId] as const;

export const people = {
  invite: async (courseId: string, body: { email: string; role: "teacher" | "student" }, idempotencyKey: string) => {
    const answer = await send<Invitation>("POST", `${course(courseId)}/invitations`, { body, idempotencyKey });
    return { invitation: answer.data, etag: answer.etag } satisfies SentInvitation;
  },
  withdraw: (sent: SentInvitation) =>
    http.delete<Invitation>(`/api/invitations/${encodeURIComponent(sent.invitation.id)}`, {
      ...(sent.etag ? { ifMatch: sent.etag } : {}),
    }),
  accept: (id: string) => http.post<Invitation>(`/api/invitations/${encodeURIComponent(id)}/accept`),
  decline: (id: string) => http.post<Invitation>(`/api/invitations/${encodeURIComponent(id)}/decline`),
  remove: (courseId: string, userId: string) =>
    http.delete(`${course(courseId)}/members/${encodeURIComponent(userId)}`),
  leave: (courseId: string) => http.post<void>(`${course(courseId)}/leave`),
  newJoinCode: (courseId: string) => http.post<Course>(`${course(courseId)}/join-code`),
  disableJoinCode: (courseId: string) => http.delete<Course>(`${course(courseId)}/join-code`),
  newKey: newIdempotencyKey,
};
