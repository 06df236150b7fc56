#!/usr/bin/env bash
# Every check of the web UI, as CI runs it: clean install, types, lint, unit tests, the real
# build, then the built UI in headless Chromium (screenshots land in docs/screenshots/).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== ui: %s ===\n' "$*"; }

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "ui: Chromium is missing: run scripts/setup.sh (Debian package 'chromium', plus 'fonts-noto-cjk')" >&2
  exit 1
fi

step "npm ci"
npm ci --no-audit --no-fund

step "svelte-check + tsc"
npm run check

step "eslint"
npm run lint

step "unit tests (vitest, happy-dom, mocked IPC)"
npm test

step "build (ui/dist)"
npm run build
if grep -rqE "__CACHEDESK_FAKE__|installFakeBackend" dist; then
  echo "ui: the test fixture leaked into the production build" >&2
  exit 1
fi

step "browser tests (headless Chromium, built UI, strict CSP)"
npm run build:browser-test
npm run test:browser
