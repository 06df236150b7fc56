#!/usr/bin/env bash
# Runs Baidu's official Python SDK (bce-python-sdk 0.9.79) against the simulator.
# Creates <repo>/.venv/sdk on first use, builds and starts `cachedesk-sim` on free ports,
# hands its endpoints and credentials to pytest in the environment, stops it afterwards.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
venv="$(bash "$here/venv.sh")"

cargo build --quiet -p cachedesk-sim --bin cachedesk-sim --manifest-path "$repo/Cargo.toml"
target_dir="$(cargo metadata --format-version 1 --no-deps --manifest-path "$repo/Cargo.toml" \
  | "$venv/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
sim="$target_dir/debug/cachedesk-sim"

work="$(mktemp -d)"
out="$work/sim.out"
"$sim" --speed 2s >"$out" 2>"$work/sim.err" &
sim_pid=$!
cleanup() { kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# The banner ends with the `site` lines; wait for them (at most ~10 s).
for _ in $(seq 100); do
  grep -q '^site ' "$out" && break
  kill -0 "$sim_pid" 2>/dev/null || { cat "$work/sim.err" >&2; exit 1; }
  sleep 0.1
done
grep -q '^site ' "$out" || { echo "the simulator printed no banner" >&2; exit 1; }

value() { awk -v k="$1" '$1 == k { print $2; exit }' "$out"; }
export SIM_BAIDU_CDN="$(value baidu-cdn)"
export SIM_BAIDU_GEO="$(value baidu-geo)"
export SIM_ACCESS_KEY="$(value access-key)"
export SIM_SECRET_KEY="$(value secret-key)"
export SIM_DOMAIN="$(value domain)"
export SIM_SITE="$(value site)"

cd "$here"
"$venv/bin/pytest" -q -p no:cacheprovider test_bce_sdk.py "$@"
