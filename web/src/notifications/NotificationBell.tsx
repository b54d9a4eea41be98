import { useQuery } from "@tanstack/react-query";
import { NavLink } from "react-router";
import { unreadCountQuery } from "../api/notifications";
import { useLiveNotifications } from "./useLiveNotifications";

/** The header's link to the inbox; its accessible name carries the unread count. */
export function NotificationBell() {
  useLiveNotifications(true);
  const unread = useQuery(unreadCountQuery);
  const count = unread.data?.count ?? 0;
  const name = count === 0 ? "Notifications, none unread" : `Notifications, ${count} unread`;
  return (
    <NavLink to="/notifications" className="bell" aria-label={name} title={name}>
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
  );
}
