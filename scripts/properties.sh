#!/usr/bin/env bash
# The job state machine's property test with many cases (random simulator faults and a crash at
# a random journal step, then a resume by a fresh engine). `cargo test` runs 4 cases.
#
#   scripts/properties.sh [CASES]         (default 200)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_PROFILE_DEV_DEBUG=0
PROPTEST_CASES="${1:-200}" exec cargo test -p cachedesk-engine --test integration crash_properties:: -- --nocapture
