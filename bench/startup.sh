#!/usr/bin/env bash
# Start-up of a demo scan: "cold" is the first scan on a fresh machine (an
# empty pattern cache; the built-in database is in the binary), "warm" a
# repeated one. Prints the medians of RUNS runs (default 9) in milliseconds.
#   BLASTRADIUS  binary (default: build/blastradius in the repository)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
BIN="${BLASTRADIUS:-$root/build/blastradius}"
RUNS="${RUNS:-9}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
now() { date +%s%N; }
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
cold=() warm=()
for _ in $(seq "$RUNS"); do
  rm -rf "$tmp/cache"
  t0=$(now)
  BLASTRADIUS_CACHE_DIR="$tmp/cache" "$BIN" scan "$root/examples/demo" -q --fail-on none -f json -o "$tmp/r.json"
  t1=$(now)
  BLASTRADIUS_CACHE_DIR="$tmp/cache" "$BIN" scan "$root/examples/demo" -q --fail-on none -f json -o "$tmp/r.json"
  t2=$(now)
  cold+=($(((t1 - t0) / 1000000)))
  warm+=($(((t2 - t1) / 1000000)))
done
c=$(printf '%s\n' "${cold[@]}" | median)
w=$(printf '%s\n' "${warm[@]}" | median)
echo "demo scan start-up (median of $RUNS): cold ${c} ms (empty cache), warm ${w} ms"
echo "cache entries after the cold runs: $(find "$tmp/cache" -name 'hsdb-*' 2>/dev/null | wc -l) (0: nothing compiled at run time)"
