import { http, withQuery } from "./http";
import type { Page } from "./types";

/** Every page of a list, followed through nextCursor (the services cap a page at 200; the screens show whole lists). */
export async function fetchAll<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await http.get<Page<T>>(withQuery(path, { ...query, limit: 200, cursor }));
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
