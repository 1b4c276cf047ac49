#!/usr/bin/env python3
"""Keyword and host anchoring, and one finding per secret across rules.

A value only a fallback rule matches takes a provider's card when its key
names the provider or the request goes to the provider's API host; an unknown
host is named in a note; the same secret matched specifically in one file and
generically in another is one finding with the specific card.

usage: anchoring_test.py BLASTRADIUS
"""
import json, os, random, string, subprocess, sys, tempfile

BIN = sys.argv[1]
R = random.Random(20261205)


def rnd(n, alpha=string.ascii_letters + string.digits):
    return "".join(R.choice(alpha) for _ in range(n))


def scan(files):
    with tempfile.TemporaryDirectory() as d:
        for path, text in files.items():
            p = os.path.join(d, path)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            open(p, "w").write(text)
        out = subprocess.run([BIN, "scan", d, "-f", "json", "--fail-on", "none", "--show-secrets"],
                             capture_output=True, text=True, check=True).stdout
    return json.loads(out)["findings"]


failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


heroku_value = rnd(20)
pat_value = rnd(40, "0123456789abcdef")
f = scan({".env": f"HEROKU_API_KEY={heroku_value}\nJEKYLL_GITHUB_TOKEN={pat_value}\n"})
by_secret = {x["secret"]: x for x in f}
check(by_secret.get(heroku_value, {}).get("rule_id", "").startswith("heroku."), "HEROKU_API_KEY with an off-format value takes a Heroku card")
check(by_secret.get(pat_value, {}).get("rule_id", "").startswith("github."), "JEKYLL_GITHUB_TOKEN takes a GitHub card by provider name")
check(all(x["confidence"] == "low" for x in by_secret.values()), "anchored findings are low confidence")

known, unknown = rnd(32), rnd(32)
f = scan({"scripts/calls.sh": f"curl https://api.particle.io/v1/devices -H 'Authorization: Bearer {known}'\n"
                              f"curl https://orders.partner.internal.net/v2 -H 'Authorization: Bearer {unknown}'\n"})
by_secret = {x["secret"]: x for x in f}
check(by_secret.get(known, {}).get("rule_id", "").startswith("particleio."), "a Bearer token sent to a known API host takes that provider's card")
u = by_secret.get(unknown, {})
check(u.get("rule_id") == "http.bearer_token" and any("orders.partner.internal.net" in n for n in u.get("notes", [])),
      "a Bearer token to an unknown host stays a generic HTTP credential naming the host")

token = "ghp_" + rnd(36)
f = scan({"ci/deploy.yml": f"env:\n  GH_TOKEN: {token}\n", "notes/handover.txt": f"Using token {token} for the mirror job\n"})
hits = [x for x in f if x["secret"] == token]
check(len(hits) == 1 and hits[0]["rule_id"].startswith("github.") and len(hits[0]["locations"]) == 2,
      "a secret matched specifically in one file and generically in another is one finding with the specific card")

key = rnd(32, "0123456789abcdef")
f = scan({"config/master.key": key, "docs/checksums.txt": key + "\n", "config/credentials/staging.key": key + "\n"})
hits = [x for x in f if x["secret"] == key]
check(len(hits) == 1 and hits[0]["rule_id"] == "rails.master_key.file"
      and sorted(l["path"] for l in hits[0]["locations"]) == ["config/credentials/staging.key", "config/master.key"],
      "a path-scoped signature (Rails master key file) fires in its files only, not on the same hex elsewhere")

total = 7
print(f"{total - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
