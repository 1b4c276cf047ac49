#!/usr/bin/env python3
"""The HTML report at 15, 300 and 30,000 findings (issue 17), rendered in
headless Chromium: the picture stays a bounded aggregate (at most 12
credential types and 14 capabilities, the rest folded into "and N more"),
the table shows one page of 100 rows with a pager, the page embeds at most
5,000 findings and says so, and no secret reaches the DOM. Trees are
generated from a seeded PRNG (clearly fake tokens in published formats).
Skips (exit 77) without /usr/bin/chromium.

usage: html_scale_test.py BLASTRADIUS [--keep DIR] [--screenshots]
"""
import json, os, random, re, shutil, subprocess, sys, tempfile

SKIP = 77
CHROMIUM = os.environ.get("BLASTRADIUS_CHROMIUM", "/usr/bin/chromium")
A62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
HEX = "0123456789abcdef"


def s(rng, n, alphabet=A62):
    return "".join(rng.choice(alphabet) for _ in range(n))


# (environment variable, generator): 16 credential types in published formats.
KINDS = [
    ("GITHUB_TOKEN", lambda r: "ghp_" + s(r, 36)),
    ("GITLAB_TOKEN", lambda r: "glpat-" + s(r, 20)),
    ("SLACK_BOT_TOKEN", lambda r: "xoxb-%d-%d-%s" % (r.randrange(10**11, 10**12), r.randrange(10**11, 10**12), s(r, 24))),
    ("STRIPE_SECRET_KEY", lambda r: "sk_live_" + s(r, 24)),
    ("STRIPE_RESTRICTED_KEY", lambda r: "rk_live_" + s(r, 24)),
    ("NPM_TOKEN", lambda r: "npm_" + s(r, 36)),
    ("SENDGRID_API_KEY", lambda r: "SG." + s(r, 22) + "." + s(r, 43)),
    ("DIGITALOCEAN_TOKEN", lambda r: "dop_v1_" + s(r, 64, HEX)),
    ("SHOPIFY_TOKEN", lambda r: "shpat_" + s(r, 32, HEX)),
    ("HF_TOKEN", lambda r: "hf_" + s(r, 34)),
    ("DOPPLER_TOKEN", lambda r: "dp.pt." + s(r, 43)),
    ("LINEAR_API_KEY", lambda r: "lin_api_" + s(r, 40)),
    ("POSTMAN_API_KEY", lambda r: "PMAK-" + s(r, 24, HEX) + "-" + s(r, 34, HEX)),
    ("ANTHROPIC_API_KEY", lambda r: "sk-ant-api03-" + s(r, 93, A62 + "-_") + "AA"),
    ("OPENAI_API_KEY", lambda r: "sk-proj-" + s(r, 48)),
    ("GITHUB_FINE_GRAINED", lambda r: "github_pat_" + s(r, 22) + "_" + s(r, 59)),
]


