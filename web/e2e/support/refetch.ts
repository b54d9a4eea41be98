import type { Page } from "playwright-core";
import { expect } from "vitest";

/**
 * Makes the page refetch the resource at `path` as coming back to its tab does: TanStack Query refetches
 * stale queries on `visibilitychange`, so the event is sent until the data is stale (staleTime) and the
 * GET answers. A form that read its ETag from the live query would then hold a newer ETag than its values.
 */
export async function refetchOnReturn(page: Page, path: string): Promise<void> {
  let refetched = false;
  const answer = page
    .waitForResponse((r) => r.request().method() === "GET" && new URL(r.url()).pathname === path, { timeout: 60_000 })
    .then(() => (refetched = true));
  await expect
    .poll(
      async () => {
        await page.evaluate(() => window.dispatchEvent(new Event("visibilitychange")));
        return refetched;
      },
      { timeout: 60_000, interval: 1_000 },
    )
    .toBe(true);
  await answer;
}
