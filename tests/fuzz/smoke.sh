#!/usr/bin/env bash
# Runs every libFuzzer target of BUILD_DIR (a -DBLASTRADIUS_FUZZ=ON build)
# for a fixed number of inputs with a fixed seed (not a time budget), from
# seed corpora taken from the repository. A crash, leak or sanitizer report
# fails the run and leaves the input in BUILD_DIR/fuzz-out/<target>/.
#
#   smoke.sh BUILD_DIR [RUNS]      (RUNS: mutations per target, default 3000)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="$(cd "$1" && pwd)"
runs="${2:-3000}"
bin="$build/tests/fuzz"
# The matcher target compiles the signatures once; keep that out of $HOME.
export BLASTRADIUS_CACHE_DIR="$build/fuzz-cache"

# Seed files per target (paths relative to the repository; directories are
# read recursively by libFuzzer).
seeds() {
  case "$1" in
    signature_fuzz) ls "$root"/signatures/*.json | head -n 40 ;;
    config_fuzz) echo "$root/tests/fuzz/seeds/config" ;;
    baseline_fuzz) echo "$root/tests/fuzz/seeds/baseline" ;;
    pattern_cache_fuzz) echo "$root/tests/fuzz/seeds/pattern_cache" ;;
    agents_fuzz) echo "$root/tests/fuzz/seeds/agents" ;;
    agent_hook_fuzz) echo "$root/tests/agents/events" ;;
    line_reader_fuzz) for d in dotenv ini netrc npmrc git-credentials dockerfile; do echo "$root/tests/context/$d"; done ;;
    decode_fuzz | matcher_fuzz | context_fuzz) echo "$root/tests/context" ;;
  esac
}

failed=()
for target in signature_fuzz config_fuzz baseline_fuzz decode_fuzz matcher_fuzz pattern_cache_fuzz agents_fuzz \
  agent_hook_fuzz line_reader_fuzz context_fuzz; do
  if [ ! -x "$bin/$target" ]; then
    case "$target" in
      line_reader_fuzz | context_fuzz) echo "fuzz-smoke: $target not built (BLASTRADIUS_CONTEXT=OFF)"; continue ;;
      *) echo "fuzz-smoke: $bin/$target is missing" >&2; exit 2 ;;
    esac
  fi
  seed_dir="$build/fuzz-seeds/$target"
  out="$build/fuzz-out/$target"
  rm -rf "$seed_dir" "$out"
  mkdir -p "$seed_dir" "$out/corpus"
  # Copied so that libFuzzer never writes into the repository.
  while read -r s; do
    if [ -d "$s" ]; then cp -r "$s"/. "$seed_dir/"; else cp "$s" "$seed_dir/"; fi
  done < <(seeds "$target")
  start=$(date +%s%N)
  if (cd "$out" && "$bin/$target" -runs="$runs" -seed=1 -max_len=8192 -timeout=60 -rss_limit_mb=4096 \
    "$out/corpus" "$seed_dir" >"$out/log" 2>&1); then
    ms=$((($(date +%s%N) - start) / 1000000))
    printf 'fuzz-smoke: %-20s ok  %d.%01d s\n' "$target" $((ms / 1000)) $((ms % 1000 / 100))
  else
    echo "fuzz-smoke: $target FAILED (log: $out/log)"
    tail -n 40 "$out/log" >&2
    failed+=("$target")
  fi
done
[ ${#failed[@]} -eq 0 ] || { echo "fuzz-smoke: failed: ${failed[*]}" >&2; exit 1; }
