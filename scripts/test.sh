#!/usr/bin/env bash
# Every CacheDesk test, from a fresh Debian/Ubuntu machine: installs what it needs, then runs
# format and lint checks, Rust tests (with a real Secret Service), Baidu's official SDK against
# the simulator, the UI's checks and tests in headless Chromium, and the desktop end-to-end tests.
#
# With arguments, only those parts, in this order: fmt ui clippy rust sdk bench e2e install
# (e.g. `scripts/test.sh rust e2e`). Each part prints how long it took.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

parts=(fmt ui clippy rust sdk bench e2e install)
for asked in "$@"; do
  if [[ " ${parts[*]} " != *" $asked "* ]]; then
    echo "unknown part '$asked': choose from ${parts[*]}" >&2
    exit 2
  fi
done
chosen=" $* "
# Whether part $1 runs: every part when none was named.
runs() { [ "$chosen" = "  " ] || [[ "$chosen" == *" $1 "* ]]; }

bash scripts/setup.sh
# A test run builds once: incremental state would only fill the disk (CI once ran out of it).
export CARGO_TERM_COLOR=never CARGO_PROFILE_DEV_DEBUG=0 CARGO_INCREMENTAL=0

current="" since=$SECONDS
step() {
  if [ -n "$current" ]; then printf '(%s: %d s)\n' "$current" $((SECONDS - since)); fi
  current="$1" since=$SECONDS
  printf '\n=== %s ===\n' "$1"
}

if runs fmt; then
  step "rustfmt"
  cargo fmt --all -- --check
fi

# The UI goes first: the desktop crate embeds its build (ui/dist) at compile time.
if runs ui; then
  step "UI: type check, lint, unit tests, build, headless Chromium"
  bash ui/scripts/test-all.sh
elif [ ! -f ui/dist/index.html ] && { runs clippy || runs rust || runs e2e; }; then
  step "UI build (the desktop crate embeds it)"
  (cd ui && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run build)
fi

if runs clippy; then
  step "clippy"
  cargo clippy --workspace --all-targets --locked -- -D warnings
fi

if runs rust; then
  step "Rust tests (real SQLite, loopback simulator, Secret Service)"
  bash scripts/with-keyring.sh cargo test --workspace --locked
fi

if runs sdk; then
  step "Baidu's official Python SDK against the simulator"
  bash crates/sim/tests/python/run.sh
fi

if runs bench; then
  step "Benchmarks, a smoke at tiny sizes: they still run (the figures mean nothing; scripts/bench.sh measures)"
  CACHEDESK_SDK_PYTHON="$(bash crates/sim/tests/python/venv.sh)/bin/python" \
    CACHEDESK_BENCH_URLS=300 CACHEDESK_BENCH_LINES=2000 \
    cargo test --locked -p cachedesk-intake -p cachedesk-engine -p cachedesk-cli --bench intake \
    --bench submit_20k --bench baishan_rate --bench polling --bench large_job --bench whole_process
  (cd ui && npm run -s build:browser-test >/dev/null && node tests/browser/job-view.bench.mjs 300)
fi

if runs e2e; then
  step "Desktop end-to-end (real window under Xvfb, tauri-driver)"
  # One more try when a scenario fails: WebDriver sessions of the real window have hung here
  # (a stale tauri-driver, now refused at start); a real failure fails twice.
  bash scripts/with-keyring.sh bash tests/e2e/run.sh ||
    { echo "e2e: one more try"; bash scripts/with-keyring.sh bash tests/e2e/run.sh; }
fi

if runs install; then
  step "Installers: bundle the .deb and .rpm, install, first run, CLI, remove (scripts/install-test.sh)"
  bash scripts/install-test.sh
fi

cd "$root"
step "all tests passed"
