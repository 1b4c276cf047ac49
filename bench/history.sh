#!/usr/bin/env bash
# History scan throughput: `blastradius scan --history` against the floor of
# reading every object once (`git cat-file --batch-all-objects --batch
# >/dev/null`) on the same repository. REPO defaults to this repository (a
# clone is not needed: the scan only reads); REPO=npm builds (once) a
# repository of thousands of commits from the benchmark corpus with
# bench/history_repo.py and uses that. Warm Vectorscan cache; best of
# RUNS runs each. The work-tree part of the scan is included (it is what
# `--history` does); HISTORY_ONLY=1 scans a bare clone instead.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${BLASTRADIUS:-$root/build/blastradius}"
repo="${REPO:-$root}"
if [ "$repo" = npm ]; then
  corpus="$("$root/bench/corpus.sh" | sed -n 's/^CORPUS=//p')"
  repo="${BENCH_DIR:-/tmp/blastradius-bench}/history-repo"
  if [ ! -d "$repo/.git" ]; then
    rm -rf "$repo"
    python3 "$root/bench/history_repo.py" "$corpus/node_modules" "$repo" >&2
  fi
fi
runs="${RUNS:-3}"
if [ "${HISTORY_ONLY:-0}" = 1 ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  git clone -q --bare "$repo" "$tmp/bare.git"
  repo="$tmp/bare.git"
fi
echo "repository: $repo"
echo "commits: $(git -C "$repo" rev-list --all | wc -l), objects: $(git -C "$repo" count-objects -v | awk '/^count|^in-pack/ {n += $2} END {print n}')"
"$bin" scan --history --no-default-excludes -q --fail-on none "$repo" -o "${TMPDIR:-/tmp}/blastradius-history-bench.txt"   # warm the Vectorscan cache
best() {  # best wall time in ms of "$@" over $runs runs
  local best_ms=""
  for _ in $(seq 1 "$runs"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    local ms=$(((t1 - t0) / 1000000))
    if [ -z "$best_ms" ] || [ "$ms" -lt "$best_ms" ]; then best_ms=$ms; fi
  done
  echo "$best_ms"
}
cat_ms=$(best git -C "$repo" cat-file --batch-all-objects --batch)
scan_ms=$(best "$bin" scan --history --no-default-excludes -q --fail-on none "$repo" -o "${TMPDIR:-/tmp}/blastradius-history-bench.txt")
"$bin" scan --history --no-default-excludes -q --fail-on none -f json "$repo" -o "${TMPDIR:-/tmp}/blastradius-history-bench.json"
python3 - "${TMPDIR:-/tmp}/blastradius-history-bench.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["scan"]
h = s["history"]
print(f"scanned: {h['commits_scanned']} commits, {h['blobs_scanned']} distinct blobs, "
      f"{s['files_scanned']} files+blobs, {s['bytes_scanned'] / 1e6:.1f} MB")
PY
echo "git cat-file --batch-all-objects --batch: ${cat_ms} ms"
echo "blastradius scan --history:              ${scan_ms} ms ($(awk "BEGIN {printf \"%.1f\", $scan_ms / ($cat_ms > 0 ? $cat_ms : 1)}")x)"
