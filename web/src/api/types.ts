// The shapes the services answer with (docs/openapi/*.yaml), as far as the
// pages use them. Each service's own queries and mutations sit in api/<service>.ts.

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type SystemRole = "admin" | "user";

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: SystemRole;
  active: boolean;
  emailVerified: boolean;
  createdAt: string;
}

export interface SignedIn {
  user: User;
  expiresAt: string;
}

export interface Session {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
}

export type CourseRole = "owner" | "teacher" | "student";

export interface Course {
  id: string;
  name: string;
  section: string | null;
  description: string | null;
  room: string | null;
  state: "ACTIVE" | "ARCHIVED";
  ownerId: string;
  joinCode?: string | null;
  createdAt: string;
  updatedAt: string;
  myRole: CourseRole;
}

export function teaches(course: Pick<Course, "myRole">): boolean {
  return course.myRole === "owner" || course.myRole === "teacher";
}

/** A link with its title (coursework materials, a submission's links). */
export interface WebLink {
  url: string;
  title: string;
}
