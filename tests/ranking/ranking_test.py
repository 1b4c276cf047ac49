#!/usr/bin/env python3
"""Damage orderings (issue 10): for every pairwise claim in orderings.json, scan
each scenario with the real binary and check that the higher scenario ranks
above the lower one: damage(higher) > damage(lower), or equal damage and
confidence(higher) > confidence(lower).

A scenario's file holds its "text", by default the first example of its rule
in signatures/*.json (an example is a string or {"text", "path"}; its own path
is ignored), written at the scenario's path. Each ordering gets a fresh
temporary directory; each of its two scenarios is a git repository of its own
inside it (committed, so every location is "tracked") and is scanned on its
own: the two scenarios often share a rule and its example value, and in one
tree the same secret would be a single finding with both locations.

usage: ranking_test.py /path/to/blastradius [--orderings FILE] [-v]
Prints one line per failing ordering with both figures and the claim's "why",
then the totals; exits 1 when any ordering fails.
"""
import argparse, glob, json, os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SIG_DIR = os.path.join(ROOT, "signatures")
NOT_PROVIDERS = ("schema.json", "categories.json", "damage.json")


def first_examples():
    """rule id -> text of its first example."""
    out = {}
    for path in sorted(glob.glob(os.path.join(SIG_DIR, "*.json"))):
        if os.path.basename(path) in NOT_PROVIDERS:
            continue
        with open(path) as f:
            doc = json.load(f)
        for sig in doc.get("signatures", []):
            examples = sig.get("examples") or []
            if not examples:
                continue
            ex = examples[0]
            out[sig["id"]] = ex["text"] if isinstance(ex, dict) else ex
    return out


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "ranking", "GIT_AUTHOR_EMAIL": "ranking@example.invalid",
                        "GIT_COMMITTER_NAME": "ranking", "GIT_COMMITTER_EMAIL": "ranking@example.invalid",
                        "GIT_CONFIG_NOSYSTEM": "1", "HOME": cwd})


def scan_scenario(binary, repo, scenario, text):
    """(damage, confidence, finding) of the scenario's finding, or (None, None, error text)."""
    path = os.path.join(repo, scenario["path"])
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text if text.endswith("\n") else text + "\n")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "scenario")
    r = subprocess.run([binary, "scan", repo, "-f", "json", "--fail-on", "none", "--no-config"],
                       capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        return None, None, "scan exited %d: %s" % (r.returncode, r.stderr.strip()[:300])
    doc = json.loads(r.stdout)
    for f in doc["findings"]:
        if f["rule_id"] == scenario["rule"] and any(l["path"] == scenario["path"] for l in f["locations"]):
            return f["damage"], f["confidence_score"], f
    found = sorted({"%s@%s" % (f["rule_id"], f["locations"][0]["path"]) for f in doc["findings"]})
    scanned = doc["scan"]["files_scanned"]
    return None, None, "no %s finding at %s (found: %s; %d file%s scanned%s)" % (
        scenario["rule"], scenario["path"], ", ".join(found) or "nothing", scanned, "" if scanned == 1 else "s",
        ": the path is skipped, e.g. by a default exclude" if scanned == 0 else "")


def describe(s, damage, conf):
    return "%s@%s damage %s confidence %s" % (s["rule"], s["path"],
                                              "?" if damage is None else "%.2f" % damage,
                                              "?" if conf is None else "%.2f" % conf)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--orderings", default=os.path.join(ROOT, "tests", "ranking", "orderings.json"))
    ap.add_argument("-v", "--verbose", action="store_true", help="also print the passing orderings")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    with open(args.orderings) as f:
        orderings = json.load(f)
    examples = first_examples()
    passed, failed = 0, []
    for i, o in enumerate(orderings):
        figures = []
        problem = None
        with tempfile.TemporaryDirectory(prefix="blastradius-ranking-") as tmp:
            for side in ("higher", "lower"):
                s = o[side]
                text = s.get("text", examples.get(s["rule"]))
                if text is None:
                    problem = "%s: rule %s has no example and the scenario no text" % (side, s["rule"])
                    break
                repo = os.path.join(tmp, side)
                os.makedirs(repo)
                damage, conf, detail = scan_scenario(binary, repo, s, text)
                if damage is None:
                    problem = "%s: %s" % (side, detail)
                    break
                figures.append((damage, conf))
        label = "#%d %s > %s" % (i, "%s@%s" % (o["higher"]["rule"], o["higher"]["path"]),
                                 "%s@%s" % (o["lower"]["rule"], o["lower"]["path"]))
        if problem:
            failed.append(i)
            print("FAIL %s: %s\n     why: %s" % (label, problem, o["why"]))
            continue
        (dh, ch), (dl, cl) = figures
        ok = dh > dl or (dh == dl and ch > cl)
        if ok:
            passed += 1
            if args.verbose:
                print("ok   %s (%.2f/%.2f vs %.2f/%.2f)" % (label, dh, ch, dl, cl))
            continue
        failed.append(i)
        print("FAIL #%d: higher %s  vs  lower %s\n     why: %s" % (
            i, describe(o["higher"], dh, ch), describe(o["lower"], dl, cl), o["why"]))
    print("ranking: %d passed, %d failed of %d orderings%s" % (
        passed, len(failed), len(orderings), (" (failed: %s)" % ", ".join("#%d" % i for i in failed)) if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
