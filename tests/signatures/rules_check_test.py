#!/usr/bin/env python3
"""`blastradius rules check signatures/` on the repository's own signature
files: every example must be reported and every negative example must not
be, through the whole scan (context, generic filter, anchoring, decoding,
pairing). Examples that pass the matcher alone (signature_examples_test) but
fail only through the full pipeline are listed in KNOWN with the reason;
a new failure, or a listed one that passes now, fails this test.

usage: rules_check_test.py /path/to/blastradius
"""
import os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# (signature id, "examples/N" or "negative_examples/N") -> why it fails only
# through the full pipeline, with the reason (a new failure fails the test,
# and so does a listed one that starts passing).
KNOWN = {}


def main():
    binary = sys.argv[1]
    r = subprocess.run([binary, "rules", "check", os.path.join(ROOT, "signatures")], capture_output=True,
                       text=True, timeout=1200)
    print(r.stdout, end="")
    print(r.stderr, end="", file=sys.stderr)
    if r.returncode not in (0, 1):
        sys.exit(f"rules check exited {r.returncode}")
    summary = r.stdout.strip().splitlines()[-1]
    m = re.match(r"(\d+) signatures, (\d+) examples, (\d+) negative examples: ", summary)
    if not m or int(m.group(1)) < 1000:
        sys.exit(f"unexpected summary: {summary}")
    failing, current = set(), None
    for line in r.stdout.splitlines():
        if re.match(r"^\S+\.json: \S+$", line):
            current = line.split(": ")[1]
        elif line.startswith("  ") and current:
            failing.add((current, line.split()[0].rstrip(":")))
    new = sorted(failing - set(KNOWN))
    fixed = sorted(set(KNOWN) - failing)
    if (r.returncode == 0) != (not failing):
        sys.exit("exit code and failure list disagree")
    for f in new:
        print(f"NEW FAILURE: {f[0]} {f[1]}", file=sys.stderr)
    for f in fixed:
        print(f"passes now, remove it from KNOWN: {f[0]} {f[1]}", file=sys.stderr)
    print(f"{len(failing) - len(new)} known pipeline failures, {len(new)} new, {len(fixed)} fixed")
    sys.exit(1 if new or fixed else 0)


if __name__ == "__main__":
    main()
