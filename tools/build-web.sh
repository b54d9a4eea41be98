#!/usr/bin/env bash
# Builds the browser application into web/dist: the npm packages exactly as
# web/package-lock.json names them (npm ci, again only when the lock changed),
# then a type check and Vite's build. Needs Node.js 20.19 or newer (Vite's
# own floor).
set -euo pipefail
cd "$(dirname "$0")/../web"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "Node.js and npm are needed to build the web application (tools/install-deps.sh installs them)." >&2
  exit 1
fi
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  echo "Node.js $(node --version) is too old for the web application's build: it needs 20.19 or newer." >&2
  exit 1
fi

stamp=node_modules/.classroom-lock.sha256
lock=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f $stamp || "$(cat "$stamp")" != "$lock" ]]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock" > "$stamp"
fi

# The build is skipped when nothing it reads changed since the last one.
newest=$(find src public index.html package-lock.json vite.config.ts tsconfig.json -newer dist/index.html 2>/dev/null | head -1 || true)
if [[ -f dist/index.html && -z $newest ]]; then
  exit 0
fi
npm run --silent build
