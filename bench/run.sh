#!/usr/bin/env bash
# Throughput benchmark of `blastradius scan` on the pinned npm corpus
# (bench/corpus.sh), against ripgrep as the read-and-grep floor.
#
# Every timed command runs once untimed first (warm page cache, warm
# Vectorscan cache), then REPEAT times (default 3); the table shows medians.
# Peak RSS comes from /usr/bin/time -v (GNU time).
#
# Environment:
#   BLASTRADIUS  binary to measure (default: build/blastradius in the repo)
#   BENCH_DIR    corpus and scratch directory (default /tmp/blastradius-bench)
#   REPEAT       runs per measurement (default 3)
#   COLD_RUNS    runs of the single-small-file start-up figures (default 20;
#                the --no-cache ones use a quarter of it, at least 3)
#
# Note: the report goes to a scratch file, not to `-o /dev/null`. The
# scanner writes outputs atomically (temporary file + rename), and run as
# root that rename replaces /dev/null itself with a regular file.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/tmp/blastradius-bench}"
export BENCH_DIR
REPEAT="${REPEAT:-3}"
COLD_RUNS="${COLD_RUNS:-20}"
BIN="${BLASTRADIUS:-$root/build/blastradius}"
[[ "$BIN" == /* ]] || BIN="$root/$BIN"

die() { printf 'bench: %s\n' "$*" >&2; exit 2; }
log() { printf 'bench: %s\n' "$*" >&2; }

[[ -x "$BIN" ]] || die "no binary at $BIN (run 'make build' or set BLASTRADIUS=...)"

apt_install() {
  log "installing Debian package(s): $*"
  export DEBIAN_FRONTEND=noninteractive
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update -qq >&2 || true
    apt-get install -y -qq "$@" >&2
  else
    sudo apt-get update -qq >&2 || true
    sudo apt-get install -y -qq "$@" >&2
  fi
}
[[ -x /usr/bin/time ]] || apt_install time
command -v rg >/dev/null 2>&1 || apt_install ripgrep
if ! command -v hyperfine >/dev/null 2>&1; then
  apt_install hyperfine || log "hyperfine unavailable; start-up figures use plain loops"
fi

CORPUS="$("$here/corpus.sh" | sed -n 's/^CORPUS=//p' | tail -1)"
[[ -d "$CORPUS" ]] || die "corpus was not built"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/blastradius-bench-run.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
# A private Vectorscan cache, so that "warm cache" means this binary's DB.
export BLASTRADIUS_CACHE_DIR="$BENCH_DIR/hs-cache"

files=$(find "$CORPUS" -type f | wc -l)
bytes=$(find "$CORPUS" -type f -printf '%s\n' | awk '{s += $1} END {printf "%d", s}')

# The three corpus commands are interleaved (scan, scan --threads 1, rg,
# scan, ...) so that load from other users of the machine hits them alike.
scan_args=(scan "$CORPUS" --no-default-excludes --fail-on none -q -f json)
names=(scan2 scan1 rg)
run_cmd() {  # NAME [PREFIX...]: runs that command, optionally under PREFIX
  local name="$1"; shift
  case "$name" in
    scan2) "$@" "$BIN" "${scan_args[@]}" -o "$WORK/report2.json" ;;
    scan1) "$@" "$BIN" "${scan_args[@]}" -o "$WORK/report1.json" --threads 1 ;;
    rg) "$@" rg -j2 --no-ignore --hidden -c 'AKIA[0-9A-Z]{16}' "$CORPUS" ;;
  esac
}
# One timed run under GNU time -v; appends "wall rss_kb user sys" to NAME.runs.
timed() {
  local name="$1" i="$2"
  run_cmd "$name" /usr/bin/time -v -o "$WORK/$name.time.$i" >/dev/null 2>"$WORK/$name.err.$i" || true
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (k = 1; k <= n; k++) w = w * 60 + p[k] }
    /Maximum resident set size/ { rss = $2 }
    /User time/ { u = $2 }
    /System time/ { s = $2 }
    END { printf "%.3f %d %.2f %.2f\n", w, rss, u, s }' "$WORK/$name.time.$i" >>"$WORK/$name.runs"
  log "$name run $i: $(tail -1 "$WORK/$name.runs" | awk '{printf "%.2f s wall, %.0f MB RSS, %.2f s user, %.2f s sys", $1, $2/1024, $3, $4}')"
}
median_cols() {  # NAME: writes "wall rss user sys" medians to NAME.med
  for col in 1 2 3 4; do
    sort -n -k"$col","$col" "$WORK/$1.runs" |
      awk -v c="$col" '{v[NR] = $c} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
  done | paste -sd' ' >"$WORK/$1.med"
}

log "corpus $CORPUS: $files files, $bytes bytes; binary $BIN; median of $REPEAT"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for name in "${names[@]}"; do  # untimed warm-up: page cache, Vectorscan cache
  run_cmd "$name" >/dev/null 2>"$WORK/$name.warmup.err" || true
  : >"$WORK/$name.runs"
done
durations=()
for ((i = 1; i <= REPEAT; i++)); do
  for name in "${names[@]}"; do timed "$name" "$i"; done
  durations+=("$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["scan"]["duration_ms"])' "$WORK/report2.json" 2>/dev/null || echo 0)")
done
scanned=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["scan"]; print(s["files_scanned"], s["bytes_scanned"], s["files_skipped"])' "$WORK/report2.json" 2>/dev/null || echo "? ? ?")
scan_ms=$(printf '%s\n' "${durations[@]}" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')
for name in "${names[@]}"; do median_cols "$name"; done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# Start-up: one small file, cached Vectorscan DB vs --no-cache.
small="$WORK/small/config.env"
mkdir -p "$WORK/small"
printf 'APP_NAME=demo\nDEBUG=false\nPORT=8080\n' >"$small"
small_args=(scan "$small" --fail-on none -q -f json -o "$WORK/small.json")
"$BIN" "${small_args[@]}" >/dev/null 2>&1 || true  # populate the cache
nocache_runs=$((COLD_RUNS / 4 < 3 ? 3 : COLD_RUNS / 4))
cold_cached="" cold_nocache=""
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine -N --style none --warmup 2 --runs "$COLD_RUNS" --export-json "$WORK/hf1.json" \
    "$BIN ${small_args[*]}" >/dev/null 2>&1 || true
  hyperfine -N --style none --warmup 1 --runs "$nocache_runs" --export-json "$WORK/hf2.json" \
    "$BIN ${small_args[*]} --no-cache" >/dev/null 2>&1 || true
  hf() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.1f ms (median; mean %.1f ± %.1f ms, n=%d, hyperfine)" % (r["median"]*1e3, r["mean"]*1e3, r["stddev"]*1e3, len(r["times"])))' "$1" 2>/dev/null; }
  cold_cached="$(hf "$WORK/hf1.json")"
  cold_nocache="$(hf "$WORK/hf2.json")"
fi
loop_median() {  # runs CMD N times, prints the median wall time in ms
  local n="$1"; shift
  for ((i = 0; i < n; i++)); do
    local a b
    a=$(date +%s%N); "$@" >/dev/null 2>&1 || true; b=$(date +%s%N)
    echo $(((b - a) / 1000))
  done | sort -n | awk '{v[NR] = $1} END {printf "%.1f ms (median of %d, shell loop)", v[int((NR + 1) / 2)] / 1000, NR}'
}
[[ -n "$cold_cached" ]] || cold_cached="$(loop_median "$COLD_RUNS" "$BIN" "${small_args[@]}")"
[[ -n "$cold_nocache" ]] || cold_nocache="$(loop_median "$nocache_runs" "$BIN" "${small_args[@]}" --no-cache)"

# Guard: nothing above may have replaced /dev/null.
[[ -c /dev/null ]] || log "WARNING: /dev/null is no longer a character device"

ratio() {  # NAME: median over rounds of (NAME wall / rg wall in the same round)
  paste -d' ' "$WORK/$1.runs" "$WORK/rg.runs" | awk '{print $1 / $5}' | sort -n |
    awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
row() {  # NAME LABEL
  read -r wall rss user sys <"$WORK/$1.med"
  awk -v l="$2" -v w="$wall" -v r="$rss" -v u="$user" -v s="$sys" -v b="$bytes" -v f="$files" -v x="$(ratio "$1")" 'BEGIN {
    printf "| %-30s | %6.2f | %5.2f | %6.0f | %7.0f | %6.0f | %5.2f+%-5.2f |\n", l, w, x, b / 1e6 / w, f / w, r / 1024, u, s }'
}
read -r s_files s_bytes s_skipped <<<"$scanned"
echo
echo "corpus: $CORPUS"
echo "        $files files, $(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1e6}') MB (the scanner read $s_files text files, $(awk -v b="$s_bytes" 'BEGIN {printf "%.1f", b / 1e6}') MB; skipped $s_skipped binary/oversized)"
echo "binary: $BIN"
echo "medians of $REPEAT interleaved runs after one warm-up run; MB/s and files/s over the whole corpus;"
echo "x rg = median of per-round wall-time ratios to rg; load average before/after: $load_before / $load_after"
echo
echo "| command                        | wall s | x rg  | MB/s   | files/s | RSS MB | user+sys s  |"
echo "|--------------------------------|--------|-------|--------|---------|--------|-------------|"
row scan2 "blastradius scan (all cores)"
row scan1 "blastradius scan --threads 1"
row rg "rg -j2 (read-and-grep floor)"
echo
read -r w2 _ <"$WORK/scan2.med"
echo "blastradius scan (all cores): median scan stage (report duration_ms) $scan_ms ms of $(awk -v w="$w2" 'BEGIN {printf "%.0f", w * 1000}') ms wall; the rest is start-up and report writing"
echo "start-up, one small file, Vectorscan DB cached: $cold_cached"
echo "start-up, one small file, --no-cache:           $cold_nocache"
# The agent hook (issue 15) on a Read event: an ordinary file (no pattern
# event: the fast path answers without loading signatures) and a file with
# a candidate (the full scan).
hook_event() { printf '{"hook_event_name":"PreToolUse","tool_name":"Read","tool_input":{"file_path":"%s"},"cwd":"%s"}' "$1" "$WORK"; }
ordinary="$WORK/small/README.md"
printf '# demo\n\nRun `make` to build, then open the page in a browser.\n' >"$ordinary"
candidate="$WORK/small/settings.py"
printf 'DEBUG = False\nAPI_KEY = os.environ["API_KEY"]\nPASSWORD_MIN_LENGTH = 12\n' >"$candidate"
hook_event "$ordinary" >"$WORK/hook-ordinary.json"
hook_event "$candidate" >"$WORK/hook-candidate.json"
hook_ms() { loop_median "$COLD_RUNS" sh -c "\"\$0\" agent-hook <\"\$1\"" "$BIN" "$1"; }
echo "agent hook, Read of an ordinary file (fast path):  $(hook_ms "$WORK/hook-ordinary.json")"
echo "agent hook, Read of a file with candidates (full): $(hook_ms "$WORK/hook-candidate.json")"
read -r w _ <"$WORK/scan2.med"
awk -v w="$w" -v b="$bytes" 'BEGIN { r = b / 1e6 / w; printf "\ntarget >= 250 MB/s (warm cache, 2 cores): %s (%.0f MB/s)\n", (r >= 250 ? "MET" : "NOT MET"), r }'
