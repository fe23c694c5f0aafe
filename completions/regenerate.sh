#!/usr/bin/env sh
# Regenerates every completion script from the CLI definition (tests/it/completions.rs checks them).
set -eu
cd "$(dirname "$0")/.."
cargo build --quiet
for pair in bash:kplan.bash zsh:_kplan fish:kplan.fish powershell:_kplan.ps1 elvish:kplan.elv; do
  ./target/debug/kplan completions "${pair%%:*}" > "completions/${pair#*:}.tmp"
  mv "completions/${pair#*:}.tmp" "completions/${pair#*:}"
done
