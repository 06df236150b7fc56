#!/usr/bin/env bash
# The full kill loop of issue 11: real SIGKILLs of the `cachedesk` command at random moments of
# jobs against the simulator, each followed by `cachedesk resume`; no URL lost, none resent,
# `PRAGMA integrity_check` clean after every kill. `cargo test` runs the same test with 5 kills.
#
#   scripts/kill-loop.sh [KILLS]          (default 50)
#   CACHEDESK_KILL_SEED=N scripts/kill-loop.sh   replays the kill moments of a run (the seed is
#                                                printed at its start)
#
# Each kill in the middle of sending costs a resume its reconciliation wait (2 s, and up to 30 s
# when the vendor never got the batch): 50 kills take 5 to 15 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_PROFILE_DEV_DEBUG=0
CACHEDESK_KILLS="${1:-50}" exec cargo test -p cachedesk-cli --test kills -- --nocapture
