#!/usr/bin/env bash
# Sets up what is missing, then runs every test: formatting, lints, unit and integration tests
# (real typst, real fonts, poppler and headless Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
cargo fmt --check
cargo clippy --all-targets --quiet -- -D warnings
cargo test --release 2>&1
