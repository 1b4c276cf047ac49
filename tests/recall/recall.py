#!/usr/bin/env python3
"""Recall of the signature database on a generated corpus.

The corpus is built fresh in a temporary directory from every signature's
positive examples, two ways:
  * as written, embedded in files of different kinds (.env, YAML, JSON,
    Python, shell) with unrelated lines around them;
  * mutated: each secret's random part is replaced by new random characters
    of the same class (digits stay digits, lower stays lower, ...), keeping
    its first characters (prefixes such as ghp_, sk_live_) and its length.
    Signatures with checksums or decoders are not mutated (a random change
    breaks them by design).
A case counts as recalled when the scan reports the signature's own id at
the case's location. Prints recall per mode and the misses.

usage: recall.py /path/to/blastradius [--min-as-written PCT] [--min-mutated PCT]
With the thresholds it exits 1 when recall falls below them (make test).
"""
import glob, json, os, random, shutil, string, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WRAPPERS = [
    ("case.env", "# settings\nAPP_ENV=production\n{text}\nLOG_LEVEL=info\n"),
    ("case.yaml", "service:\n  name: api\n# config follows\n{text}\n"),
    ("case.py", "import os\n\n{text}\n\ndef main():\n    pass\n"),
    ("case.sh", "#!/bin/sh\nset -e\n{text}\necho done\n"),
    ("case.txt", "{text}"),
]


def mutate(secret, rng, keep, keep_tail=2):
    """New random characters of the same class, run by run: hex runs stay
    hex, digits stay digits, letters keep their case. The first `keep`
    characters (the prefix) and the last two (fixed suffixes such as AA)
    are kept."""
    out = list(secret)
    i = keep
    end = len(secret) - keep_tail
    while i < end:
        if not secret[i].isalnum():
            i += 1
            continue
        j = i
        while j < end and secret[j].isalnum():
            j += 1
        run = secret[i:j]
        if run.isdigit():
            classes = lambda c: string.digits
        elif all(c in "0123456789abcdef" for c in run):
            classes = lambda c: "0123456789abcdef"
        elif all(c in "0123456789ABCDEF" for c in run):
            classes = lambda c: "0123456789ABCDEF"
        else:
            classes = lambda c: (string.digits if c.isdigit() else
                                 string.ascii_lowercase if c.islower() else string.ascii_uppercase)
        for k in range(i, j):
            out[k] = rng.choice(classes(secret[k]))
        i = j
    return "".join(out)


def scan(binary, path):
    r = subprocess.run([binary, "scan", path, "-f", "json", "--show-secrets", "--fail-on", "none", "-q"],
                       capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        sys.exit(f"scan failed: {r.stderr}")
    return json.loads(r.stdout)["findings"]


def main():
    binary = os.path.abspath(sys.argv[1])
    minimum = {}
    args = sys.argv[2:]
    for flag, mode in (("--min-as-written", "as-written"), ("--min-mutated", "mutated")):
        if flag in args:
            minimum[mode] = float(args[args.index(flag) + 1])
    rng = random.Random(20261125)
    sigs = []
    for f in sorted(glob.glob(os.path.join(ROOT, "signatures", "*.json"))):
        if os.path.basename(f) in ("schema.json", "categories.json", "damage.json"):
            continue
        sigs.extend(json.load(open(f))["signatures"])
    work = tempfile.mkdtemp(prefix="blastradius-recall-")
    try:
        # Pass 1: learn each example's secret (as the scanner extracts it).
        probe = os.path.join(work, "probe")
        cases = []
        for s in sigs:
            for k, ex in enumerate(s["examples"]):
                text = ex if isinstance(ex, str) else ex["text"]
                name = ex.get("path", "example.txt") if isinstance(ex, dict) else "example.txt"
                d = os.path.join(probe, f"{s['id']}.{k}")
                os.makedirs(d)
                with open(os.path.join(d, os.path.basename(name)), "w") as fh:
                    fh.write(text)
                cases.append((s, k, text, d))
        secrets_of = {}
        for f in scan(binary, probe):
            for loc in f["locations"]:
                secrets_of.setdefault(loc["path"].split("/")[0], {})[f["rule_id"]] = f.get("secret", "")
        # The fixed parts of a format: the common prefix and suffix of the
        # signature's example secrets.
        fixed = {}
        for s in sigs:
            found_secrets = [secrets_of.get(f"{s['id']}.{k}", {}).get(s["id"]) for k in range(len(s["examples"]))]
            found_secrets = [x for x in found_secrets if x]
            if len(found_secrets) >= 2:
                fixed[s["id"]] = (len(os.path.commonprefix(found_secrets)),
                                  len(os.path.commonprefix([x[::-1] for x in found_secrets])))
        # Pass 2: build the corpus.
        corpus = os.path.join(work, "corpus")
        expected = []  # (mode, sig id, relative path)
        for s, k, text, d in cases:
            key = os.path.basename(d)
            wname, wrap = WRAPPERS[(k + len(s["id"])) % len(WRAPPERS)]
            rel = f"as-written/{key}/{wname}"
            os.makedirs(os.path.join(corpus, os.path.dirname(rel)))
            with open(os.path.join(corpus, rel), "w") as fh:
                fh.write(wrap.format(text=text))
            expected.append(("as-written", s["id"], rel))
            secret = secrets_of.get(key, {}).get(s["id"])
            if secret and not s.get("checksum") and not s.get("decode") and len(secret) >= 12:
                # Keep the prefix: up to the last separator in the first 20
                # characters (sk_live_, xoxb-, glpat-), else 4 characters.
                seps = [i + 1 for i, c in enumerate(secret[:20]) if c in "_-.:"]
                keep = seps[-1] if seps else 4
                prefix, suffix = fixed.get(s["id"], (0, 0))
                new = mutate(secret, rng, max(keep, prefix), max(2, suffix))
                rel = f"mutated/{key}/case.txt"
                os.makedirs(os.path.join(corpus, os.path.dirname(rel)))
                with open(os.path.join(corpus, rel), "w") as fh:
                    fh.write(text.replace(secret, new))
                expected.append(("mutated", s["id"], rel))
        failed = False
        found = set()
        for f in scan(binary, corpus):
            for loc in f["locations"]:
                found.add((f["rule_id"], loc["path"]))
        for mode in ("as-written", "mutated"):
            rows = [e for e in expected if e[0] == mode]
            hits = [e for e in rows if (e[1], e[2]) in found]
            pct = 100.0 * len(hits) / max(1, len(rows))
            print(f"{mode:11} recall {len(hits)}/{len(rows)} = {pct:.1f}%")
            if pct < minimum.get(mode, 0):
                failed = True
            for e in rows:
                if (e[1], e[2]) not in found:
                    print(f"  miss {e[1]} ({e[2]})")
        print(f"{len(sigs)} signatures")
        if failed:
            sys.exit("recall below the required minimum")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
