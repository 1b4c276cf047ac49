#!/usr/bin/env python3
"""Renders the HTML report of the test fixture in headless Chromium and
checks the DOM after the page's script ran: one table row per finding (rows
are built by the script), the severity filter counts, and no fixture secret
anywhere. Skips (exit code 77) when /usr/bin/chromium is not installed
(Debian package: chromium).

usage: html_browser_test.py /path/to/report_fixture_dump
"""
import json, os, re, subprocess, sys, tempfile

SKIP = 77
CHROMIUM = os.environ.get("BLASTRADIUS_CHROMIUM", "/usr/bin/chromium")


def start_dump_dom(path, profile):
    """Starts headless Chromium on file://path; returns the process."""
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
           "--user-data-dir=" + profile, "--dump-dom", "file://" + path]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish_dump_dom(proc):
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise SystemExit("chromium did not finish within 60 s")
    if proc.returncode != 0:
        raise SystemExit("chromium failed (%d): %s" % (proc.returncode, err.decode(errors="replace")[-2000:]))
    return out.decode("utf-8")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    if not os.access(CHROMIUM, os.X_OK):
        print("SKIPPED: %s not found; install Debian's chromium package (apt-get install -y chromium) "
              "to run the headless HTML check" % CHROMIUM)
        return SKIP
    failures = []
    with tempfile.TemporaryDirectory(prefix="blastradius-html-") as tmp:
        out = os.path.join(tmp, "out")
        subprocess.run([sys.argv[1], out], check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(out, "secrets.txt")) as f:
            secrets = [s for s in f.read().split("\n") if s]
        with open(os.path.join(out, "report.json")) as f:
            expected = len(json.load(f)["findings"])
        # "#expand-all" opens every capability card, so the cards are built too.
        pages = (("report.html#expand-all", expected), ("report-empty.html", 0))
        procs = [start_dump_dom(os.path.join(out, name), tempfile.mkdtemp(dir=tmp)) for name, _ in pages]
        for (name, want), proc in zip(pages, procs):
            dom = finish_dump_dom(proc)
            if ('data-rendered="%d"' % want) not in dom:
                failures.append("%s: the page's script did not run to its end" % name)
            # The findings data is serialised raw inside its script element;
            # everything else is the rendered document.
            dom = re.sub(r'<script type="application/json" id="br-data">.*?</script>', "", dom, flags=re.S)
            rows = len(re.findall(r'<tr class="finding"', dom))
            if rows != want:
                failures.append("%s: %d finding rows in the rendered table, want %d" % (name, rows, want))
            cards = len(re.findall(r'<tr class="card"', dom))
            if cards != want:
                failures.append("%s: %d capability cards after expanding all, want %d" % (name, cards, want))
            if want and not all(s in dom for s in (
                    "Deletes the whole organisation", "Revoke", "Damage factors", "Confidence factors", "expired on 2017-03-20", "gitignored, production",
                    'href="https://docs.example.com/fakecloud/tokens"', "deploy/&lt;script&gt;alert(1)&lt;/script&gt;.yml")):
                failures.append("%s: a capability card lacks expected content" % name)
            if "javascript:" in dom.replace("javascript:alert(1)</li>", ""):
                failures.append("%s: a javascript: reference became a link" % name)
            shown = re.search(r'<span id="shown"[^>]*>([^<]*)<', dom)
            if not shown or ("%d finding" % want) not in shown.group(1):
                failures.append("%s: the findings count is %r" % (name, shown and shown.group(1)))
            if name == "report-empty.html" and "No credentials found." not in dom:
                failures.append("%s: no empty-state message" % name)
            if "<script>alert(" in dom:
                failures.append("%s: a fixture path was rendered as markup" % name)
            leaked = [s for s in secrets if s in dom or s[6:26] in dom]
            if leaked:
                failures.append("%s: %d fixture secrets in the rendered DOM" % (name, len(leaked)))
    for f in failures:
        print("FAIL: " + f)
    if not failures:
        print("ok: the rendered table has one row per finding and no secret")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
