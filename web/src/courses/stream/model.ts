import type { InfiniteData } from "@tanstack/react-query";
import type { Announcement } from "../../api/stream";
import type { Page } from "../../api/types";

type Pages = InfiniteData<Page<Announcement>, unknown>;

/** The stream's pages without one announcement (an optimistic delete). */
export function withoutAnnouncement(data: Pages | undefined, id: string): Pages | undefined {
  if (!data) {
    return data;
  }
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.filter((a) => a.id !== id) })) };
}

/** The stream's pages with one announcement replaced (an optimistic edit). */
export function withAnnouncement(data: Pages | undefined, changed: Announcement): Pages | undefined {
  if (!data) {
    return data;
  }
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      items: page.items.map((a) => (a.id === changed.id ? changed : a)),
    })),
  };
}

/** Every announcement loaded so far, newest first; an item a later page repeats is shown once. */
export function flatten(data: Pages | undefined): Announcement[] {
  const seen = new Set<string>();
  const all: Announcement[] = [];
  for (const page of data?.pages ?? []) {
    for (const item of page.items) {
      if (!seen.has(item.id)) {
        seen.add(item.id);
        all.push(item);
      }
    }
  }
  return all;
}

/** "edited" is worth saying only when the text changed after posting (not in the same second). */
export function wasEdited(item: Pick<Announcement, "createdAt" | "updatedAt">): boolean {
  return Date.parse(item.updatedAt) - Date.parse(item.createdAt) > 1000;
}
