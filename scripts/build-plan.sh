#!/usr/bin/env bash
# Sets up what is missing, then builds the shipped plan (plan/) into output/: site + PDFs + data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
cargo run --release --quiet -- build --plan plan --out output
