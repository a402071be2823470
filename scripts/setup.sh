#!/usr/bin/env bash
# Idempotent set-up shared by `npm start` and `npm test` on a fresh Debian 12 machine (root):
# system packages when missing, npm dependencies from the lockfile, the Prisma client.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup/system-packages.sh

# npm ci only when the lockfile changed since the last install (keeps a second run fast).
stamp=node_modules/.layerlab-lock-hash
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "[setup] installing npm dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
fi
# The generated client is not committed; regenerate when the schema is newer.
if [ ! -f lib/generated/prisma/client.ts ] || [ prisma/schema.prisma -nt lib/generated/prisma/client.ts ]; then
  PRISMA_SCHEMA_ENGINE_BINARY=/bin/false npx prisma generate >&2
fi
