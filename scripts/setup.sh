#!/usr/bin/env bash
# Installs what CacheDesk needs on a Debian/Ubuntu machine. Idempotent: quick when all is there.
set -euo pipefail

packages=(
  # Tauri v2 on Linux
  libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev
  libayatana-appindicator3-dev build-essential pkg-config libssl-dev file
  # the window under Xvfb, end-to-end through WebKitWebDriver
  xvfb xauth webkit2gtk-driver
  # a real Secret Service for the keyring
  dbus dbus-x11 gnome-keyring libsecret-tools libdbus-1-dev
  # browser tests, Chinese fonts, helpers
  chromium fonts-noto-cjk jq curl ca-certificates
  # Baidu's official Python SDK as a test oracle
  python3 python3-venv python3-pip
  # the installers: package checks, the installed app's screenshot, actionlint's shell checks
  desktop-file-utils rpm imagemagick xdotool x11-utils shellcheck
)

sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${#missing[@]} system packages: ${missing[*]}"
  for attempt in 1 2 3 4 5; do
    # Another apt may hold the lock or delete .debs under us: wait and try again.
    if sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
      sudo_if_needed env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "${missing[@]}"; then
      break
    fi
    [ "$attempt" -eq 5 ] && { echo "setup: apt-get failed 5 times" >&2; exit 1; }
    sleep $((attempt * 10))
  done
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: installing the Rust toolchain (rustup)"
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi
rustup component add rustfmt clippy >/dev/null 2>&1 || true

if ! command -v node >/dev/null 2>&1; then
  echo "setup: installing Node.js"
  sudo_if_needed apt-get install -y -q --no-install-recommends nodejs npm
fi
