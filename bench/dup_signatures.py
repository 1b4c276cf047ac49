#!/usr/bin/env python3
"""Writes a second copy of every built-in signature for the doubled-signature
benchmark (bench/run.sh): each signatures/<provider>.json is copied to
OUT_DIR with every id renamed to `<id>.dup` (and `pairs_with` to the
renamed companions), so that `--signatures OUT_DIR` adds 1x the built-in
rules to the built-in set instead of replacing them.

    dup_signatures.py SIGNATURES_DIR OUT_DIR [--wrap | --same]

By default each copy's pattern (and gate) has its literal letters rotated
by 13 (ROT13; escapes, character classes, group syntax, quantifiers and
macros left alone): the same structure and cost, but distinct literals, so
Vectorscan cannot merge a copy with its original and the doubled set
really is twice the work. (Identical pattern text, --same, is merged by
the pattern compiler and measures nearly nothing.) --wrap wraps each
pattern in a non-capturing group, `(?:...)`, instead.
The model files (damage.json, categories.json) and schema.json are not
copied: in a --signatures directory they would replace the built-in ones.
"""
import argparse
import glob
import json
import os

SKIP = {"schema.json", "damage.json", "categories.json"}


def rot13_literals(pattern):
    """ROT13 of the letters a regex matches literally; the syntax is kept."""
    out, i, n = [], 0, len(pattern)
    rot = lambda c: chr((ord(c) - (65 if c.isupper() else 97) + 13) % 26 + (65 if c.isupper() else 97))
    while i < n:
        c = pattern[i]
        if pattern.startswith("{{", i):  # a macro such as {{assign}}
            j = pattern.index("}}", i) + 2
            out.append(pattern[i:j])
            i = j
        elif c == "\\":  # an escape: \b, \x41, \p{L}
            j = i + 2
            if i + 1 < n and pattern[i + 1] == "x":
                j = i + 4
            elif i + 1 < n and pattern[i + 1] in "pP" and i + 2 < n and pattern[i + 2] == "{":
                j = pattern.index("}", i) + 1
            out.append(pattern[i:j])
            i = j
        elif c == "[":  # a character class, kept whole
            j = i + 1
            if j < n and pattern[j] == "^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            out.append(pattern[i:j + 1])
            i = j + 1
        elif pattern.startswith("(?", i):  # group syntax: (?i) (?:  (?i:  (?P<name>
            j = i + 2
            while j < n and pattern[j] not in ":)":
                j += 1
            out.append(pattern[i:j + 1])
            i = j + 1
        elif c == "{":  # a quantifier
            j = pattern.index("}", i) + 1
            out.append(pattern[i:j])
            i = j
        else:
            out.append(rot(c) if c.isascii() and c.isalpha() else c)
            i += 1
    return "".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("signatures")
    ap.add_argument("out")
    ap.add_argument("--wrap", action="store_true")
    ap.add_argument("--same", action="store_true")
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
            elif not args.same:
                sig["pattern"] = rot13_literals(sig["pattern"])
                if "gate" in sig:
                    sig["gate"] = rot13_literals(sig["gate"])
            n += 1
        with open(os.path.join(args.out, os.path.basename(path)), "w") as f:
            json.dump(doc, f, indent=1)
    print(f"dup_signatures: {n} signatures copied to {args.out}{' (patterns wrapped)' if args.wrap else ' (same patterns)' if args.same else ' (literals rotated)'}")


if __name__ == "__main__":
    main()