def make_tree(root, n, seed):
    """n secrets over files of at most 100 lines, the kinds cycling."""
    rng = random.Random(seed)
    secrets = []
    lines_per_file = 100
    for f in range((n + lines_per_file - 1) // lines_per_file):
        lines = []
        for k in range(min(lines_per_file, n - f * lines_per_file)):
            env, gen = KINDS[(f * lines_per_file + k) % len(KINDS)]
            v = gen(rng)
            secrets.append(v)
            lines.append("%s_%d=%s" % (env, k, v))
        d = os.path.join(root, "svc%03d" % (f // 20), "env%02d" % (f % 20))
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, ".env"), "w") as fh:
            fh.write("\n".join(lines) + "\n")
    return secrets


def dump_dom(path, profile, screenshot=None):
    base = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
            "--user-data-dir=" + profile]
    out = subprocess.run(base + ["--dump-dom", "file://" + path], capture_output=True, timeout=300)
    if out.returncode != 0:
        raise SystemExit("chromium failed: " + out.stderr.decode(errors="replace")[-1500:])
    if screenshot:
        subprocess.run(base + ["--window-size=1300,2400", "--screenshot=" + screenshot, "file://" + path],
                       capture_output=True, timeout=300)
    return out.stdout.decode("utf-8")


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    binary = os.path.abspath(args.pop(0))
    keep = None
    shots = "--screenshots" in args
    if "--keep" in args:
        keep = args[args.index("--keep") + 1]
    if not os.access(CHROMIUM, os.X_OK):
        print("SKIPPED: %s not found (Debian package chromium)" % CHROMIUM)
        return SKIP
    tmp = keep or tempfile.mkdtemp(prefix="blastradius-html-scale-")
    os.makedirs(tmp, exist_ok=True)
    failures = []

    def check(cond, what):
        print(("ok   " if cond else "FAIL ") + what)
        if not cond:
            failures.append(what)

    try:
        for n in (15, 300, 30000):
            tree = os.path.join(tmp, "tree-%d" % n)
            shutil.rmtree(tree, ignore_errors=True)
            secrets = make_tree(tree, n, seed=n)
            html, js = os.path.join(tmp, "report-%d.html" % n), os.path.join(tmp, "report-%d.json" % n)
            r = subprocess.run([binary, "scan", tree, "--no-config", "--fail-on", "none", "-q",
                                "-f", "json", "-o", js, "-f", "html", "-o", html],
                               capture_output=True, text=True, timeout=1200)
            check(r.returncode == 0, "%d: scan exit 0 (%s)" % (n, r.stderr.strip()[-300:]))
            with open(js) as f:
                report = json.load(f)
            total = len(report["findings"])
            rule_ids = {x["rule_id"] for x in report["findings"]}
            check(total >= n * 0.9, "%d: the JSON report has %d findings (the tree holds %d secrets)" % (n, total, n))
            size = os.path.getsize(html)
            check(size < 16 * 1024 * 1024, "%d: the page is %.1f MB (under 16 MB)" % (n, size / 1e6))
            dom = dump_dom(html, tempfile.mkdtemp(dir=tmp), os.path.join(tmp, "report-%d.png" % n) if shots else None)
            embedded = min(total, 5000)
            check(('data-rendered="%d"' % embedded) in dom, "%d: the script ran to its end over %d embedded findings" % (n, embedded))
            body = re.sub(r'<script type="application/json" id="br-data">.*?</script>', "", dom, flags=re.S)
            rows = len(re.findall(r'<tr class="finding"', body))
            check(rows == min(embedded, 100), "%d: %d table rows on the first page (want %d)" % (n, rows, min(embedded, 100)))
            ranks = [int(x) for x in re.findall(r'<tr class="finding" data-rank="(\d+)"', body)]
            check(ranks == list(range(1, len(ranks) + 1)), "%d: the first page is the top of the ranking, in order" % n)
            pager = re.search(r'<nav class="pager" id="pager"([^>]*)>.*?<span id="page"[^>]*>([^<]*)<', body, re.S)
            if embedded > 100:
                check(pager and "hidden" not in pager.group(1) and ("Rows 1\u2013100 of %d" % embedded) in pager.group(2),
                      "%d: the pager reads %r" % (n, pager and pager.group(2)))
            else:
                check(pager and "hidden" in pager.group(1), "%d: no pager for one page" % n)
            svg = re.search(r"<svg.*?</svg>", body, re.S).group(0)
            nodes = re.findall(r'<g class="node"[^>]*><title>([^<]*)</title>', svg)
            types = len(re.findall(r'text-anchor="end">', svg)) - 1  # minus the column head
            want_types = min(len(rule_ids), 12) + (1 if len(rule_ids) > 12 else 0)
            check(types == want_types, "%d: %d credential-type nodes for %d types (12 most damaging + 'and N more')"
                  % (n, types, len(rule_ids)))
            folded = [t for t in nodes if "more credential types" in t]
            check(len(folded) == (1 if len(rule_ids) > 12 else 0) and
                  (not folded or folded[0].startswith("%d more credential types" % (len(rule_ids) - 12))),
                  "%d: the picture folds the other types into one node (%s)" % (n, folded))
            truncated = "most damaging of" in body and 'class="truncated"' in body
            check(truncated == (total > 5000), "%d: the page says it embeds only part (%s)" % (n, truncated))
            leaked = [x for x in secrets if x in dom]
            check(not leaked, "%d: no secret in the rendered DOM (%d found)" % (n, len(leaked)))
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
