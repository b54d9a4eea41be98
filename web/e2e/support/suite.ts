import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { launch, pageErrors } from "./browser";
import { startStack, type Stack } from "./stack";

export interface Suite {
  stack: Stack;
  browser: Browser;
}

/**
 * A test file's stack and browser, started before its first test and stopped
 * after its last; the stack's folder is kept when a test failed.
 */
export function useStack(name: string, env: Record<string, string> = {}): Suite {
  const suite = {} as Suite;
  let failed = false;
  beforeAll(async () => {
    suite.stack = startStack(name, env);
    suite.browser = await launch();
  });
  afterEach((context) => {
    if (context.task.result?.state === "fail") {
      failed = true;
    }
    const errors = pageErrors.splice(0);
    if (errors.length > 0) {
      failed = true;
      throw new Error(`the pages threw ${errors.length} uncaught error(s):\n${errors.join("\n")}`);
    }
  });
  afterAll(async () => {
    await suite.browser?.close();
    suite.stack?.stop(!failed);
  });
  return suite;
}
