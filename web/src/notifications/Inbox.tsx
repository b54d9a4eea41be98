import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { inboxQuery, notifications, unreadCountQuery, type Notification } from "../api/notifications";
import { ErrorNotice } from "../ui/ErrorNotice";
import { formatDateTime } from "../ui/format";
import { Empty, Loading, PageHeading } from "../ui/Page";
import { inboxItems, itemPath } from "./inbox";
import { kindLabel } from "./kinds";
import { readAll, readOne, refreshInbox, rollBack } from "./readOptimistically";

/** Marking read shows at once; a refusal puts the item and the count back and says why. */
function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (item: Notification) => notifications.markRead(item.id),
    onMutate: (item) => readOne(client, item.id, new Date().toISOString()),
    onError: (_error, _item, snapshot) => rollBack(client, snapshot),
    onSettled: () => refreshInbox(client),
  });
}

function useMarkAllRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: notifications.markAllRead,
    onMutate: () => readAll(client, new Date().toISOString()),
    onError: (_error, _variables, snapshot) => rollBack(client, snapshot),
    onSettled: () => refreshInbox(client),
  });
}

export default function Inbox() {
  const [params, setParams] = useSearchParams();
  // Held here as well as in the address: a navigation's re-render waits for a
  // transition, and the checkbox should answer the click at once.
  const [unreadOnly, setUnreadOnly] = useState(() => params.get("unread") === "1");
  const inbox = useInfiniteQuery(inboxQuery(unreadOnly));
  const unread = useQuery(unreadCountQuery);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const items = inboxItems(inbox.data);
  const unreadCount = unread.data?.count ?? items.filter((item) => item.readAt === null).length;

  return (
    <section className="inbox">
      <PageHeading title="Notifications">Notifications</PageHeading>
      <div className="inbox-toolbar">
        <label className="check">
          <input
            type="checkbox"
            checked={unreadOnly}
            onChange={(e) => {
              setUnreadOnly(e.target.checked);
              setParams(e.target.checked ? { unread: "1" } : {}, { replace: true });
            }}
          />
          Unread only
        </label>
        <button
          type="button"
          onClick={() => markAll.mutate()}
          disabled={markAll.isPending || unreadCount === 0}
          aria-describedby="unread-summary"
        >
          Mark all as read
        </button>
        <Link to="/settings/notifications">Notification settings</Link>
      </div>
      <p id="unread-summary" className="muted" role="status" tabIndex={-1}>
        {unreadCount === 0 ? "Everything is read." : `${unreadCount} unread.`}
      </p>
      {markAll.isError ? (
        <ErrorNotice key={markAll.submittedAt} error={markAll.error} onRetry={() => markAll.mutate()} />
      ) : null}
      {markRead.isError ? <ErrorNotice key={markRead.submittedAt} error={markRead.error} /> : null}
      {inbox.isPending ? (
        <Loading what="your notifications" />
      ) : inbox.isError && !inbox.isFetchNextPageError ? (
        <ErrorNotice error={inbox.error} onRetry={() => void inbox.refetch()} />
      ) : items.length === 0 ? (
        <Empty>
          {unreadOnly
            ? "No unread notifications."
            : "No notifications yet. News from your courses — announcements, work, exams, grades — shows up here."}
        </Empty>
      ) : (
        <>
          <ul className="inbox-list" aria-label={unreadOnly ? "Unread notifications" : "All notifications"}>
            {items.map((item) => (
              <InboxItem key={item.id} item={item} onRead={() => markRead.mutate(item)} leavesList={unreadOnly} />
            ))}
          </ul>
          {inbox.isFetchNextPageError ? (
            <ErrorNotice error={inbox.error} onRetry={() => void inbox.fetchNextPage()} />
          ) : null}
          {inbox.hasNextPage ? (
            <button type="button" onClick={() => void inbox.fetchNextPage()} disabled={inbox.isFetchingNextPage}>
              {inbox.isFetchingNextPage ? "Loading older notifications…" : "Show older notifications"}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}

function InboxItem({ item, onRead, leavesList }: { item: Notification; onRead: () => void; leavesList: boolean }) {
  const title = useRef<HTMLHeadingElement>(null);
  const path = itemPath(item.link);
  const unread = item.readAt === null;

  return (
    <li className={unread ? "inbox-item inbox-item-unread" : "inbox-item"}>
      <div className="inbox-item-head">
        {unread ? <span className="badge badge-unread">Unread</span> : null}
        <span className="muted">{kindLabel(item.type)}</span>
        <time className="muted" dateTime={item.createdAt}>
          {formatDateTime(item.createdAt)}
        </time>
      </div>
      <h2 className="inbox-item-title" ref={title} tabIndex={-1}>
        {path ? (
          // Opening an item (here or in a new tab) reads it.
          <Link to={path} onClick={unread ? onRead : undefined}>
            {item.title}
          </Link>
        ) : (
          item.title
        )}
      </h2>
      {item.body ? <p className="inbox-item-body">{item.body}</p> : null}
      {unread ? (
        <button
          type="button"
          className="link-button"
          onClick={() => {
            onRead();
            // The button goes away with the item's unread state: the focus
            // stays on the item, or, where read items leave the list, on the count.
            (leavesList ? document.getElementById("unread-summary") : title.current)?.focus();
          }}
          aria-label={`Mark as read: ${item.title}, ${formatDateTime(item.createdAt)}`}
        >
          Mark as read
        </button>
      ) : null}
    </li>
  );
}
