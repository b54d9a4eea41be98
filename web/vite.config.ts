import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// `npm run dev` serves the pages with hot reload and sends every service path
// to a stack's gateway (make run's by default), so the browser sees one origin
// as it does behind nginx. The proxied requests name the gateway as their
// Origin: auth accepts cookie-authenticated writes only from its own origins.
const gateway = process.env.CLASSROOM_GATEWAY ?? "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react()],
  build: {
    target: "es2022",
    sourcemap: true,
    // Which chunks each screen loads: scripts/bundle-check.mjs reads it.
    manifest: true,
    // The first screen's script budget (150 KB compressed) is checked by
    // scripts/bundle-check.mjs against the built files, not here.
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: Object.fromEntries(
      ["/auth", "/api", "/exams", "/notifications"].map((path) => [
        path,
        { target: gateway, ws: true, headers: { origin: gateway } },
      ]),
    ),
  },
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    environment: "node",
  },
});
