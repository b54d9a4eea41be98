import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { unreadCountQuery, type Notification } from "../api/notifications";

/**
 * One Server-Sent Events stream for the signed-in page: each new item
 * refreshes the inbox, and each unread-count event sets the bell's count.
 * The browser reconnects by itself, with Last-Event-ID, so nothing is missed
 * across a dropped connection or the stream's periodic end.
 */
export function useLiveNotifications(enabled: boolean): void {
  const client = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === "undefined") {
      return;
    }
    const source = new EventSource("/notifications/stream", { withCredentials: true });
    const onCount = (event: MessageEvent<string>) => {
      const { count } = JSON.parse(event.data) as { count: number };
      client.setQueryData(unreadCountQuery.queryKey, { count });
    };
    const onItem = (event: MessageEvent<string>) => {
      const item = JSON.parse(event.data) as Notification;
      void client.invalidateQueries({ queryKey: ["notifications", "inbox"] });
      window.dispatchEvent(new CustomEvent<Notification>("classroom:notification", { detail: item }));
    };
    // After a reconnect the count may have moved while the stream was down.
    const onOpen = () => void client.invalidateQueries({ queryKey: unreadCountQuery.queryKey });
    source.addEventListener("unread-count", onCount);
    source.addEventListener("notification", onItem);
    source.addEventListener("open", onOpen);
    return () => source.close();
  }, [client, enabled]);
}
