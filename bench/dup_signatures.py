#!/usr/bin/env python3
"""Writes a second copy of every built-in signature for the doubled-signature
benchmark (bench/run.sh): each signatures/<provider>.json is copied to
OUT_DIR with every id renamed to `<id>.dup` (and `pairs_with` to the
renamed companions), so that `--signatures OUT_DIR` adds 1x the built-in
rules to the built-in set instead of replacing them.

    dup_signatures.py SIGNATURES_DIR OUT_DIR [--wrap]

--wrap wraps each pattern in a non-capturing group, `(?:...)`: distinct
text, the same automaton cost, for a loader that rejects repeated patterns.
The model files (damage.json, categories.json) and schema.json are not
copied: in a --signatures directory they would replace the built-in ones.
"""
import argparse
import glob
import json
import os

SKIP = {"schema.json", "damage.json", "categories.json"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("signatures")
    ap.add_argument("out")
    ap.add_argument("--wrap", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    n = 0
    for path in sorted(glob.glob(os.path.join(args.signatures, "*.json"))):
        if os.path.basename(path) in SKIP:
            continue
        with open(path) as f:
            doc = json.load(f)
        for sig in doc["signatures"]:
            sig["id"] += ".dup"
            if "pairs_with" in sig:
                sig["pairs_with"] = [p + ".dup" for p in sig["pairs_with"]]
            if args.wrap:
                sig["pattern"] = "(?:" + sig["pattern"] + ")"
            n += 1
        with open(os.path.join(args.out, os.path.basename(path)), "w") as f:
            json.dump(doc, f, indent=1)
    print(f"dup_signatures: {n} signatures copied to {args.out}{' (patterns wrapped)' if args.wrap else ''}")


if __name__ == "__main__":
    main()
