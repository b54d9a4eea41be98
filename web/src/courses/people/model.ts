import type { Member } from "../../api/members";
import type { CourseRole } from "../../api/types";

/** Teachers (the owner first) and students, each in order of joining. */
export function splitMembers(members: Member[]): { teachers: Member[]; students: Member[] } {
  const owner = members.filter((m) => m.role === "owner");
  return {
    teachers: [...owner, ...members.filter((m) => m.role === "teacher")],
    students: members.filter((m) => m.role === "student"),
  };
}

/** Teachers remove students; only the owner removes teachers; nobody removes the owner or themselves here. */
export function canRemove(myRole: CourseRole | null, myId: string, member: Member): boolean {
  if (member.userId === myId || member.role === "owner") {
    return false;
  }
  if (member.role === "teacher") {
    return myRole === "owner";
  }
  return myRole === "owner" || myRole === "teacher";
}
