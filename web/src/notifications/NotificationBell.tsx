import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { NavLink } from "react-router";
import { unreadCountQuery, type Notification } from "../api/notifications";
import { arrivalAnnouncement } from "./inbox";
import { ARRIVAL_EVENT, useLiveNotifications } from "./useLiveNotifications";

/** How long arrivals are gathered into one announcement, so a burst is read out once. */
const GATHER_MS = 1_500;

/**
 * The header's link to the inbox; its accessible name carries the unread
 * count. New items are announced politely ("New: …") without moving the focus.
 */
export function NotificationBell() {
  useLiveNotifications(true);
  const unread = useQuery(unreadCountQuery);
  const count = unread.data?.count ?? 0;
  const name = count === 0 ? "Notifications, none unread" : `Notifications, ${count} unread`;
  return (
    <>
      <NavLink to="/inbox" className="bell" aria-label={name} title={name}>
        <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" focusable="false">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        {count > 0 ? (
          <span className="bell-count" aria-hidden="true">
            {count > 99 ? "99+" : count}
          </span>
        ) : null}
      </NavLink>
      <ArrivalAnnouncer />
    </>
  );
}

/** A polite live region, present from the start (a region added with its text is often not read). */
function ArrivalAnnouncer() {
  const [text, setText] = useState("");
  const gathered = useRef<string[]>([]);
  useEffect(() => {
    let timer: number | undefined;
    const onArrival = (event: Event) => {
      const item = (event as CustomEvent<Notification>).detail;
      gathered.current.push(item.title);
      setText(arrivalAnnouncement(gathered.current));
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        gathered.current = [];
      }, GATHER_MS);
    };
    window.addEventListener(ARRIVAL_EVENT, onArrival);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener(ARRIVAL_EVENT, onArrival);
    };
  }, []);
  return (
    <span className="visually-hidden" role="status" aria-live="polite">
      {text}
    </span>
  );
}
