// The first screen's JavaScript, compressed as the gateway sends it (gzip,
// level 6), must stay within budget: 150 KB. The first screen is what a
// visitor's first load runs: the entry with everything it imports, plus the
// screen the address opens (sign in for someone new, the course list once
// signed in) with its own imports. Reads Vite's manifest of web/dist.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET = 150 * 1000;
const dist = join(import.meta.dirname, "..", "dist");
const manifest = JSON.parse(readFileSync(join(dist, ".vite", "manifest.json"), "utf8"));

function closure(key, seen = new Set()) {
  const chunk = manifest[key];
  if (!chunk) {
    throw new Error(`${key} is not in the build's manifest`);
  }
  if (!seen.has(chunk.file)) {
    seen.add(chunk.file);
    for (const imported of chunk.imports ?? []) {
      closure(imported, seen);
    }
  }
  return seen;
}

function gzipped(file) {
  return gzipSync(readFileSync(join(dist, file)), { level: 6 }).length;
}

const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
let failed = false;
for (const screen of ["src/pages/SignIn.tsx", "src/pages/Home.tsx"]) {
  const files = closure(screen, closure(entry));
  const bytes = [...files].filter((f) => f.endsWith(".js")).reduce((sum, f) => sum + gzipped(f), 0);
  const ok = bytes <= BUDGET;
  failed ||= !ok;
  console.log(
    `${ok ? "ok  " : "OVER"} ${screen}: ${(bytes / 1000).toFixed(1)} KB of JavaScript compressed (budget ${BUDGET / 1000} KB), ${files.size} files`,
  );
}
process.exit(failed ? 1 : 0);
