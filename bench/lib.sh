# shellcheck shell=bash
# Shell functions shared by the bench/ scripts (sourced, not run):
# logging, installing missing Debian tools, medians, GNU time measurements,
# and building bench/tools/profile_matcher. Callers set `set -euo pipefail`.

bench_log() { printf 'bench: %s\n' "$*" >&2; }
bench_die() { printf 'bench: %s\n' "$*" >&2; exit 2; }

# Installs Debian packages (as root, or through sudo).
bench_apt_install() {
  bench_log "installing Debian package(s): $*"
  export DEBIAN_FRONTEND=noninteractive
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq >&2 || true
  "${sudo[@]}" apt-get install -y -qq "$@" >&2
}

# Median of the numbers on stdin, one a line (the mean of the middle two
# when their count is even); prints nothing for no input.
bench_median() {
  sort -g | awk '{v[NR] = $1} END {if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

# "FILES BYTES" of the regular files under DIR.
bench_tree_size() {
  find "$1" -type f -printf '%s\n' | awk '{n++; s += $1} END {printf "%d %d\n", n, s}'
}

# bench_tree_summary NAME DIR: "NAME: F files, B bytes (M MB), D directories"
# on stderr, as the tree builders (corpus.sh, smallfiles.sh) end.
bench_tree_summary() {
  local files bytes dirs
  read -r files bytes < <(bench_tree_size "$2")
  dirs=$(find "$2" -type d | wc -l)
  printf '%s: %s files, %s bytes (%.1f MB), %s directories\n' \
    "$1" "$files" "$bytes" "$(awk -v b="$bytes" 'BEGIN {print b / 1e6}')" "$dirs" >&2
}

# bench_time OUT CMD...: runs CMD under GNU time -v (stdout discarded, stderr
# to OUT.err) and appends "wall_s rss_kb user_s sys_s" to OUT. Never fails.
bench_time() {
  local out="$1"; shift
  /usr/bin/time -v -o "$out.time" "$@" >/dev/null 2>"$out.err" || true
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (k = 1; k <= n; k++) w = w * 60 + p[k] }
    /Maximum resident set size/ { rss = $2 }
    /User time/ { u = $2 }
    /System time/ { s = $2 }
    END { printf "%.3f %d %.2f %.2f\n", w, rss, u, s }' "$out.time" >>"$out"
}

# bench_column FILE N: median of column N of FILE.
bench_column() { awk -v c="$2" '{print $c}' "$1" | bench_median; }

# bench_paired_ratio A B: median over lines of (col 1 of A / col 1 of B), the
# files holding one line per interleaved round.
bench_paired_ratio() {
  paste -d' ' <(awk '{print $1}' "$1") <(awk '{print $1}' "$2") |
    awk '$2 > 0 {print $1 / $2}' | bench_median
}

# bench_build_profile_matcher ROOT BUILD_DIR OUT: links tools/profile_matcher.cc
# against the scanner's static libraries of BUILD_DIR into OUT.
bench_build_profile_matcher() {
  local root="$1" build="$2" out="$3" libs
  mapfile -t libs < <(find "$build/scanner" "$build/signatures" -name 'libblastradius_*.a' | sort)
  [[ ${#libs[@]} -gt 0 ]] || { bench_log "no scanner libraries under $build (build first)"; return 2; }
  bench_log "building $out against $build"
  # shellcheck disable=SC2046
  g++ -std=c++20 -O2 -g -I"$root" "$root/bench/tools/profile_matcher.cc" -o "$out" \
    -Wl,--start-group "${libs[@]}" -Wl,--end-group \
    $(pkg-config --libs re2 libhs) $(pkg-config --libs tree-sitter 2>/dev/null || true) \
    -ltbb -lfmt -lnettle -lpthread
}

# bench_callgrind LOG CMD...: runs CMD under valgrind's callgrind (no
# profile kept; valgrind's log to LOG). Callers put it in front of a binary.
bench_callgrind() {
  local log="$1"; shift
  valgrind --tool=callgrind --callgrind-out-file=/dev/null --log-file="$log" "$@"
}

# bench_collected LOG: the instruction count a bench_callgrind run wrote to
# LOG (empty when it did not finish).
bench_collected() { awk '/Collected :/ {print $NF}' "$1"; }
