#!/usr/bin/env bash
# The benchmark of issue 16 in one invocation (`make bench`):
#
#   1. the npm tree (bench/corpus.sh) and a generated tree of 100,000 small
#      files (bench/smallfiles.sh): blastradius vs ripgrep, interleaved
#      rounds; wall time, ratio to rg, MB/s, files/s, peak RSS, CPU time,
#      1- vs 2-thread scaling, and the target "full default scan at most
#      1.5x ripgrep wall time" for each tree;
#   2. on the npm tree also: the scan without the context layer
#      (--no-context) and with every built-in signature twice (a renamed
#      copy, bench/dup_signatures.py, loaded with --signatures), as percent
#      changes (target for the doubled set: at most +10%);
#   3. where CPU time goes by stage: `perf record` of one scan of the npm
#      tree, grouped by library and symbol (bench/perf_stages.awk); without
#      perf, profile_matcher's stages timed in isolation;
#   4. start-up, pre-commit (`scan --staged`, 5-file commit) and agent-hook
#      latency: bench/startup.sh (wall-clock medians).
#
# Each tree's commands run once per round in turn (scan, scan --threads 1,
# ..., rg), REPEAT rounds (default 3), so that load from other users of the
# machine hits them alike; tables show medians, ratios and percentages are
# medians of the per-round ratios. Untimed warm-up first: rg reads the whole
# tree (page cache); the doubled signature set is compiled once into the
# pattern cache on a one-file tree. Peak RSS comes from GNU time -v.
#
# Environment:
#   BLASTRADIUS  binary to measure (default: build/blastradius in the repo)
#   BUILD_DIR    its CMake build (profile_matcher fallback; default build)
#   BENCH_DIR    trees and scratch directory (default /tmp/blastradius-bench)
#   REPEAT       rounds per tree (default 3; 1 with QUICK=1)
#   COLD_RUNS    runs per start-up figure (default 9)
#   CALLGRIND    1: start-up rows and the doubled set's scan cost also as
#                instruction counts (slow; the first time several minutes)
#   QUICK        1: skip the small-files tree, --threads 1 runs and perf
#   NO_PERF      1: stage timings from profile_matcher even when perf exists
#
# Note: reports go to scratch files, so that each run pays for a real
# report as a user's does (the scanner writes a regular file atomically,
# temporary file + rename; a device such as /dev/null it writes in place,
# AtomicFileWriter::Open).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=SCRIPTDIR/lib.sh
source "$here/lib.sh"
BENCH_DIR="${BENCH_DIR:-/tmp/blastradius-bench}"
export BENCH_DIR
QUICK="${QUICK:-0}"
if [[ "$QUICK" == 1 ]]; then REPEAT="${REPEAT:-1}"; else REPEAT="${REPEAT:-3}"; fi
COLD_RUNS="${COLD_RUNS:-9}"
BIN="${BLASTRADIUS:-$root/build/blastradius}"
[[ "$BIN" == /* ]] || BIN="$root/$BIN"
BUILD_DIR="${BUILD_DIR:-$root/build}"
[[ "$BUILD_DIR" == /* ]] || BUILD_DIR="$root/$BUILD_DIR"

[[ -x "$BIN" ]] || bench_die "no binary at $BIN (run 'make build' or set BLASTRADIUS=...)"
[[ -x /usr/bin/time ]] || bench_apt_install time
command -v rg >/dev/null 2>&1 || bench_apt_install ripgrep
t_start=$(date +%s)

CORPUS="$("$here/corpus.sh" | sed -n 's/^CORPUS=//p' | tail -1)"
[[ -d "$CORPUS" ]] || bench_die "the npm corpus was not built"
SMALL=""
if [[ "$QUICK" != 1 ]]; then
  SMALL="$("$here/smallfiles.sh" | sed -n 's/^SMALLFILES=//p' | tail -1)"
  [[ -d "$SMALL" ]] || bench_die "the small-files tree was not built"
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/blastradius-bench-run.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
# A private pattern cache, so that "warm cache" means this binary's DBs; a
# fixed fingerprint key, so that no run creates one.
export BLASTRADIUS_CACHE_DIR="$BENCH_DIR/hs-cache"
export BLASTRADIUS_FINGERPRINT_KEY=00112233445566778899aabbccddeeff

# The doubled signature set: every built-in signature again, ids renamed.
# Warm-up: one scan of a one-file tree compiles it into the cache.
mkdir -p "$WORK/tiny"
printf 'APP_NAME=demo\nDEBUG=false\n' >"$WORK/tiny/config.env"
python3 "$here/dup_signatures.py" "$root/signatures" "$WORK/dupsigs" >&2
dup_note="ids renamed"
load_dup() {
  "$BIN" scan "$WORK/tiny" --signatures "$WORK/dupsigs" --fail-on none -q -f json -o "$WORK/tiny.json" \
    2>"$WORK/dup.err"
}
bench_log "compiling the doubled signature set into $BLASTRADIUS_CACHE_DIR (first time: a minute or more)"
if ! load_dup; then
  bench_log "the copy did not load ($(head -c 300 "$WORK/dup.err")); retrying with patterns wrapped in (?:...)"
  rm -rf "$WORK/dupsigs"
  python3 "$here/dup_signatures.py" "$root/signatures" "$WORK/dupsigs" --wrap >&2
  load_dup || bench_die "the doubled signature set does not load: $(head -c 500 "$WORK/dup.err")"
  dup_note="ids renamed, patterns wrapped in (?:...)"
fi
n_builtin=$("$BIN" rules 2>/dev/null | awk '/ signatures$/ {print $3}')
n_doubled=$("$BIN" rules --signatures "$WORK/dupsigs" 2>/dev/null | awk '/ signatures$/ {print $3}')

# The copy's start-up: CPU time of ten scans of the one-file tree with and
# without it, 3 interleaved rounds. The built-in set loads prebuilt from the
# binary; the copy is read from JSON and its database from the pattern
# cache, a cost a larger built-in set would not pay.
tiny_cpu() {  # NAME [ARGS...]: appends the CPU seconds of one such scan to $WORK/tiny.NAME
  local name="$1"; shift
  /usr/bin/time -f '%U %S' -o "$WORK/tiny.time" bash -c 'for _ in 1 2 3 4 5 6 7 8 9 10; do "$@" || exit 1; done' _ \
    "$BIN" scan "$WORK/tiny" --fail-on none -q -f json -o "$WORK/tiny.json" "$@" >/dev/null 2>&1 || true
  awk '{print ($1 + $2) / 10}' "$WORK/tiny.time" >>"$WORK/tiny.$name"
}
: >"$WORK/tiny.single"; : >"$WORK/tiny.dup"
for _ in 1 2 3; do
  tiny_cpu single
  tiny_cpu dup --signatures "$WORK/dupsigs"
done
dup_startup_s=$(awk -v a="$(bench_median <"$WORK/tiny.dup")" -v b="$(bench_median <"$WORK/tiny.single")" \
  'BEGIN {printf "%.4f", a - b}')

# run_cmd TREE NAME [PREFIX...]: one command of TREE's table, optionally
# under PREFIX (bench_time).
declare -A tree_dir=([npm]="$CORPUS" [small]="$SMALL")
scan_args=(--no-default-excludes --fail-on none -q -f json)
run_cmd() {
  local tree="$1" name="$2"; shift 2
  local dir="${tree_dir[$tree]}" out="$WORK/$tree.$name.json"
  case "$name" in
    scan) "$@" "$BIN" scan "$dir" "${scan_args[@]}" -o "$out" ;;
    scan1) "$@" "$BIN" scan "$dir" "${scan_args[@]}" -o "$out" --threads 1 ;;
    noctx) "$@" "$BIN" scan "$dir" "${scan_args[@]}" -o "$out" --no-context ;;
    dup) "$@" "$BIN" scan "$dir" "${scan_args[@]}" -o "$out" --signatures "$WORK/dupsigs" ;;
    rg) "$@" rg -j2 --no-ignore --hidden -c 'AKIA[0-9A-Z]{16}' "$dir" ;;
  esac
}
scan_field() {  # FILE FIELD: a field of a JSON report's "scan" object
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["scan"][sys.argv[2]])' "$1" "$2" 2>/dev/null || echo 0
}

# bench_tree TREE NAME...: warm-up, then REPEAT interleaved rounds. Leaves
# TREE.NAME.runs ("wall rss user sys" per round) and TREE.NAME.dur (the
# report's scan-stage duration_ms per round).
bench_tree() {
  local tree="$1"; shift
  local name i
  run_cmd "$tree" rg >/dev/null 2>&1 || true  # page cache
  for name in "$@"; do : >"$WORK/$tree.$name.runs"; : >"$WORK/$tree.$name.dur"; done
  for ((i = 1; i <= REPEAT; i++)); do
    for name in "$@"; do
      run_cmd "$tree" "$name" bench_time "$WORK/$tree.$name.runs"
      [[ "$name" == rg ]] || scan_field "$WORK/$tree.$name.json" duration_ms >>"$WORK/$tree.$name.dur"
      bench_log "$tree $name round $i: $(tail -1 "$WORK/$tree.$name.runs" |
        awk '{printf "%.2f s wall, %.0f MB RSS, %.2f s user, %.2f s sys", $1, $2 / 1024, $3, $4}')"
    done
  done
}

# tree_table TREE LABEL NAME...: the table of one tree and its lines.
declare -A label=(
  [scan]="blastradius scan (all cores)"
  [scan1]="blastradius scan --threads 1"
  [noctx]="blastradius scan --no-context"
  [dup]="scan + doubled signatures"
  [rg]="rg -j2 (read-and-grep floor)"
)
pct() {  # A B [dur|cpu]: median per-round change of A over B, in percent
  local ext=runs
  case "${3:-}" in
    dur) ext=dur ;;
    cpu) ext=cpu
      awk '{print $3 + $4}' "$WORK/$1.runs" >"$WORK/$1.cpu"
      awk '{print $3 + $4}' "$WORK/$2.runs" >"$WORK/$2.cpu" ;;
  esac
  bench_paired_ratio "$WORK/$1.$ext" "$WORK/$2.$ext" | awk '{printf "%+.1f", ($1 - 1) * 100}'
}
tree_table() {
  local tree="$1" title="$2"; shift 2
  local files bytes name
  read -r files bytes < <(bench_tree_size "${tree_dir[$tree]}")
  local rep="$WORK/$tree.scan.json"
  echo
  echo "== $title: ${tree_dir[$tree]}"
  printf '   %s files, %.1f MB; the scanner read %s text files, %.1f MB (skipped %s binary/oversized)\n' \
    "$files" "$(awk -v b="$bytes" 'BEGIN {print b / 1e6}')" "$(scan_field "$rep" files_scanned)" \
    "$(awk -v b="$(scan_field "$rep" bytes_scanned)" 'BEGIN {print b / 1e6}')" "$(scan_field "$rep" files_skipped)"
  echo
  echo "| command                        | wall s | x rg  | MB/s  | files/s | RSS MB | user+sys s  | scan ms |"
  echo "|--------------------------------|--------|-------|-------|---------|--------|-------------|---------|"
  for name in "$@"; do
    local wall rss user sys dur ratio
    wall=$(bench_column "$WORK/$tree.$name.runs" 1)
    rss=$(bench_column "$WORK/$tree.$name.runs" 2)
    user=$(bench_column "$WORK/$tree.$name.runs" 3)
    sys=$(bench_column "$WORK/$tree.$name.runs" 4)
    ratio=$(bench_paired_ratio "$WORK/$tree.$name.runs" "$WORK/$tree.rg.runs")
    dur="-"
    [[ "$name" == rg ]] || dur=$(bench_median <"$WORK/$tree.$name.dur")
    awk -v l="${label[$name]}" -v w="$wall" -v r="$rss" -v u="$user" -v s="$sys" -v b="$bytes" -v f="$files" \
      -v x="$ratio" -v d="$dur" 'BEGIN {
      printf "| %-30s | %6.2f | %5.2f | %5.0f | %7.0f | %6.0f | %5.2f+%-5.2f | %7s |\n", l, w, x, b / 1e6 / w, f / w, r / 1024, u, s, d }'
  done
  echo
  if [[ -s "$WORK/$tree.scan1.runs" ]]; then
    echo "1 -> 2 threads: $(bench_paired_ratio "$WORK/$tree.scan1.runs" "$WORK/$tree.scan.runs" |
      awk '{printf "%.2fx", $1}') faster wall (scan stage $(bench_paired_ratio "$WORK/$tree.scan1.dur" "$WORK/$tree.scan.dur" |
      awk '{printf "%.2fx", $1}')); cores busy on average, (user+sys)/wall: $(awk '{print ($3 + $4) / $1}' \
      "$WORK/$tree.scan.runs" | bench_median | awk '{printf "%.2f", $1}') all cores, $(awk '{print ($3 + $4) / $1}' \
      "$WORK/$tree.scan1.runs" | bench_median | awk '{printf "%.2f", $1}') --threads 1"
  fi
  local x
  x=$(bench_paired_ratio "$WORK/$tree.scan.runs" "$WORK/$tree.rg.runs")
  awk -v x="$x" 'BEGIN { printf "target: full default scan at most 1.5x ripgrep wall time: %s (%.2fx)\n", (x <= 1.5 ? "MET" : "NOT MET"), x }'
  summary+=("$title: full default scan <= 1.5x rg: $(awk -v x="$x" 'BEGIN {printf "%s (%.2fx)", (x <= 1.5 ? "MET" : "NOT MET"), x}')")
}

summary=()
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
npm_names=(scan)
[[ "$QUICK" == 1 ]] || npm_names+=(scan1)
npm_names+=(noctx dup rg)
bench_log "npm tree: ${npm_names[*]}, $REPEAT round(s)"
bench_tree npm "${npm_names[@]}"
small_names=(scan scan1 rg)
if [[ -n "$SMALL" ]]; then
  bench_log "small-files tree: ${small_names[*]}, $REPEAT round(s)"
  bench_tree small "${small_names[@]}"
fi
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# Where CPU time goes: perf samples of one more scan of the npm tree.
stages_out="$WORK/stages.txt"
if [[ "$QUICK" == 1 ]]; then
  echo "(skipped with QUICK=1)" >"$stages_out"
elif [[ "${NO_PERF:-0}" != 1 ]] && command -v perf >/dev/null 2>&1 &&
  run_cmd npm scan perf record -q -F 499 -o "$WORK/perf.data" >/dev/null 2>"$WORK/perf.err"; then
  perf report -i "$WORK/perf.data" --no-children --sort dso,sym -g none --stdio -t '|' 2>/dev/null |
    grep -v '^#' >"$WORK/perf.txt" || true
  {
    echo "perf record -F 499 of one scan (all cores), self time by library/symbol; $(grep -c '%' "$WORK/perf.txt") symbols"
    echo
    awk -F'|' -f "$here/perf_stages.awk" "$WORK/perf.txt"
  } >"$stages_out"
else
  bench_log "perf unavailable or failed ($(head -c 200 "$WORK/perf.err" 2>/dev/null)); timing stages with profile_matcher"
  tool="$BENCH_DIR/profile_matcher"
  if bench_build_profile_matcher "$root" "$BUILD_DIR" "$tool" >&2; then
    {
      echo "no perf: profile_matcher, each stage timed alone on one thread (context and decoded views not covered)"
      "$tool" corpus "$CORPUS" 0 | grep '^\[' || true
    } >"$stages_out"
  else
    echo "(no perf and no profile_matcher build)" >"$stages_out"
  fi
fi

# Deterministic cost of the doubled set (CALLGRIND=1): instructions of a
# one-thread scan of a fixed sample of the npm tree less those of the
# one-file tree (start-up), with and without the copy. Instruction counts
# do not move with load, but miss what a larger database costs in caches.
# Under valgrind the CPU looks different, so the first run on a machine
# compiles the doubled set again (several minutes; cached afterwards).
if [[ "${CALLGRIND:-0}" == 1 ]] && command -v valgrind >/dev/null 2>&1; then
  read -r sample_files sample_bytes < <(python3 "$here/sample_tree.py" "$CORPUS" "$WORK/sample" 40)
  instructions() {  # TREE [ARGS...]
    local tree="$1"; shift
    bench_callgrind "$WORK/cg.log" "$BIN" scan "$tree" "${scan_args[@]}" -o "$WORK/cg.json" --threads 1 "$@" \
      >/dev/null 2>&1 || true
    bench_collected "$WORK/cg.log"
  }
  bench_log "callgrind: the doubled set on a sample of the npm tree (first time: compiles it under valgrind)"
  i_single=$(( $(instructions "$WORK/sample") - $(instructions "$WORK/tiny") ))
  i_dup=$(( $(instructions "$WORK/sample" --signatures "$WORK/dupsigs") -
    $(instructions "$WORK/tiny" --signatures "$WORK/dupsigs") ))
  awk -v f="$sample_files" -v b="$sample_bytes" -v s="$i_single" -v d="$i_dup" 'BEGIN {
    printf "  instructions (callgrind, --threads 1, every 40th file of the npm tree: %d files, %.1f MB; start-up subtracted): %.1fM, doubled %.1fM: %+.1f%%\n",
      f, b / 1e6, s / 1e6, d / 1e6, (d / s - 1) * 100 }' >"$WORK/instr.txt"
fi

# Start-up, pre-commit and agent hook: bench/startup.sh.
startup_out="$WORK/startup.txt"
RUNS="$COLD_RUNS" CALLGRIND="${CALLGRIND:-0}" CASES="small source demo staged hook" BLASTRADIUS="$BIN" \
  "$here/startup.sh" >"$startup_out" 2>"$WORK/startup.err" ||
  bench_log "startup.sh failed: $(head -c 300 "$WORK/startup.err")"

[[ -c /dev/null ]] || bench_log "WARNING: /dev/null is no longer a character device"

echo
echo "binary: $BIN"
echo "medians of $REPEAT interleaved round(s) after an untimed warm-up; x rg = median of per-round ratios to rg;"
echo "MB/s and files/s over the whole tree; scan ms = the report's duration_ms (scan stage, without start-up)"
echo "load average before/after: $load_before / $load_after"
tree_table npm "npm tree" "${npm_names[@]}"
# CPU time (user+sys) is the cost measure here: on a shared machine the wall
# time of one run moves with other users' load far more than its CPU time.
echo "context layer: --no-context changes CPU time by $(pct npm.noctx npm.scan cpu)%, wall time by" \
  "$(pct npm.noctx npm.scan)%, the scan stage by $(pct npm.noctx npm.scan dur)%"
dup_cpu=$(pct npm.dup npm.scan cpu)
echo "doubled signatures ($n_doubled rules instead of $n_builtin; $dup_note): CPU time $dup_cpu%," \
  "wall $(pct npm.dup npm.scan)%, scan stage $(pct npm.dup npm.scan dur)%"
# Per round: the doubled run's CPU time less the copy's start-up, over the
# single run's.
dup_net=$(paste -d' ' <(awk '{print $3 + $4}' "$WORK/npm.dup.runs") <(awk '{print $3 + $4}' "$WORK/npm.scan.runs") |
  awk -v s="$dup_startup_s" '$2 > 0 {print ($1 - s) / $2}' | bench_median | awk '{printf "%+.1f", ($1 - 1) * 100}')
echo "  of which start-up: +$(awk -v s="$dup_startup_s" 'BEGIN {printf "%.0f", s * 1000}') ms CPU per run (the copy" \
  "read from JSON, its database from the pattern cache); CPU time without it: $dup_net%"
dup_instr_note=""
if [[ -s "$WORK/instr.txt" ]]; then
  cat "$WORK/instr.txt"
  dup_instr_note="; instructions $(tail -1 "$WORK/instr.txt" | sed -n 's/.*: \([-+][0-9.]*%\)$/\1/p')"
fi
dup_verdict=$(awk -v p="$dup_cpu" 'BEGIN {print (p + 0 <= 10 ? "MET" : "NOT MET")}')
echo "target: doubled signatures cost at most +10% scan time: $dup_verdict ($dup_cpu% CPU time)"
summary+=("doubled signatures <= +10% scan time: $dup_verdict ($dup_cpu% CPU time; $dup_net% without the copy's start-up$dup_instr_note)")
w=$(bench_column "$WORK/npm.scan.runs" 1)
read -r _ npm_bytes < <(bench_tree_size "$CORPUS")
mbs=$(awk -v w="$w" -v b="$npm_bytes" 'BEGIN {printf "%.0f", b / 1e6 / w}')
summary+=("npm tree >= 250 MB/s (warm cache, 2 cores): $(awk -v r="$mbs" 'BEGIN {print (r >= 250 ? "MET" : "NOT MET")}') ($mbs MB/s)")
if [[ -n "$SMALL" ]]; then
  tree_table small "small-files tree" "${small_names[@]}"
else
  echo
  echo "== small-files tree: skipped with QUICK=1"
fi
echo
echo "== where CPU time goes by stage (npm tree)"
cat "$stages_out"
echo
echo "== start-up, pre-commit, agent hook (bench/startup.sh, median of $COLD_RUNS runs)"
grep -E '^\||^targets' "$startup_out" || echo "(startup.sh printed nothing; see above)"
startup_target() {  # LABEL (a row of startup.sh) LIMIT_MS NAME
  local ms
  ms=$(awk -F'|' -v l="$1" 'index($2, l) {gsub(/ /, "", $3); print $3}' "$startup_out")
  [[ -n "$ms" ]] || return 0
  summary+=("$3 < $2 ms: $(awk -v m="$ms" -v t="$2" 'BEGIN {print (m + 0 < t ? "MET" : "NOT MET")}') ($ms ms)")
}
startup_target "scan one small file" 15 "start-up, one small file"
startup_target "scan --staged" 30 "pre-commit, scan --staged of a 5-file commit"
startup_target "agent-hook, ordinary file" 10 "agent hook, ordinary file"
startup_target "demo, cold cache" 100 "scan examples/demo, cold cache"
echo
echo "== targets"
printf '%s\n' "${summary[@]}"
echo "(run time $(( $(date +%s) - t_start )) s)"
