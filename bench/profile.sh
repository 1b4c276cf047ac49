#!/usr/bin/env bash
# Where does a scan spend its time? Three views of the benchmark corpus:
#
#   1. bench/tools/profile_matcher (built here against the scanner's static
#      libraries): start-up steps, then the corpus loaded into memory and
#      each stage timed alone: walk, read, Vectorscan, RE2 confirmation per
#      rule, validators, findings aggregation, 1 vs 2 engine threads.
#   2. perf (if installed): CPU samples of one real scan by library and by
#      symbol.
#   3. strace -c (if installed): syscalls per kind for one real scan.
#
# Environment: BUILD_DIR (CMake build of the scanner, default build),
# BLASTRADIUS (binary, default $BUILD_DIR/blastradius), BENCH_DIR, TOP.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$root/build}"
[[ "$BUILD_DIR" == /* ]] || BUILD_DIR="$root/$BUILD_DIR"
BIN="${BLASTRADIUS:-$BUILD_DIR/blastradius}"
[[ "$BIN" == /* ]] || BIN="$root/$BIN"
TOP="${TOP:-15}"
export BENCH_DIR="${BENCH_DIR:-/tmp/blastradius-bench}"

CORPUS="$("$here/corpus.sh" | sed -n 's/^CORPUS=//p' | tail -1)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/blastradius-profile.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# shellcheck source=SCRIPTDIR/lib.sh
source "$here/lib.sh"
tool="$BENCH_DIR/profile_matcher"
bench_build_profile_matcher "$root" "$BUILD_DIR" "$tool" || exit 2

echo "== start-up (one process, Vectorscan DB cache warm)"
"$tool" startup
echo
echo "== stages in isolation on $CORPUS"
"$tool" corpus "$CORPUS" "$TOP"

scan=("$BIN" scan "$CORPUS" --no-default-excludes --fail-on none -q -f json -o "$WORK/report.json")
"${scan[@]}"  # warm-up

if command -v perf >/dev/null 2>&1; then
  echo
  echo "== perf: CPU samples of one real scan ($BIN)"
  if perf record -q -g -o "$WORK/perf.data" "${scan[@]}" 2>/dev/null; then
    echo "-- by library"
    perf report -i "$WORK/perf.data" --no-children --sort dso -g none --stdio 2>/dev/null |
      grep -v '^#' | grep '%' | head -12 || true
    echo "-- top symbols (self time)"
    perf report -i "$WORK/perf.data" --no-children --sort dso,sym -g none --stdio 2>/dev/null |
      grep -v '^#' | grep '%' | head -25 || true
  else
    echo "(perf record failed; check /proc/sys/kernel/perf_event_paranoid)"
  fi
fi

if command -v strace >/dev/null 2>&1; then
  echo
  echo "== strace -c: syscalls of one real scan (times are inflated by tracing; counts are exact)"
  strace -f -c -o "$WORK/strace.txt" "${scan[@]}" || true
  head -14 "$WORK/strace.txt" || true
fi
