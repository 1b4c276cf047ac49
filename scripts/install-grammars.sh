#!/usr/bin/env bash
# Installs the pinned tree-sitter grammar sources (grammars/package-lock.json)
# into grammars/node_modules, only when that is missing or older than the lock.
# Scripts are never run (--ignore-scripts): only the generated C sources are
# used, compiled by grammars/CMakeLists.txt. Works offline when npm's cache
# (~/.npm/_cacache) holds the pinned tarballs. Quiet on success.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/grammars"
# npm writes this hidden lockfile last, so it is missing after an interrupted install.
stamp="$dir/node_modules/.package-lock.json"

if [ -f "$stamp" ] && [ ! "$dir/package-lock.json" -nt "$stamp" ] && [ ! "$dir/package.json" -nt "$stamp" ]; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "installing: nodejs npm"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
npm_ci() { (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error "$@") >"$log" 2>&1; }
# The pinned tarballs (package-lock.json: resolved + integrity) come from
# npm's cache when they are there, so a machine without network builds once
# they have been fetched; otherwise from the registry.
if ! npm_ci --offline && ! npm_ci; then
  cat "$log" >&2
  echo "install-grammars: 'npm ci' failed in $dir (no network? the pinned tarballs are not in npm's cache;" \
    "or build without grammars: cmake -DBLASTRADIUS_CONTEXT=OFF / make CONTEXT=OFF)" >&2
  exit 1
fi
# npm ci keeps the packages' own mtimes; mark the install as newer than the lock.
touch "$stamp"
