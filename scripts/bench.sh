#!/usr/bin/env bash
# CacheDesk's performance figures, each printed beside its target with PASS or MISS, after the
# machine they come from. Not a test: it measures. Record the figures in docs/benchmarks.md.
#   scripts/bench.sh                       every bench (the first run builds a 2,000,000-URL journal)
#   CACHEDESK_BENCH_SMOKE=1 scripts/bench.sh   tiny sizes: checks the benches run, figures mean nothing
# One bench alone: cargo bench -p cachedesk-cli --bench whole_process (see each file's header).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export CARGO_TERM_COLOR=never

cpu="$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
echo "machine: $(nproc) cores, ${cpu:-unknown CPU}, Linux $(uname -r); $(date -u '+%F %H:%M UTC')"
echo "load: $(uptime | sed 's/.*load average/load average/')"

# Baidu's official Python SDK, for the whole-process comparison.
CACHEDESK_SDK_PYTHON="$(bash crates/sim/tests/python/venv.sh)/bin/python"
export CACHEDESK_SDK_PYTHON

benches=(-p cachedesk-intake -p cachedesk-engine -p cachedesk-cli)
if [[ "${CACHEDESK_BENCH_SMOKE:-}" == 1 ]]; then
  export CACHEDESK_BENCH_URLS=300 CACHEDESK_BENCH_LINES=2000
  # The history bench builds 2,000,000 URL results: not a smoke.
  benches=(-p cachedesk-intake -p cachedesk-engine -p cachedesk-cli
    --bench intake --bench baishan_rate --bench polling --bench whole_process)
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
{
  cargo bench --locked "${benches[@]}" 2>&1
  # The job view with 20,000 URLs in headless Chromium (the built UI, its fake backend).
  (cd ui && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run -s build:browser-test >/dev/null &&
    node tests/browser/job-view.bench.mjs "${CACHEDESK_BENCH_URLS:-20000}") 2>&1
  # The release app: binary size, first paint, idle memory (a release build and a minute).
  [[ "${CACHEDESK_BENCH_SMOKE:-}" == 1 ]] || bash scripts/bench-app.sh 2>&1
} | tee "$log" | grep -vE '^\s*(Compiling|Finished|Running|Downloaded|Downloading|Blocking|Executable)'
echo
echo "summary: $(grep -c 'PASS' "$log" || true) PASS, $(grep -c 'MISS' "$log" || true) MISS"
grep -E 'MISS' "$log" | sed 's/^ */  MISS: /' || true
