#!/usr/bin/env bash
# pre-commit framework hook runner (see .pre-commit-hooks.yaml).
#   pre-commit.sh --staged [ARGS...]   scan what is about to be committed
#   pre-commit.sh --files [ARGS...] [FILES...]   scan the given files whole
# ARGS are the hook's `args:` from .pre-commit-config.yaml. Silent when
# nothing is found; on findings, the report goes to stdout and how to fix it
# to stderr. The binary is $BLASTRADIUS_BIN, else `blastradius` on PATH.
set -uo pipefail

bin="${BLASTRADIUS_BIN:-blastradius}"
if ! command -v "$bin" >/dev/null 2>&1; then
  echo "blastradius hook: '$bin' is not on PATH. Install a release (see the README), or use the" >&2
  echo "'blastradius-from-source' hook id, which builds it on first use." >&2
  exit 2
fi

mode="${1:-}"
shift || true
case "$mode" in
  --staged) "$bin" scan --staged --quiet "$@" ;;
  --files)
    # Nothing passed (no file matched): nothing to scan.
    [ $# -gt 0 ] || exit 0
    "$bin" scan --quiet "$@" ;;
  *) echo "usage: pre-commit.sh --staged|--files [ARGS...]" >&2; exit 2 ;;
esac
code=$?
if [ "$code" -eq 1 ]; then
  what="this commit adds the credentials listed above"
  [ "$mode" = --files ] && what="these files hold the credentials listed above"
  cat >&2 <<MSG

blastradius: $what. To fix:
  - remove the value from the file, keep it in an environment variable or a
    secret store instead, and revoke it if it was ever pushed or shared
    (each finding's "Revoke:" line says where);
  - a test value or false positive: put 'blastradius:allow <reason>' in a
    comment on that line (or the line above);
  - accept credentials that are already in the repository:
      blastradius scan --write-baseline .blastradius-baseline.json
    commit that file and add  args: [--baseline, .blastradius-baseline.json]
    to this hook in .pre-commit-config.yaml.
  'git commit --no-verify' skips the hook (CI still scans).
MSG
fi
exit "$code"
