import type { QueryClient } from "@tanstack/react-query";
import { unreadCountQuery } from "../api/notifications";
import { isUnread, withAllRead, withItemRead, type InboxPages } from "./inbox";

const INBOX_KEY = ["notifications", "inbox"] as const;

/** What an optimistic change replaced, to put back if the service refuses it. */
export interface Snapshot {
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
export function refreshInbox(client: QueryClient) {
  return Promise.all([
    client.invalidateQueries({ queryKey: INBOX_KEY }),
    client.invalidateQueries({ queryKey: unreadCountQuery.queryKey }),
  ]);
}

export function rollBack(client: QueryClient, snapshot: Snapshot | undefined) {
  for (const [key, data] of snapshot?.inboxes ?? []) {
    client.setQueryData(key, data);
  }
  if (snapshot?.count) {
    client.setQueryData(unreadCountQuery.queryKey, snapshot.count);
  }
}

/** Shows `id` read in every loaded inbox (all, unread only) and the count one lower if it was unread. */
export function readOne(client: QueryClient, id: string, now: string): Promise<Snapshot> {
  return applyOptimistically(
    client,
    (data) => withItemRead(data, id, now),
    (before, inboxes) => (inboxes.some(([, data]) => isUnread(data, id)) ? Math.max(0, before - 1) : before),
  );
}

/** Shows every loaded item read and the count at zero. */
export function readAll(client: QueryClient, now: string): Promise<Snapshot> {
  return applyOptimistically(
    client,
    (data) => withAllRead(data, now),
    () => 0,
  );
}
