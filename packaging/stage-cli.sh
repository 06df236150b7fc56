#!/usr/bin/env bash
# Builds the `cachedesk` command and puts it where the installers pick it up: Tauri's
# `externalBin` in src-tauri/tauri.bundle.conf.json, which wants
# target/bundle-cli/cachedesk-<target triple>[.exe]. The bundler then installs it beside the app:
# /usr/bin/cachedesk (.deb, .rpm, AppImage), the install folder on Windows, Contents/MacOS on macOS.
#
#   packaging/stage-cli.sh [release|debug] [TARGET_TRIPLE]     (default: release, this machine)
#   npm --prefix ui run tauri -- build --config src-tauri/tauri.bundle.conf.json [--target T]
set -euo pipefail
cd "$(dirname "$0")/.."

profile=${1:-release}
triple=${2:-}
# With the app in the selection, cargo resolves the features the app build uses, so the command
# shares that build's compile of the engine and everything under it (and takes no longer).
args=(build --locked -p cachedesk-cli -p cachedesk-app --bin cachedesk)
case $profile in
  release) args+=(--release); dir=release ;;
  debug) dir=debug ;;
  *) echo "stage-cli: profile is release or debug, not '$profile'" >&2; exit 2 ;;
esac
out=target
if [ -n "$triple" ]; then
  args+=(--target "$triple")
  out=target/$triple
else
  triple=$(rustc -vV | sed -n 's/^host: //p')
fi
ext=""
case $triple in *windows*) ext=.exe ;; esac

cargo "${args[@]}"
mkdir -p target/bundle-cli
cp "$out/$dir/cachedesk$ext" "target/bundle-cli/cachedesk-$triple$ext"
echo "stage-cli: target/bundle-cli/cachedesk-$triple$ext"
