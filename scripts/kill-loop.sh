#!/usr/bin/env bash
# The full kill loop of issue 11: real SIGKILLs of the `cachedesk` command at random moments of
# jobs against the simulator, each followed by `cachedesk resume`; then of the app's real window
# (under Xvfb, a private keyring), each followed by a restart that resumes by itself. No URL
# lost, none resent, `PRAGMA integrity_check` clean after every kill. The test suite runs the
# same tests with 5 kills of the command and 3 of the app.
#
#   scripts/kill-loop.sh [KILLS] [APP_KILLS]   (default 50 and 10)
#   CACHEDESK_KILL_SEED=N scripts/kill-loop.sh   replays the kill moments of a run (the seed is
#                                                printed at its start)
#
# Each kill in the middle of sending costs a resume its reconciliation wait (2 s, and up to 30 s
# when the vendor never got the batch): 50 kills take 5 to 15 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_PROFILE_DEV_DEBUG=0
CACHEDESK_KILLS="${1:-50}" cargo test -p cachedesk-cli --test integration kills:: -- --nocapture

(cd ui && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run build)
cargo build -p cachedesk-app --bin cachedesk-app -p cachedesk-cli --bin cachedesk
(cd tests/e2e && { [ -d node_modules ] || npm ci --no-audit --no-fund; })
export CACHEDESK_APP_KILLS="${2:-10}"
bash scripts/with-keyring.sh xvfb-run -a -s "-screen 0 1280x800x24" \
  node --test --test-reporter=spec tests/e2e/scenarios/4-app-kills.test.js
