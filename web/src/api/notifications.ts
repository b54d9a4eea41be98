import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { http, send, withQuery } from "./http";
import type { Page } from "./types";

export interface Notification {
  id: string;
  type: string;
  title: string;
  body: string | null;
  courseId: string | null;
  /** A path of this web application (docs/events.md, "Audience"). */
  link: string | null;
  actorId: string | null;
  createdAt: string;
  readAt: string | null;
}

export type EmailMode = "OFF" | "IMMEDIATE" | "DAILY";

export interface NotificationPreferences {
  mutedCourses: string[];
  mutedTypes: string[];
  /** Every notifiable type with its e-mail frequency. */
  email: Record<string, EmailMode>;
}

/** The preferences with the ETag a change must name (If-Match). */
export interface VersionedPreferences {
  preferences: NotificationPreferences;
  etag: string | null;
}

const INBOX_PAGE = 30;

export const unreadCountQuery = queryOptions({
  queryKey: ["notifications", "unread-count"],
  queryFn: () => http.get<{ count: number }>("/notifications/unread-count"),
});

/** The inbox, newest first, a page at a time; the live stream invalidates every variant. */
export const inboxQuery = (unreadOnly: boolean) =>
  infiniteQueryOptions({
    queryKey: ["notifications", "inbox", { unreadOnly }],
    queryFn: ({ pageParam, signal }) =>
      http.get<Page<Notification>>(
        withQuery("/notifications", { unread: unreadOnly ? "true" : undefined, limit: INBOX_PAGE, cursor: pageParam }),
        { signal },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const preferencesQuery = queryOptions({
  queryKey: ["notifications", "preferences"],
  queryFn: async ({ signal }): Promise<VersionedPreferences> => {
    const answer = await send<NotificationPreferences>("GET", "/notifications/preferences", { signal });
    return { preferences: answer.data, etag: answer.etag };
  },
});

export const notifications = {
  markRead: (id: string) => http.post<void>(`/notifications/${encodeURIComponent(id)}/read`),
  markAllRead: () => http.post<void>("/notifications/read-all"),
  savePreferences: async (preferences: NotificationPreferences, etag: string | null): Promise<VersionedPreferences> => {
    const answer = await send<NotificationPreferences>("PUT", "/notifications/preferences", {
      body: preferences,
      ifMatch: etag ?? undefined,
    });
    return { preferences: answer.data, etag: answer.etag };
  },
};
