#!/usr/bin/env bash
# `npm test`: the whole suite on real parts — unit tests, integration tests against the real
# sandbox engine and PostgreSQL, and the browser test in Debian Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NEXT_TELEMETRY_DISABLED=1

node_modules/.bin/tsx scripts/sandbox/start.ts

mkdir -p data/test-results
status=0
echo '[test] type-checking the whole project (tsc --noEmit)' >&2
node_modules/.bin/tsc --noEmit -p . || status=1
node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile=data/test-results/vitest.json || status=1

# The e2e test runs the real platform (web + worker) on its own port and database.
node_modules/.bin/playwright test || status=1
node_modules/.bin/tsx scripts/test-summary.ts || true
exit $status
