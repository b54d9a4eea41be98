import { defineConfig } from "vitest/config";

// `make screenshots`: the README's images, made by driving Chromium over a
// seeded stack (e2e/screenshots/). Not part of `make test`.
export default defineConfig({
  test: {
    include: ["e2e/screenshots/*.shots.ts"],
    environment: "node",
    testTimeout: 300_000,
    hookTimeout: 180_000,
  },
});
