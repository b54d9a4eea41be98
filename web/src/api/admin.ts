import { infiniteQueryOptions } from "@tanstack/react-query";
import { http, send, withQuery } from "./http";
import type { Page, SystemRole, User } from "./types";

/** One change an administrator makes to an account (auth's UserPatch). */
export type UserChange = { role: SystemRole } | { active: boolean };

const USERS_PAGE = 50;

/** Every account, newest first, a page at a time (auth has no search). */
export const usersQuery = infiniteQueryOptions({
  queryKey: ["admin", "users"],
  queryFn: ({ pageParam, signal }) =>
    http.get<Page<User>>(withQuery("/auth/users", { limit: USERS_PAGE, cursor: pageParam }), { signal }),
  initialPageParam: undefined as string | undefined,
  getNextPageParam: (last) => last.nextCursor ?? undefined,
});

export const admin = {
  /** The account as it is now, with the ETag a change is based on. */
  getUser: async (id: string, signal?: AbortSignal) => {
    const answer = await send<User>("GET", `/auth/users/${encodeURIComponent(id)}`, { signal });
    return { user: answer.data, etag: answer.etag };
  },
  updateUser: (id: string, change: UserChange, etag: string | null) =>
    http.patch<User>(`/auth/users/${encodeURIComponent(id)}`, change, { ifMatch: etag ?? undefined }),
};
