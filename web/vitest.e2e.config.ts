import { defineConfig } from "vitest/config";

// The browser tests (e2e/*.test.ts): each file starts its own stack, so files
// run one after another; a test waits for what it expects, never a fixed time.
export default defineConfig({
  test: {
    include: ["e2e/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
