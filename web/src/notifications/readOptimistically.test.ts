import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { unreadCountQuery, type Notification } from "../api/notifications";
import { inboxItems, type InboxPages } from "./inbox";
import { readAll, readOne, rollBack } from "./readOptimistically";

function item(id: string, readAt: string | null = null): Notification {
  return {
    id,
    type: "announcement.posted",
    title: id,
    body: null,
    courseId: null,
    link: "/",
    actorId: null,
    createdAt: "2026-12-01T10:00:00Z",
    readAt,
  };
}

function inbox(...items: Notification[]): InboxPages {
  return { pages: [{ items, nextCursor: null }], pageParams: [undefined] };
}

const ALL = ["notifications", "inbox", { unreadOnly: false }];
const UNREAD = ["notifications", "inbox", { unreadOnly: true }];
const NOW = "2026-12-05T00:00:00Z";

function cached() {
  const client = new QueryClient();
  client.setQueryData(ALL, inbox(item("a"), item("b"), item("c", "2026-12-02T00:00:00Z")));
  client.setQueryData(UNREAD, inbox(item("a"), item("b")));
  client.setQueryData(unreadCountQuery.queryKey, { count: 2 });
  return client;
}

const readAts = (client: QueryClient, key: unknown[]) =>
  inboxItems(client.getQueryData<InboxPages>(key)).map((i) => i.readAt);

describe("reading optimistically", () => {
  it("reads one item in every inbox view and lowers the count, then puts both back", async () => {
    const client = cached();
    const snapshot = await readOne(client, "a", NOW);
    expect(readAts(client, ALL)).toEqual([NOW, null, "2026-12-02T00:00:00Z"]);
    expect(readAts(client, UNREAD)).toEqual([NOW, null]);
    expect(client.getQueryData(unreadCountQuery.queryKey)).toEqual({ count: 1 });

    rollBack(client, snapshot);
    expect(readAts(client, ALL)).toEqual([null, null, "2026-12-02T00:00:00Z"]);
    expect(readAts(client, UNREAD)).toEqual([null, null]);
    expect(client.getQueryData(unreadCountQuery.queryKey)).toEqual({ count: 2 });
  });

  it("leaves the count alone for an item read already", async () => {
    const client = cached();
    await readOne(client, "c", NOW);
    expect(client.getQueryData(unreadCountQuery.queryKey)).toEqual({ count: 2 });
  });

  it("reads everything and sets the count to zero", async () => {
    const client = cached();
    const snapshot = await readAll(client, NOW);
    expect(readAts(client, ALL)).toEqual([NOW, NOW, "2026-12-02T00:00:00Z"]);
    expect(client.getQueryData(unreadCountQuery.queryKey)).toEqual({ count: 0 });
    rollBack(client, snapshot);
    expect(client.getQueryData(unreadCountQuery.queryKey)).toEqual({ count: 2 });
  });
});
