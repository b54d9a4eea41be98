import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { membersQuery, type Member } from "../../api/people";

/** The course's members by user id, to name authors (an empty map until loaded or when it fails). */
export function useMemberNames(courseId: string): Map<string, Member> {
  const members = useQuery(membersQuery(courseId));
  return useMemo(() => new Map((members.data ?? []).map((m) => [m.userId, m])), [members.data]);
}
