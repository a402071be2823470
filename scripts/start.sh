#!/usr/bin/env bash
# `npm start`: set up what is missing, then run the whole platform in the foreground.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NEXT_TELEMETRY_DISABLED=1
exec node_modules/.bin/tsx scripts/platform.ts
