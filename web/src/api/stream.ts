import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { http, send, withQuery } from "./http";
import type { Page } from "./types";

export interface Announcement {
  id: string;
  courseId: string;
  authorId: string;
  text: string;
  createdAt: string;
  updatedAt: string;
}

export interface Comment {
  id: string;
  courseId: string;
  announcementId?: string;
  courseworkId?: string;
  authorId: string;
  text: string;
  createdAt: string;
}

const announcements = (courseId: string) => `/api/courses/${encodeURIComponent(courseId)}/announcements`;
const announcement = (courseId: string, postId: string) => `${announcements(courseId)}/${encodeURIComponent(postId)}`;

export const STREAM_PAGE = 20;

export const announcementsQuery = (courseId: string) =>
  infiniteQueryOptions({
    queryKey: ["course", courseId, "announcements"],
    queryFn: ({ pageParam }) =>
      http.get<Page<Announcement>>(withQuery(announcements(courseId), { limit: STREAM_PAGE, cursor: pageParam })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

/** One announcement with its version, which an edit or a delete sends back (If-Match). */
export const announcementQuery = (courseId: string, postId: string) =>
  queryOptions({
    queryKey: ["course", courseId, "announcement", postId],
    queryFn: async () => {
      const answer = await send<Announcement>("GET", announcement(courseId, postId));
      return { announcement: answer.data, etag: answer.etag };
    },
  });

export const commentsQuery = (courseId: string, postId: string) =>
  queryOptions({
    queryKey: ["course", courseId, "announcement", postId, "comments"],
    queryFn: async () => {
      // Newest first from the service; a conversation reads oldest first.
      const items: Comment[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<Comment> = await http.get<Page<Comment>>(
          withQuery(`${announcement(courseId, postId)}/comments`, { limit: 200, cursor }),
        );
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return items.reverse();
    },
  });

export const stream = {
  post: (courseId: string, text: string, idempotencyKey: string) =>
    http.post<Announcement>(announcements(courseId), { text }, { idempotencyKey }),
  /** `etag` is the version read when the edit began: fetching it now would make If-Match always match. */
  edit: (courseId: string, postId: string, text: string, etag: string | null) =>
    http.patch<Announcement>(announcement(courseId, postId), { text }, etag ? { ifMatch: etag } : {}),
  /** `etag` is the version read when the person was asked to confirm. */
  remove: (courseId: string, postId: string, etag: string | null) =>
    http.delete(announcement(courseId, postId), etag ? { ifMatch: etag } : {}),
  comment: (courseId: string, postId: string, text: string, idempotencyKey: string) =>
    http.post<Comment>(`${announcement(courseId, postId)}/comments`, { text }, { idempotencyKey }),
  removeComment: (courseId: string, postId: string, commentId: string) =>
    http.delete(`${announcement(courseId, postId)}/comments/${encodeURIComponent(commentId)}`),
};
