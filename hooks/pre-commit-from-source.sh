#!/usr/bin/env bash
# pre-commit framework hook (language: script): builds blastradius from the
# checkout pre-commit made of this repository the first time it runs, then
# scans what is about to be committed. Extra `args:` from
# .pre-commit-config.yaml are passed to `blastradius scan --staged`.
#
# Environment:
#   BLASTRADIUS_HOOK_BUILD_DIR  where to build (default: <checkout>/build-pre-commit)
set -euo pipefail

src="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BLASTRADIUS_HOOK_BUILD_DIR:-$src/build-pre-commit}"
bin="$build/blastradius"

build_once() {
  for tool in cmake c++ pkg-config; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "blastradius hook: '$tool' is missing; install the build dependencies with" >&2
      echo "  sudo $src/scripts/install-deps.sh   (Debian/Ubuntu)" >&2
      echo "or put a blastradius binary on PATH and use the 'blastradius' hook id instead." >&2
      exit 2
    fi
  done
  mkdir -p "$build"
  echo "blastradius hook: building blastradius once in $build (a few minutes)..." >&2
  local log="$build/build.log"
  if ! { cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBLASTRADIUS_BUILD_TESTS=OFF &&
         cmake --build "$build" --target blastradius -j "$(nproc 2>/dev/null || echo 2)"; } >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "blastradius hook: the build failed; full log: $log" >&2
    exit 2
  fi
}

if [ ! -x "$bin" ]; then
  mkdir -p "$(dirname "$build")"
  if command -v flock >/dev/null 2>&1; then
    # Several repositories may run the hook at once: build only once.
    exec 9>"$build.lock"
    flock 9
    [ -x "$bin" ] || build_once
    exec 9>&-
  else
    build_once
  fi
fi

exec "$bin" scan --staged "$@"
