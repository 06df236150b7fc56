#!/usr/bin/env bash
# Fuzzes CacheDesk on the stable toolchain (cargo-fuzz, libFuzzer, no sanitizer): the intake of
# text/CSV/XLSX bytes, the Baidu CDN/GEO and Baishan answer parsers, BCE canonicalisation and the
# secret redactor. `cargo test` replays the kept corpora (fuzz/corpus/<target>/) in seconds.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     each target SECONDS long (default 600), one after
#                                             the other; all targets when none is named
#   JOBS=2 scripts/fuzz.sh 600                two targets at a time
#
# A crash is written to fuzz/artifacts/<target>/; keep it as fuzz/corpus/<target>/regress-<what>
# once fixed. After long runs, `cargo +stable fuzz cmin -s none <target>` keeps the corpus small.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(intake vendor_baidu vendor_baishan bce_canonical redact)
fi
jobs="${JOBS:-1}"

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
cd fuzz
cargo +stable fuzz build -s none
mkdir -p target

failed=0
run() {
  local target=$1
  echo "== $target: ${seconds} s"
  if cargo +stable fuzz run -s none "$target" -- -max_total_time="$seconds" >"target/$target.log" 2>&1; then
    grep -E '^Done' "target/$target.log" || true
  else
    echo "!! $target failed: see fuzz/target/$target.log and fuzz/artifacts/$target/"
    grep -A4 -m1 'panicked' "target/$target.log" || true
    return 1
  fi
}
pids=()
for target in "${targets[@]}"; do
  run "$target" &
  pids+=($!)
  if [ ${#pids[@]} -ge "$jobs" ]; then
    wait "${pids[0]}" || failed=1
    pids=("${pids[@]:1}")
  fi
done
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
exit $failed
