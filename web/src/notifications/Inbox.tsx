import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { inboxQuery, notifications, unreadCountQuery, type Notification } from "../api/notifications";
import { ErrorNotice } from "../ui/ErrorNotice";
import { formatDateTime } from "../ui/format";
import { Empty, Loading, PageHeading } from "../ui/Page";
import { inboxItems, isUnread, itemPath, withAllRead, withItemRead, type InboxPages } from "./inbox";
import { kindLabel } from "./kinds";

const INBOX_KEY = ["notifications", "inbox"] as const;

/** What an optimistic change replaced, to put back if the service refuses it. */
interface Snapshot {
  inboxes: [readonly unknown[], InboxPages | undefined][];
  count: { count: number } | undefined;
}

async function applyOptimistically(
  client: QueryClient,
  change: (data: InboxPages) => InboxPages,
  count: (before: number, inboxes: Snapshot["inboxes"]) => number,
): Promise<Snapshot> {
  await Promise.all([
    client.cancelQueries({ queryKey: INBOX_KEY }),
    client.cancelQueries({ queryKey: unreadCountQuery.queryKey }),
  ]);
  const inboxes = client.getQueriesData<InboxPages>({ queryKey: INBOX_KEY });
  const before = client.getQueryData(unreadCountQuery.queryKey);
  client.setQueriesData<InboxPages>({ queryKey: INBOX_KEY }, (data) => (data ? change(data) : data));
  if (before) {
    client.setQueryData(unreadCountQuery.queryKey, { count: count(before.count, inboxes) });
  }
  return { inboxes, count: before };
}

/** The inbox and the count as notify has them now (the settings are not touched). */
function refreshInbox(client: QueryClient) {
  return Promise.all([
    client.invalidateQueries({ queryKey: INBOX_KEY }),
    client.invalidateQueries({ queryKey: unreadCountQuery.queryKey }),
  ]);
}

function rollBack(client: QueryClient, snapshot: Snapshot | undefined) {
  for (const [key, data] of snapshot?.inboxes ?? []) {
    client.setQueryData(key, data);
  }
  if (snapshot?.count) {
    client.setQueryData(unreadCountQuery.queryKey, snapshot.count);
  }
}

/** Marking read shows at once; a refusal puts the item and the count back and says why. */
function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (item: Notification) => notifications.markRead(item.id),
    onMutate: (item) =>
      applyOptimistically(
        client,
        (data) => withItemRead(data, item.id, new Date().toISOString()),
        (before, inboxes) => (inboxes.some(([, data]) => isUnread(data, item.id)) ? Math.max(0, before - 1) : before),
      ),
    onError: (_error, _item, snapshot) => rollBack(client, snapshot),
    onSettled: () => refreshInbox(client),
  });
}

function useMarkAllRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: notifications.markAllRead,
    onMutate: () =>
      applyOptimistically(
        client,
        (data) => withAllRead(data, new Date().toISOString()),
        () => 0,
      ),
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
