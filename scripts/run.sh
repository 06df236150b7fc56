#!/usr/bin/env bash
# Runs CacheDesk from a fresh Debian/Ubuntu machine: installs what it needs, builds, starts.
# With no profile yet, CacheDesk opens in demo mode against its built-in simulator.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export CARGO_TERM_COLOR=never
if [ -f src-tauri/Cargo.toml ]; then
  if [ ! -d ui/node_modules ]; then (cd ui && npm ci --no-audit --no-fund); fi
  (cd ui && npm run build)
  cargo build --release -p cachedesk-app
  if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    exec xvfb-run -a -s "-screen 0 1280x800x24" target/release/cachedesk-app "$@"
  fi
  exec target/release/cachedesk-app "$@"
fi
# Until the window lands: the vendor simulator, which prints its endpoints and demo credentials.
exec cargo run --release -q -p cachedesk-sim -- "$@"
