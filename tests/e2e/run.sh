#!/usr/bin/env bash
# Desktop end-to-end: the real CacheDesk binary under Xvfb, driven through tauri-driver and
# WebKitWebDriver. Builds the UI and the app when needed, installs tauri-driver if missing.
# Always against a private Secret Service on a private D-Bus session (scripts/with-keyring.sh),
# never the keyring of the desktop it is run from.
# Screenshots and exported CSV files land in tests/e2e/out/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] ||
  [ "${CACHEDESK_PRIVATE_KEYRING:-}" != "$DBUS_SESSION_BUS_ADDRESS" ]; then
  exec bash "$root/scripts/with-keyring.sh" bash "$0" "$@"
fi

export CARGO_TERM_COLOR=never CARGO_PROFILE_DEV_DEBUG=0
start=$(date +%s)

cd "$root/ui"
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run build
cd "$root"
cargo build -p cachedesk-app --bin cachedesk-app -p cachedesk-cli --bin cachedesk
export CACHEDESK_APP="$root/target/debug/cachedesk-app" CACHEDESK_CLI="$root/target/debug/cachedesk"

if ! command -v tauri-driver >/dev/null; then
  cargo install tauri-driver --locked --version 2.1.0
fi
export PATH="$HOME/.cargo/bin:$PATH"

cd "$here"
[ -d node_modules ] || npm ci --no-audit --no-fund
rm -rf out && mkdir -p out
built=$(date +%s)
status=0
# A WebDriver session that never answers (tauri-driver after a killed app) fails its scenario
# after 3 minutes instead of holding the run forever.
xvfb-run -a -s "-screen 0 1280x800x24" node --test --test-concurrency=1 --test-timeout=180000 --test-reporter=tap scenarios/ || status=$?
echo "e2e: build $((built - start)) s, scenarios $(($(date +%s) - built)) s; screenshots in tests/e2e/out/"
exit $status
