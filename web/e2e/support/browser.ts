// Debian's Chromium, driven by playwright-core (no browser download), and the
// accessibility check every page test makes.
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";

const CHROMIUM = process.env.CLASSROOM_CHROMIUM ?? "/usr/bin/chromium";

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // No sandbox as root; no background connections (the machine's network
    // is closed, and they would only add noise).
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

export interface Person {
  context: BrowserContext;
  page: Page;
}

/** A person with their own browser profile (cookies), on the stack's origin. */
export async function person(
  browser: Browser,
  baseURL: string,
  colorScheme: "light" | "dark" = "light",
): Promise<Person> {
  const context = await browser.newContext({ baseURL, colorScheme, viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  // An error a page's script throws and nothing catches is a failure of the
  // page, not noise: kept, and the test fails at its end (useStack).
  context.on("weberror", (error) => {
    pageErrors.push(`${error.page()?.url() ?? "a page"}: ${error.error().stack ?? error.error().message}`);
  });
  return { context, page };
}

/** Uncaught errors of the pages of this test file's people, since the last test ended. */
export const pageErrors: string[] = [];

/**
 * axe-core over the page as it is now (WCAG 2.1 A and AA rules); any
 * violation fails the test, with the rule, the nodes and how to fix it.
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const violations = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`,
  );
  expect(violations, `accessibility of ${what}`).toEqual([]);
}
