#!/usr/bin/env bash
# Builds the many-small-files benchmark tree with bench/smallfiles.py (100,000
# generated source-like files, seeded, ~1% holding a generated fake
# credential) into
#   ${BENCH_DIR:-/tmp/blastradius-bench}/smallfiles
# outside the repository. Idempotent like bench/corpus.sh: the stamp hashes
# the generator and its arguments; a matching tree is left alone.
#
#   bench/smallfiles.sh            build if missing, print the size
#   bench/smallfiles.sh --force    rebuild from scratch
#
# Environment: SMALL_FILES (default 100000), SMALL_SEED (default 16).
# Prints "SMALLFILES=<dir>" on its last line so that scripts can pick it up.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/lib.sh
source "$here/lib.sh"
BENCH_DIR="${BENCH_DIR:-/tmp/blastradius-bench}"
TREE="${BENCH_DIR}/smallfiles"
STAMP="${BENCH_DIR}/smallfiles.stamp"   # outside the tree, so never scanned
FILES="${SMALL_FILES:-100000}"
SEED="${SMALL_SEED:-16}"

force=0
[[ "${1:-}" == "--force" ]] && force=1

log() { printf 'smallfiles: %s\n' "$*" >&2; }

want="$({ cat "$here/smallfiles.py"; echo "files=$FILES seed=$SEED"; } | sha256sum | cut -c1-16)"
if [[ $force -eq 0 && -f "$STAMP" && "$(cat "$STAMP")" == "$want" && -d "$TREE" ]]; then
  log "up to date in $TREE"
else
  log "generating $FILES files into $TREE (seed $SEED)"
  rm -f "$STAMP"
  rm -rf "$TREE"
  mkdir -p "$BENCH_DIR"
  python3 "$here/smallfiles.py" "$TREE" --files "$FILES" --seed "$SEED" >&2
  echo "$want" >"$STAMP"
fi

bench_tree_summary smallfiles "$TREE"
echo "SMALLFILES=$TREE"
