#!/usr/bin/env bash
# Installs the pinned test-only npm data (tests/tools/sarif-schema/
# package-lock.json: the SARIF 2.1.0 JSON schema) into
# tests/tools/sarif-schema/node_modules, only when that is missing or older
# than the lock. Scripts are never run (--ignore-scripts) and nothing
# installed is executed: the tests only read the schema file. Quiet on
# success. Called by `make test`, not by `make build` or `make demo`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/tests/tools/sarif-schema"
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
if ! (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >"$log" 2>&1; then
  cat "$log" >&2
  echo "install-test-deps: 'npm ci' failed in $dir" >&2
  exit 1
fi
touch "$stamp"
