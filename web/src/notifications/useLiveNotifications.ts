import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { meQuery } from "../api/auth";
import { unreadCountQuery, type Notification } from "../api/notifications";

/** The window event each new item is announced with, for the parts of the page that tell the person. */
export const ARRIVAL_EVENT = "classroom:notification";

const RETRY_MIN_MS = 5_000;
const RETRY_MAX_MS = 60_000;

/**
 * One Server-Sent Events stream for the signed-in page: each new item
 * refreshes the inbox, and each unread-count event sets the bell's count.
 * The browser reconnects by itself, with Last-Event-ID, so nothing is missed
 * across a dropped connection or the stream's periodic end. A stream the
 * gateway refused (the session ended, the account was deactivated, notify
 * down) is not retried by the browser: the page asks who is signed in (a
 * 401 shows the sign-in page) and opens a new stream later.
 */
export function useLiveNotifications(enabled: boolean): void {
  const client = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === "undefined") {
      return;
    }
    let source: EventSource | null = null;
    let retryTimer: number | undefined;
    let delay = RETRY_MIN_MS;
    const onCount = (event: MessageEvent<string>) => {
      const { count } = JSON.parse(event.data) as { count: number };
      client.setQueryData(unreadCountQuery.queryKey, { count });
    };
    const onItem = (event: MessageEvent<string>) => {
      const item = JSON.parse(event.data) as Notification;
      void client.invalidateQueries({ queryKey: ["notifications", "inbox"] });
      window.dispatchEvent(new CustomEvent<Notification>(ARRIVAL_EVENT, { detail: item }));
    };
    // After a reconnect the count may have moved while the stream was down,
    // and a stream opened anew (no Last-Event-ID) does not resend what came
    // meanwhile: the inbox is read again.
    const onOpen = () => {
      delay = RETRY_MIN_MS;
      void client.invalidateQueries({ queryKey: unreadCountQuery.queryKey });
      void client.invalidateQueries({ queryKey: ["notifications", "inbox"] });
    };
    const onError = () => {
      if (source?.readyState !== EventSource.CLOSED) {
        return; // the browser reconnects by itself
      }
      void client.invalidateQueries({ queryKey: meQuery.queryKey });
      retryTimer = window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, RETRY_MAX_MS);
    };
    function connect() {
      source = new EventSource("/notifications/stream", { withCredentials: true });
      source.addEventListener("unread-count", onCount);
      source.addEventListener("notification", onItem);
      source.addEventListener("open", onOpen);
      source.addEventListener("error", onError);
    }
    connect();
    return () => {
      window.clearTimeout(retryTimer);
      source?.close();
    };
  }, [client, enabled]);
}
