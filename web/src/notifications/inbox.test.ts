import { describe, expect, it } from "vitest";
import type { Notification } from "../api/notifications";
import {
  arrivalAnnouncement,
  inboxItems,
  isUnread,
  itemPath,
  withAllRead,
  withItemRead,
  type InboxPages,
} from "./inbox";

function item(id: string, readAt: string | null = null): Notification {
  return {
    id,
    type: "announcement.posted",
    title: `Item ${id}`,
    body: null,
    courseId: null,
    link: "/",
    actorId: null,
    createdAt: "2026-12-01T10:00:00Z",
    readAt,
  };
}

function pages(...lists: Notification[][]): InboxPages {
  return {
    pages: lists.map((items, i) => ({ items, nextCursor: i < lists.length - 1 ? String(i) : null })),
    pageParams: lists.map((_, i) => (i === 0 ? undefined : String(i - 1))),
  };
}

const NOW = "2026-12-05T00:00:00Z";

describe("the inbox's optimistic changes", () => {
  it("reads one item on whichever page it is, and nothing else", () => {
    const data = pages([item("a"), item("b")], [item("c")]);
    const read = withItemRead(data, "c", NOW);
    expect(inboxItems(read).map((i) => i.readAt)).toEqual([null, null, NOW]);
    expect(data.pages[1]?.items[0]?.readAt).toBeNull();
  });

  it("keeps the time an item was read first", () => {
    const data = pages([item("a", "2026-12-01T11:00:00Z")]);
    expect(inboxItems(withItemRead(data, "a", NOW))[0]?.readAt).toBe("2026-12-01T11:00:00Z");
  });

  it("reads them all", () => {
    const data = pages([item("a"), item("b", "2026-12-01T11:00:00Z")], [item("c")]);
    expect(inboxItems(withAllRead(data, NOW)).map((i) => i.readAt)).toEqual([NOW, "2026-12-01T11:00:00Z", NOW]);
  });

  it("knows whether reading an item lowers the count", () => {
    const data = pages([item("a"), item("b", NOW)]);
    expect(isUnread(data, "a")).toBe(true);
    expect(isUnread(data, "b")).toBe(false);
    expect(isUnread(data, "zz")).toBe(false);
    expect(isUnread(undefined, "a")).toBe(false);
  });

  it("lists an item once when a page boundary moved", () => {
    const data = pages([item("a"), item("b")], [item("b"), item("c")]);
    expect(inboxItems(data).map((i) => i.id)).toEqual(["a", "b", "c"]);
  });
});

describe("an item's link", () => {
  it("follows this application's paths only", () => {
    expect(itemPath("/courses/1/announcements/2")).toBe("/courses/1/announcements/2");
    expect(itemPath("//evil.example/x")).toBeNull();
    expect(itemPath("/\\evil.example")).toBeNull();
    expect(itemPath("https://evil.example/")).toBeNull();
    expect(itemPath("javascript:alert(1)")).toBeNull();
    expect(itemPath(null)).toBeNull();
    expect(itemPath("")).toBeNull();
  });
});

describe("the announcement of new items", () => {
  it("names one item, or counts several and names the latest", () => {
    expect(arrivalAnnouncement([])).toBe("");
    expect(arrivalAnnouncement(["New announcement in Physics"])).toBe("New: New announcement in Physics");
    expect(arrivalAnnouncement(["A", "B"])).toBe("2 new notifications. Latest: B");
  });
});
