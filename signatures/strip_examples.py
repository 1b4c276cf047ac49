#!/usr/bin/env python3
"""Writes the runtime copy of a signature file: examples removed (they run as
tests from the source files) and whitespace minified, so the binary parses a
smaller document on every start (pre-commit latency).

usage: strip_examples.py IN.json OUT.json
"""
import json, sys

with open(sys.argv[1]) as f:
    doc = json.load(f)
for sig in doc.get("signatures", []):
    if isinstance(sig, dict):
        sig.pop("examples", None)
        sig.pop("negative_examples", None)
with open(sys.argv[2], "w") as f:
    json.dump(doc, f, separators=(",", ":"), ensure_ascii=False)
