#!/usr/bin/env bash
# scripts/install-grammars.sh works without the npm registry once npm's cache
# holds the pinned tarballs (it does after any install-grammars run on this
# machine), and says how to build without grammars when it does not. npm's
# proxy is a closed loopback port, so any fetch fails.
set -euo pipefail
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
command -v npm >/dev/null || { echo "npm is missing (make test installs it)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/tree/scripts" "$tmp/tree/grammars"
cp "$src/scripts/install-grammars.sh" "$tmp/tree/scripts/"
cp "$src/grammars/package.json" "$src/grammars/package-lock.json" "$tmp/tree/grammars/"
export npm_config_proxy=http://127.0.0.1:9/ npm_config_https_proxy=http://127.0.0.1:9/ \
  npm_config_fetch_retries=0 npm_config_fetch_timeout=2000
passed=0 failed=0
check() { if "$@"; then passed=$((passed + 1)); else echo "FAIL: $*" >&2; failed=$((failed + 1)); fi; }

# With npm's cache (the user's, filled by the build's own install-grammars run).
if "$tmp/tree/scripts/install-grammars.sh" >"$tmp/out.log" 2>&1; then passed=$((passed + 1)); else
  cat "$tmp/out.log" >&2; failed=$((failed + 1)); fi
check test -f "$tmp/tree/grammars/node_modules/.package-lock.json"
check test -f "$tmp/tree/grammars/node_modules/tree-sitter-python/src/parser.c"

# With an empty cache: fails, and names the way out.
rm -rf "$tmp/tree/grammars/node_modules"
if npm_config_cache="$tmp/empty-cache" "$tmp/tree/scripts/install-grammars.sh" >"$tmp/out2.log" 2>&1; then
  echo "FAIL: install-grammars succeeded without cache or registry" >&2
  failed=$((failed + 1))
else
  passed=$((passed + 1))
fi
check grep -q "BLASTRADIUS_CONTEXT=OFF" "$tmp/out2.log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
