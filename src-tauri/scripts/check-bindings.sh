#!/usr/bin/env bash
# Fails when ui/src/lib/bindings.ts differs from what the shell's Rust types generate.
set -euo pipefail
cd "$(dirname "$0")/../.."
CARGO_PROFILE_DEV_DEBUG=0 cargo test -p cachedesk-app --test bindings
