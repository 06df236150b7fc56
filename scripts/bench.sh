#!/usr/bin/env bash
# CacheDesk's performance figures, each printed beside its target. Not a test: it measures.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export CARGO_TERM_COLOR=never
cargo bench --locked -p cachedesk-intake -p cachedesk-engine 2>&1 | grep -vE '^\s*(Compiling|Finished|Running|Downloaded|Downloading)'
