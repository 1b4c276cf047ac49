#!/usr/bin/env bash
# Pre-commit latency: `blastradius scan --staged` on a typical commit (5 of 40
# files changed, 400 added lines) in a throwaway repository, full signature
# set, warm Vectorscan cache. Prints hyperfine's figures; target < 50 ms.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${BLASTRADIUS:-$root/build/blastradius}"
command -v hyperfine >/dev/null || { apt-get install -y -qq hyperfine >/dev/null 2>&1 || true; }
repo="$(mktemp -d)"
trap 'rm -rf "$repo"' EXIT
cd "$repo"
git init -q && git config user.email bench@example.invalid && git config user.name bench
for i in $(seq 1 40); do cp "$root/scanner/match/matcher.cc" "f$i.cc"; done
git add . && git commit -qm init
for i in 1 2 3 4 5; do sed -n 1,80p "$root/scanner/pipeline/scan.cc" >> "f$i.cc"; done
git add .
echo "commit: $(git diff --cached --shortstat)"
"$bin" scan --staged -q >/dev/null || true   # warm the Vectorscan cache
if command -v hyperfine >/dev/null; then
  hyperfine -N -w 3 -r 30 "$bin scan --staged -q"
else
  time (for _ in $(seq 1 30); do "$bin" scan --staged -q >/dev/null; done)
fi
