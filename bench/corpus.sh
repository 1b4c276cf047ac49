#!/usr/bin/env bash
# Builds the benchmark corpus: the pinned npm packages of bench/package.json
# and bench/package-lock.json, installed with `npm ci --ignore-scripts`
# (nothing from the packages is ever executed) into
#   ${BENCH_DIR:-/tmp/blastradius-bench}/corpus
# outside the repository. Idempotent: when the corpus was already built
# from the same lock file it is left alone. Prints its file count and bytes.
#
#   bench/corpus.sh            build if missing, print the size
#   bench/corpus.sh --force    rebuild from scratch
#
# Prints "CORPUS=<dir>" on its last line so that scripts can pick it up.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/lib.sh
source "$here/lib.sh"
BENCH_DIR="${BENCH_DIR:-/tmp/blastradius-bench}"
CORPUS="${BENCH_DIR}/corpus"
STAMP="${BENCH_DIR}/corpus.stamp"   # outside the corpus, so never scanned

force=0
[[ "${1:-}" == "--force" ]] && force=1

log() { printf 'corpus: %s\n' "$*" >&2; }

# Contents only: the same pins from another checkout are the same corpus.
lock_hash() { cat "$here/package.json" "$here/package-lock.json" | sha256sum | cut -c1-16; }

want="$(lock_hash)"
if [[ $force -eq 0 && -f "$STAMP" && "$(cat "$STAMP")" == "$want" && -d "$CORPUS/node_modules" ]]; then
  log "up to date in $CORPUS"
else
  if ! command -v npm >/dev/null 2>&1; then
    log "npm is missing; installing Debian's npm"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 && apt-get install -y -qq npm >&2
  fi
  log "installing pinned packages into $CORPUS (npm ci --ignore-scripts)"
  rm -f "$STAMP"
  rm -rf "$CORPUS"
  mkdir -p "$CORPUS"
  cp "$here/package.json" "$here/package-lock.json" "$CORPUS/"
  # A private npm cache keeps reruns offline-friendly and the user's cache clean.
  (cd "$CORPUS" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error \
      --cache "$BENCH_DIR/npm-cache" >&2)
  echo "$want" >"$STAMP"
fi

bench_tree_summary corpus "$CORPUS"
echo "CORPUS=$CORPUS"
