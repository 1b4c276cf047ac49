#!/usr/bin/env bash
# False-positive ("noise") census on the benchmark corpus. The corpus is
# third-party npm code with no live secrets, so every finding is a candidate
# false positive, and every critical or high one is a false alarm worth
# triaging (fix the signature, the validator or the placeholder list).
#
# Prints: findings and locations per severity, the top rule ids, and every
# critical/high finding with rule id, path, line and the redacted secret.
#
# Environment: BLASTRADIUS (binary, default build/blastradius), BENCH_DIR
# (corpus location, see corpus.sh), TOP (rule ids to list, default 20),
# KEEP_REPORT (copy the JSON report to this path).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
BIN="${BLASTRADIUS:-$root/build/blastradius}"
[[ "$BIN" == /* ]] || BIN="$root/$BIN"
TOP="${TOP:-20}"
[[ -x "$BIN" ]] || { echo "noise: no binary at $BIN (run 'make build' or set BLASTRADIUS=...)" >&2; exit 2; }

# With arguments, the trees named are the corpus (e.g. a second language:
# bench/noise.sh /usr/lib/python3.11 /usr/share/doc); without, the npm corpus.
if [[ $# -gt 0 ]]; then
  CORPUS="$*"
else
  CORPUS="$("$here/corpus.sh" | sed -n 's/^CORPUS=//p' | tail -1)"
fi
WORK="$(mktemp -d "${TMPDIR:-/tmp}/blastradius-noise.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# Not `-o /dev/null`-style tricks: outputs are renamed into place.
rc=0
# shellcheck disable=SC2086
"$BIN" scan $CORPUS --no-default-excludes --fail-on none -q -f json -o "$WORK/report.json" || rc=$?
[[ $rc -eq 0 ]] || { echo "noise: scan exited with $rc" >&2; exit 2; }
[[ -n "${KEEP_REPORT:-}" ]] && cp "$WORK/report.json" "$KEEP_REPORT"

python3 - "$WORK/report.json" "$CORPUS" "$TOP" <<'EOF'
import collections, json, sys

report_path, corpus, top = sys.argv[1], sys.argv[2], int(sys.argv[3])
r = json.load(open(report_path))
findings, scan = r["findings"], r["scan"]
order = ["critical", "high", "medium", "low", "info"]

print(f"corpus: {corpus}")
print(f"scanned {scan['files_scanned']} files, {scan['bytes_scanned'] / 1e6:.1f} MB; "
      f"{len(findings)} findings, {sum(len(f['locations']) for f in findings)} locations "
      "(all presumed false positives: third-party code, no live secrets)")
print()

by_sev = collections.Counter(f["severity"] for f in findings)
loc_sev = collections.Counter()
for f in findings:
    loc_sev[f["severity"]] += len(f["locations"])
print("| severity | findings | locations |")
print("|----------|----------|-----------|")
for s in order + sorted(set(by_sev) - set(order)):
    if s in by_sev or s in order[:4]:
        print(f"| {s:<8} | {by_sev.get(s, 0):>8} | {loc_sev.get(s, 0):>9} |")
print()

rules = collections.Counter(f["rule_id"] for f in findings)
rule_locs = collections.Counter()
rule_sev = {}
for f in findings:
    rule_locs[f["rule_id"]] += len(f["locations"])
    prev = rule_sev.get(f["rule_id"])
    if prev is None or order.index(f["severity"]) < order.index(prev):
        rule_sev[f["rule_id"]] = f["severity"]
print(f"top {top} rule ids (by findings):")
print("| rule id                                  | findings | locations | worst severity |")
print("|------------------------------------------|----------|-----------|----------------|")
for rule, n in rules.most_common(top):
    print(f"| {rule:<40} | {n:>8} | {rule_locs[rule]:>9} | {rule_sev[rule]:<14} |")
print()

hot = [f for f in findings if f["severity"] in ("critical", "high")]
print(f"critical/high findings to triage: {len(hot)}")
for f in hot:
    print(f"- [{f['severity']}] {f['rule_id']} blast_radius={f['blast_radius']} "
          f"confidence={f['confidence']} secret={f['secret_redacted']}")
    for loc in f["locations"][:10]:
        print(f"    {loc['path']}:{loc['line']}:{loc.get('column', '')}")
    if len(f["locations"]) > 10:
        print(f"    ... and {len(f['locations']) - 10} more locations")
EOF
