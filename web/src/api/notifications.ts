import { queryOptions } from "@tanstack/react-query";
import { http } from "./http";

export interface Notification {
  id: string;
  type: string;
  title: string;
  body: string | null;
  courseId: string | null;
  link: string | null;
  actorId: string | null;
  createdAt: string;
  readAt: string | null;
}

export const unreadCountQuery = queryOptions({
  queryKey: ["notifications", "unread-count"],
  queryFn: () => http.get<{ count: number }>("/notifications/unread-count"),
});
