import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { ApiError, http, withQuery } from "./http";
import type { Page, Session, SignedIn, User } from "./types";

export const meQuery = queryOptions({
  queryKey: ["auth", "me"],
  // Signed out is an answer, not an error: the pages show the sign-in form.
  queryFn: async ({ signal }): Promise<User | null> => {
    try {
      return (await http.get<{ user: User }>("/auth/me", { signal })).user;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        return null;
      }
      throw error;
    }
  },
  staleTime: 60_000,
});

export const sessionsQuery = queryOptions({
  queryKey: ["auth", "sessions"],
  queryFn: () => http.get<Page<Session>>(withQuery("/auth/sessions", { limit: 200 })),
});

export const auth = {
  login: (body: { email: string; password: string }) => http.post<SignedIn>("/auth/login", body),
  register: (body: { email: string; password: string; displayName: string }) =>
    http.post<SignedIn>("/auth/register", body),
  logout: () => http.post<void>("/auth/logout"),
  logoutAll: () => http.post<void>("/auth/logout-all"),
  revokeSession: (id: string) => http.delete(`/auth/sessions/${encodeURIComponent(id)}`),
  changePassword: (body: { currentPassword: string; newPassword: string }) => http.post<void>("/auth/password", body),
  sendVerification: () => http.post<void>("/auth/email/verification"),
  verifyEmail: (token: string) => http.post<void>("/auth/email/verify", { token }),
  forgotPassword: (email: string) => http.post<void>("/auth/password/forgot", { email }),
  resetPassword: (body: { token: string; newPassword: string }) => http.post<void>("/auth/password/reset", body),
};

/** After signing in or out: every cached answer belonged to the previous user. */
export function resetForUser(client: QueryClient, user: User | null): void {
  client.clear();
  client.setQueryData(meQuery.queryKey, user);
}
