#!/usr/bin/env bash
# Start-up latency: the commands whose cost is mostly the scanner starting,
# each as a wall-clock median of RUNS runs (default 9) and, when valgrind is
# installed, as an instruction count (callgrind, one run: repeatable on a
# loaded machine where wall time is not). Cases (CASES, default all):
#   small   `scan` of one 3-line file (a clean file: nothing matches)
#   source  `scan` of one TypeScript file with a hard-coded (fake) password:
#           a generic candidate, so the context layer parses the file and
#           builds the TypeScript query (tree-sitter), once per process
#   demo    `scan examples/demo`, cold (an empty cache directory: the first
#           scan on a fresh machine) and warm (the next one)
#   staged  `scan --staged` on a typical commit: 5 of 40 files changed,
#           400 added lines, in a throwaway repository (bench/precommit.sh)
#   hook    `agent-hook` on a Read event of an ordinary file (the fast path)
#           and of a file with a candidate (the full scan)
# Environment:
#   BLASTRADIUS  binary (default: build/blastradius in the repository)
#   BASELINE     a second binary (e.g. one built from main): every row is
#                measured for both, interleaved, and the ratio printed
#   RUNS         wall-clock runs per figure (default 9)
#   CALLGRIND    0 to skip the instruction counts
# Targets (issues 11 and 16): small < 15 ms, staged < 30 ms, hook < 10 ms on
# an ordinary file, demo cold < 100 ms.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=SCRIPTDIR/lib.sh
source "$here/lib.sh"
BIN="${BLASTRADIUS:-$root/build/blastradius}"
[[ "$BIN" == /* ]] || BIN="$PWD/$BIN"
BASE="${BASELINE:-}"
[[ -z "$BASE" || "$BASE" == /* ]] || BASE="$PWD/$BASE"
RUNS="${RUNS:-9}"
CASES="${CASES:-small source demo staged hook}"
CALLGRIND="${CALLGRIND:-1}"
[[ -x "$BIN" ]] || { echo "startup: no binary at $BIN" >&2; exit 2; }
[[ -z "$BASE" || -x "$BASE" ]] || { echo "startup: no baseline binary at $BASE" >&2; exit 2; }
command -v valgrind >/dev/null 2>&1 || CALLGRIND=0

work="$(mktemp -d "${TMPDIR:-/tmp}/blastradius-startup.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# Private caches; the fingerprint key is fixed so that no run creates one.
export BLASTRADIUS_CACHE_DIR="$work/cache"
export BLASTRADIUS_FINGERPRINT_KEY=00112233445566778899aabbccddeeff

# Fixtures.
small="$work/small/config.env"
mkdir -p "$work/small"
printf 'APP_NAME=demo\nDEBUG=false\nPORT=8080\n' >"$small"
ordinary="$work/small/README.md"
# shellcheck disable=SC2016  # backquotes are Markdown, not a command
printf '# demo\n\nRun `make` to build, then open the page in a browser.\n' >"$ordinary"
candidate="$work/small/settings.py"
# A clearly fake token shape: a pattern event (so the hook takes the full
# scan), dropped as a placeholder.
printf 'DEBUG = False\nGITHUB_TOKEN = "ghp_%s"\n' "$(printf 'x%.0s' $(seq 36))" >"$candidate"
source_file="$work/source/db.ts"
mkdir -p "$work/source"
printf 'import { Client } from "./client";\n\nexport const client = new Client({\n  host: "db.internal",\n  password: "%s",\n});\n' \
  "Pq7vX2mK9zL4" >"$source_file"
hook_event() {
  printf '{"hook_event_name":"PreToolUse","tool_name":"Read","tool_input":{"file_path":"%s"},"cwd":"%s"}' \
    "$1" "$work/small"
}
hook_event "$ordinary" >"$work/hook-ordinary.json"
hook_event "$candidate" >"$work/hook-candidate.json"
# C++-like source text without credentials, about 16 KB for FUNCS=40:
# FUNCS short functions with comments, string literals and loops; the same
# text for the same MODULE and FUNCS on every run, whatever the project's
# own sources look like.
source_text() {
  awk -v m="$1" -v funcs="$2" 'BEGIN {
    printf "// Module %d of the staged-scan fixture.\n#include <string>\n#include <vector>\n\nnamespace fixture%d {\n\n", m, m
    for (f = 0; f < funcs; f++) {
      printf "// Entry %d of the table, or the fallback when the index is past its end.\n", f
      printf "int Lookup%d_%d(const std::vector<int>& table, size_t index, int fallback) {\n", m, f
      printf "  if (index >= table.size()) return fallback;\n"
      printf "  const std::string label = \"entry-%d-%d\";\n", m, f
      printf "  int value = table[index] * %d + static_cast<int>(label.size());\n", (m * 31 + f) % 97
      printf "  for (size_t i = 0; i < %d; ++i) value ^= static_cast<int>(i << (i %% 7));\n", f % 11 + 3
      printf "  return value;\n}\n\n"
    }
    printf "}  // namespace fixture%d\n", m
  }'
}
repo="$work/repo"
# 40 committed files; the commit being made changes 5 of them (a few
# functions added to each).
make_repo() {
  mkdir -p "$repo"
  (
    cd "$repo"
    git init -q && git config user.email bench@example.invalid && git config user.name bench
    for i in $(seq 1 40); do source_text "$i" 40 >"f$i.cc"; done
    git add . && git commit -qm init
    for i in 1 2 3 4 5; do source_text "$((100 + i))" 8 >>"f$i.cc"; done
    git add .
  )
}

# One run of case NAME with binary B (stdout and stderr discarded); the
# output goes to a scratch file (never -o /dev/null: see run.sh).
run_case() {
  local name="$1" b="$2"; shift 2
  case "$name" in
    small) "$@" "$b" scan "$small" -q --fail-on none -f json -o "$work/out.json" ;;
    source) "$@" "$b" scan "$source_file" -q --fail-on none -f json -o "$work/out.json" ;;
    demo-cold)
      rm -rf "$work/cold-cache"
      BLASTRADIUS_CACHE_DIR="$work/cold-cache" "$@" "$b" scan "$root/examples/demo" -q --fail-on none -f json \
        -o "$work/out.json" ;;
    demo-warm) "$@" "$b" scan "$root/examples/demo" -q --fail-on none -f json -o "$work/out.json" ;;
    staged) (cd "$repo" && "$@" "$b" scan --staged -q --fail-on none) ;;
    hook-ordinary) "$@" "$b" agent-hook <"$work/hook-ordinary.json" ;;
    hook-candidate) "$@" "$b" agent-hook <"$work/hook-candidate.json" ;;
  esac >/dev/null 2>&1 || true
}

ms_now() { date +%s%N; }
# Wall-clock median (ms, one decimal) of RUNS runs of NAME with binary B.
wall_median() {
  local name="$1" b="$2" i t0 t1
  for ((i = 0; i < RUNS; i++)); do
    t0=$(ms_now)
    run_case "$name" "$b"
    t1=$(ms_now)
    echo $(((t1 - t0) / 1000))
  done | sort -n | awk '{v[NR] = $1} END {printf "%.1f", v[int((NR + 1) / 2)] / 1000}'
}
# Instructions (millions) of one run under callgrind.
instructions() {
  local name="$1" b="$2"
  [[ "$CALLGRIND" == 1 ]] || { echo "-"; return; }
  run_case "$name" "$b" bench_callgrind "$work/cg.log"
  bench_collected "$work/cg.log" | awk '{printf "%.1f", $1 / 1e6}'
  rm -f "$work/cg.log"
}

rows=()
for c in $CASES; do
  case "$c" in
    small) rows+=(small) ;;
    source) rows+=(source) ;;
    demo) rows+=(demo-cold demo-warm) ;;
    staged) make_repo; rows+=(staged) ;;
    hook) rows+=(hook-ordinary hook-candidate) ;;
    *) echo "startup: unknown case $c" >&2; exit 2 ;;
  esac
done
for name in "${rows[@]}"; do  # warm page cache and pattern cache
  run_case "$name" "$BIN"
  [[ -z "$BASE" ]] || run_case "$name" "$BASE"
done

declare -A label=(
  [small]="scan one small file"
  [source]="scan one .ts file, candidate"
  [demo-cold]="scan examples/demo, cold cache"
  [demo-warm]="scan examples/demo, warm cache"
  [staged]="scan --staged, 5-file commit"
  [hook-ordinary]="agent-hook, ordinary file"
  [hook-candidate]="agent-hook, file with candidate"
)
echo "binary: $BIN${BASE:+ (baseline: $BASE)}"
echo "wall: median of $RUNS runs${BASE:+, interleaved with the baseline}; Minstr: instructions of one run under callgrind (all threads)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
if [[ -z "$BASE" ]]; then
  echo "| case                             | wall ms | Minstr  |"
  echo "|----------------------------------|---------|---------|"
else
  echo "| case                             | wall ms | base ms | Minstr  | base Minstr | base/new    |"
  echo "|----------------------------------|---------|---------|---------|-------------|-------------|"
fi
for name in "${rows[@]}"; do
  if [[ -z "$BASE" ]]; then
    printf '| %-32s | %7s | %7s |\n' "${label[$name]}" "$(wall_median "$name" "$BIN")" "$(instructions "$name" "$BIN")"
  else
    # Interleaved in small batches so that load hits both alike.
    w=() wb=()
    for ((k = 0; k < RUNS; k++)); do
      w+=("$(RUNS=1 wall_median "$name" "$BIN")")
      wb+=("$(RUNS=1 wall_median "$name" "$BASE")")
    done
    med() { printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
    i=$(instructions "$name" "$BIN")
    ib=$(instructions "$name" "$BASE")
    r=$(awk -v a="$i" -v b="$ib" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2fx", b / a; else print "-" }')
    printf '| %-32s | %7s | %7s | %7s | %11s | %11s |\n' "${label[$name]}" "$(med "${w[@]}")" "$(med "${wb[@]}")" \
      "$i" "$ib" "$r"
  fi
done
echo
echo "targets: one small file < 15 ms; scan --staged < 30 ms; agent-hook (ordinary file) < 10 ms; demo cold < 100 ms"
echo "cache entries after the runs: $(find "$BLASTRADIUS_CACHE_DIR" "$work/cold-cache" -name 'hsdb-*' 2>/dev/null | wc -l) (0: no pattern database compiled at run time)"
