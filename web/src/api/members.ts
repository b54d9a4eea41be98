import { queryOptions, useQuery, type QueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { fetchAll } from "./pages";

/** A course member (docs/openapi/api.yaml `Member`). */
export interface Member {
  courseId: string;
  userId: string;
  /** `""` while the user has no profile yet. */
  displayName: string;
  role: "owner" | "teacher" | "student";
  joinedAt: string;
}

export const membersKey = (courseId: string) => ["course", courseId, "members"] as const;

/** Everyone in the course, every page (a course has at most a few hundred members). */
export const membersQuery = (courseId: string) =>
  queryOptions({
    queryKey: membersKey(courseId),
    queryFn: () => fetchAll<Member>(`/api/courses/${encodeURIComponent(courseId)}/members`),
  });

/** After a change of who is in the course (a join, an accepted invitation, a removal, a leave). */
export function invalidateMembers(client: QueryClient, courseId: string): Promise<void> {
  return client.invalidateQueries({ queryKey: membersKey(courseId) });
}

/**
 * A person's name as shown everywhere: their display name, or — while they have
 * no profile, or are no longer in the course — "Member" and the start of their
 * id, so that two unnamed people in one list still differ.
 */
export function memberName(member: Pick<Member, "displayName"> | undefined, userId: string): string {
  return member?.displayName || `Member ${userId.slice(0, 8)}`;
}

export function membersById(members: readonly Member[] | undefined): ReadonlyMap<string, Member> {
  return new Map((members ?? []).map((m) => [m.userId, m]));
}

export function studentsOf(members: readonly Member[] | undefined): Member[] {
  return (members ?? []).filter((m) => m.role === "student");
}

/**
 * The course's members, with a name for any user id (the fallback name until
 * the list has loaded or when it failed: the query is returned to show that).
 */
export function useMemberNames(courseId: string, options: { enabled?: boolean } = {}) {
  // Read again whenever a screen opens (students join at any time, and a
  // screen naming someone who just joined must not show them unnamed): the
  // names known so far show meanwhile.
  const query = useQuery({ ...membersQuery(courseId), staleTime: 0, ...options });
  return useMemo(() => {
    const byId = membersById(query.data);
    return {
      query,
      members: query.data,
      students: studentsOf(query.data),
      nameOf: (userId: string) => memberName(byId.get(userId), userId),
    };
  }, [query]);
}
