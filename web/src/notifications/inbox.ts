import { sameSitePath } from "../lib/paths";
import type { InfiniteData } from "@tanstack/react-query";
import type { Notification } from "../api/notifications";
import type { Page } from "../api/types";

export type InboxPages = InfiniteData<Page<Notification>, unknown>;

function mapItems(data: InboxPages, change: (item: Notification) => Notification): InboxPages {
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.map(change) })) };
}

/** The inbox as it is once `id` is read (at `readAt`); an item read already keeps its time. */
export function withItemRead(data: InboxPages, id: string, readAt: string): InboxPages {
  return mapItems(data, (item) => (item.id === id && item.readAt === null ? { ...item, readAt } : item));
}

/** The inbox as it is once every item is read. */
export function withAllRead(data: InboxPages, readAt: string): InboxPages {
  return mapItems(data, (item) => (item.readAt === null ? { ...item, readAt } : item));
}

/** Whether the loaded pages hold `id` unread: only then does reading it lower the count. */
export function isUnread(data: InboxPages | undefined, id: string): boolean {
  return data?.pages.some((page) => page.items.some((item) => item.id === id && item.readAt === null)) ?? false;
}

/** Every loaded item, newest first, once each (a page boundary may move while the inbox grows). */
export function inboxItems(data: InboxPages | undefined): Notification[] {
  const seen = new Set<string>();
  const items: Notification[] = [];
  for (const page of data?.pages ?? []) {
    for (const item of page.items) {
      if (!seen.has(item.id)) {
        seen.add(item.id);
        items.push(item);
      }
    }
  }
  return items;
}

/**
 * The page path an item leads to, when it is one of this application's own
 * paths ("/courses/…"); anything else (another site, "//host") is not followed.
 */
export function itemPath(link: string | null, origin?: string): string | null {
  return sameSitePath(link, origin);
}

/** What a screen reader hears when items arrive while the page is open. */
export function arrivalAnnouncement(titles: readonly string[]): string {
  if (titles.length === 0) {
    return "";
  }
  if (titles.length === 1) {
    return `New: ${titles[0]}`;
  }
  return `${titles.length} new notifications. Latest: ${titles[titles.length - 1]}`;
}
