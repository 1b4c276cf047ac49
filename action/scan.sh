#!/usr/bin/env bash
# GitHub Action step: runs the scan, writes the job summary, the SARIF for
# code scanning (action/postprocess.py) and the step outputs.
# Environment: BIN, INPUT_PATH, INPUT_DIFF, INPUT_HISTORY, INPUT_FAIL_ON, INPUT_BASELINE,
#   INPUT_CONFIG, INPUT_ARGS, INPUT_CATEGORY, SARIF, GITHUB_OUTPUT,
#   GITHUB_STEP_SUMMARY, RUNNER_TEMP; run from the workspace (the repository).
# Outputs: exit-code, findings, report, sarif (true when written), category.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${GITHUB_OUTPUT:?}"
tmp="${RUNNER_TEMP:-/tmp}/blastradius"
mkdir -p "$tmp"
path="${INPUT_PATH:-.}"
diff="${INPUT_DIFF:-}"
sarif_out="${SARIF:-blastradius.sarif}"
report="$tmp/report.json"
rm -f "$report" "$sarif_out" "$tmp"/all.* "$tmp"/unbaselined.*

fail() {
  echo "::error title=blastradius::$*"
  echo "exit-code=2" >>"$out"
  exit 2
}

[ -e "$path" ] || fail "path '$path' does not exist in the workspace"

# A pull-request diff needs both ends and their merge base; a shallow
# checkout (actions/checkout's default fetch-depth: 1) has only HEAD.
if [ -n "$diff" ]; then
  repo_dir="$path"
  [ -d "$repo_dir" ] || repo_dir=$(dirname "$repo_dir")
  shallow=$(git -C "$repo_dir" rev-parse --is-shallow-repository 2>/dev/null || echo false)
  base="${diff%%..*}"
  head="${diff##*..}"
  head="${head:-HEAD}"
  missing=""
  for rev in "$base" "$head"; do
    git -C "$repo_dir" rev-parse --verify -q "$rev^{commit}" >/dev/null || missing="$rev"
  done
  if [ -z "$missing" ] && [[ "$diff" == *...* ]] && ! git -C "$repo_dir" merge-base "$base" "$head" >/dev/null 2>&1; then
    missing="the merge base of $base and $head"
  fi
  if [ -n "$missing" ]; then
    if [ "$shallow" = true ]; then
      fail "diff '$diff' needs history, but the checkout is shallow and lacks $missing. Check out with 'fetch-depth: 0' (actions/checkout), or fetch the base commit before this step."
    fi
    fail "diff '$diff': $missing is not a commit in this repository."
  fi
fi

# History (issue 14): every commit reachable from all refs, on request or on
# pushes to the default branch. A shallow checkout has no history to scan.
history=false
case "${INPUT_HISTORY:-false}" in
  true) history=true ;;
  push)
    default_branch=""
    if [ -n "${GITHUB_EVENT_PATH:-}" ] && [ -f "$GITHUB_EVENT_PATH" ]; then
      default_branch=$(python3 -c 'import json,sys; print((json.load(open(sys.argv[1])).get("repository") or {}).get("default_branch") or "")' "$GITHUB_EVENT_PATH")
    fi
    if [ "${GITHUB_EVENT_NAME:-}" = push ] && [ -n "$default_branch" ] && [ "${GITHUB_REF:-}" = "refs/heads/$default_branch" ]; then
      history=true
    fi ;;
  false | "") ;;
  *) fail "history '${INPUT_HISTORY}': expected true, false or push" ;;
esac
if [ "$history" = true ] && [ -n "$diff" ]; then
  echo "::notice title=blastradius::history is ignored with diff (a diff scan already looks at each commit of the range)"
  history=false
fi
if [ "$history" = true ]; then
  repo_dir="$path"
  [ -d "$repo_dir" ] || repo_dir=$(dirname "$repo_dir")
  if [ "$(git -C "$repo_dir" rev-parse --is-shallow-repository 2>/dev/null || echo false)" = true ]; then
    fail "history needs the whole history, but the checkout is shallow. Check out with 'fetch-depth: 0' (actions/checkout)."
  fi
fi

common=()
if [ -n "$diff" ]; then common+=(--diff "$diff"); fi
if [ "$history" = true ]; then common+=(--history); fi
if [ -n "${INPUT_CONFIG:-}" ]; then common+=(--config "$INPUT_CONFIG"); fi
if [ -n "${INPUT_ARGS:-}" ]; then
  read -r -a extra <<<"$INPUT_ARGS"
  common+=("${extra[@]}")
fi
args=(scan "${common[@]}")
if [ -n "${INPUT_FAIL_ON:-}" ]; then args+=(--fail-on "$INPUT_FAIL_ON"); fi
if [ -n "${INPUT_BASELINE:-}" ]; then args+=(--baseline "$INPUT_BASELINE"); fi
args+=(--format text -o - --format json -o "$report")
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then args+=(--format markdown -o "$GITHUB_STEP_SUMMARY"); fi
args+=(-- "$path")

# 1 = findings, 2 = error: keep going to tell them apart.
code=0
"$BIN" "${args[@]}" || code=$?
echo "exit-code=$code" >>"$out"
case "$code" in
  0 | 1) ;;
  *) echo "::error title=blastradius::the scan failed with exit code $code (see the log above)"
     exit "$code" ;;
esac
echo "report=$report" >>"$out"
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$report")
echo "findings=$n" >>"$out"

# Everything, for code scanning: without the baseline and allow markers, so
# that accepted findings go up as suppressed instead of vanishing.
"$BIN" scan "${common[@]}" --no-allow-markers --fail-on none -q --format json -o "$tmp/all.json" \
  --format sarif -o "$tmp/all.sarif" -- "$path" || fail "the scan for code scanning failed"
unbaselined=()
if [ -n "${INPUT_BASELINE:-}" ]; then
  "$BIN" scan "${common[@]}" --baseline "$INPUT_BASELINE" --no-allow-markers --fail-on none -q \
    --format json -o "$tmp/unbaselined.json" -- "$path" || fail "the scan for code scanning failed"
  unbaselined=(--unbaselined "$tmp/unbaselined.json")
fi
# A full scan of a subfolder reports paths relative to it; code scanning
# wants them relative to the repository.
prefix=""
if [ -z "$diff" ] && [ -d "$path" ]; then
  top=$(git -C "$path" rev-parse --show-toplevel 2>/dev/null || pwd)
  prefix=$(python3 -c 'import os,sys; print(os.path.relpath(os.path.realpath(sys.argv[1]), os.path.realpath(sys.argv[2])))' "$path" "$top")
else
  top=$(git rev-parse --show-toplevel 2>/dev/null || pwd)
fi
category="${INPUT_CATEGORY:-}"
if [ -z "$category" ]; then
  if [ -n "$diff" ]; then category="blastradius-diff"; elif [ "$history" = true ]; then category="blastradius-history"; else category="blastradius-full"; fi
  [ "$prefix" = "." ] || [ -z "$prefix" ] || category="$category-${prefix//\//-}"
fi
python3 "$here/postprocess.py" sarif --all "$tmp/all.sarif" --reported "$report" "${unbaselined[@]}" \
  --prefix "$prefix" --root "$top" --category "$category" -o "$sarif_out"
{
  echo "sarif=true"
  echo "category=$category"
  echo "prefix=$prefix"
} >>"$out"
