#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked GNOME Keyring (Secret Service),
# so keyring code is tested against the real thing, headless, without touching the user's keyring.
# Exports CACHEDESK_PRIVATE_KEYRING (= the private bus address): keyring tests refuse to run on any
# other bus (cachedesk_vault::testing), and tests/e2e/run.sh starts one unless it is set.
set -euo pipefail
kr=$(mktemp -d)
trap 'rm -rf "$kr"' EXIT
export XDG_DATA_HOME=$kr/d XDG_CACHE_HOME=$kr/c XDG_RUNTIME_DIR=$kr/r
mkdir -p -m700 "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
exec dbus-run-session -- bash -c '
  printf ci | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  for _ in $(seq 100); do
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
      grep -q "boolean true" && break
    sleep 0.1
  done
  export CACHEDESK_PRIVATE_KEYRING="$DBUS_SESSION_BUS_ADDRESS"
  exec "$@"' bash "$@"
