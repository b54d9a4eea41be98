import { queryOptions } from "@tanstack/react-query";
import { http, newIdempotencyKey, send } from "./http";
import { fetchAll } from "./pages";
import type { Course } from "./types";

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
