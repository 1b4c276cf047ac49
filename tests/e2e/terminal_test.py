#!/usr/bin/env python3
"""End-to-end tests of daily use on a terminal (issue 17): colour (--color,
NO_COLOR, TERM=dumb), progress on stderr, output binding, the rules
command, flags familiar from gitleaks and TruffleHog, and the summary and
error policy. Terminal behaviour runs the binary on a pseudo-terminal
(Python's pty module), as a user's shell would.

usage: terminal_test.py /path/to/blastradius
"""
import errno, json, os, pty, re, select, shutil, subprocess, sys, tempfile, time, unittest

BIN = None
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Synthetic values generated for these tests (random characters, not real).
ACCOUNT_UUID = "3f6c1a9e-52b7-4d0e-9a61-c8e4b27d05f3"
TOK = "tok_q8ztr2vlm0pk"
ESC = "\x1b["

EXTRA_SIGNATURES = {
    "provider": "e2etest", "name": "E2E Test",
    "signatures": [{
        "id": "e2etest.token", "name": "E2E test token",
        "references": ["https://example.org/docs"],
        "pattern": "\\b(tok_[a-z0-9]{12})\\b", "scope": "project",
        "capabilities": ["data:read"], "irreversible": [], "expires": "days",
        "base_severity": "low", "blast_radius": 2.0,
        "worst_case": "Reads test data of one project.",
        "remediation": {"revoke": "Delete it in settings.", "replace": "Use nothing."},
        "examples": ["tok_q8ztr2vlm0pk", "x tok_b7yqs1ukl9oj"], "negative_examples": ["tok_short"],
    }],
}


def base_env(**extra):
    """The test's environment without the variables under test."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM", "CI", "GITHUB_ACTIONS")}
    env["TERM"] = "xterm-256color"
    env.update(extra)
    return {k: v for k, v in env.items() if v is not None}


def run(*args, env=None, input=None, cwd=None):
    return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=300, env=env or base_env(),
                          input=input, cwd=cwd)


class PtyResult:
    def __init__(self, returncode, tty, other):
        self.returncode = returncode
        self.tty = tty      # what the process wrote to the terminal
        self.other = other  # what it wrote to the stream that was not a terminal


def run_on_pty(*args, env=None, tty="stdout", stdin_chunks=None, cols=100):
    """Runs the binary with `tty` ("stdout", "stderr" or "both") on a
    pseudo-terminal; the other stream goes to a file. `stdin_chunks`: a
    list of (delay seconds, bytes) written to a pipe on stdin, which is then
    closed (None: stdin is /dev/null)."""
    master, slave = pty.openpty()
    import fcntl, struct, termios
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, cols, 0, 0))
    other = tempfile.TemporaryFile()
    stdout = slave if tty in ("stdout", "both") else other
    stderr = slave if tty in ("stderr", "both") else other
    stdin = subprocess.PIPE if stdin_chunks is not None else subprocess.DEVNULL
    p = subprocess.Popen([BIN, *args], stdin=stdin, stdout=stdout, stderr=stderr, env=env or base_env(),
                         close_fds=True)
    os.close(slave)
    out = b""
    chunks = list(stdin_chunks or [])
    start = time.monotonic()
    deadline = start + 300
    while time.monotonic() < deadline:
        if chunks and time.monotonic() - start >= chunks[0][0]:
            p.stdin.write(chunks.pop(0)[1])
            p.stdin.flush()
            if not chunks:
                p.stdin.close()
        ready, _, _ = select.select([master], [], [], 0.05)
        if not ready:
            if p.poll() is not None and not chunks:
                # Drain what is left, then stop.
                ready, _, _ = select.select([master], [], [], 0.2)
                if not ready:
                    break
            continue
        try:
            data = os.read(master, 65536)
        except OSError as e:
            if e.errno == errno.EIO:  # every writer closed the terminal
                break
            raise
        if not data:
            break
        out += data
    if stdin_chunks is not None and not p.stdin.closed:
        p.stdin.close()
    code = p.wait(timeout=60)
    os.close(master)
    other.seek(0)
    rest = other.read().decode()
    other.close()
    return PtyResult(code, out.decode("utf-8", "replace").replace("\r\n", "\n"), rest)


class Fixture(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="blastradius-term-")
        self.tree = os.path.join(self.dir, "tree")
        self.sigs = os.path.join(self.dir, "sigs")
        os.makedirs(self.tree)
        os.makedirs(self.sigs)
        with open(os.path.join(self.sigs, "e2e.json"), "w") as f:
            json.dump(EXTRA_SIGNATURES, f)
        self.write(".env", f"RAILWAY_API_TOKEN={ACCOUNT_UUID}\n")
        self.write("notes.txt", f"token {TOK}\n")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def write(self, rel, text, mode="w"):
        p = os.path.join(self.tree, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, mode) as f:
            f.write(text)
        return p


class ColorTest(Fixture):
    """--color auto|always|never, NO_COLOR (any non-empty value), TERM=dumb."""

    def scan_tty(self, *args, **env):
        r = run_on_pty("scan", self.tree, "--fail-on", "none", *args, env=base_env(**env))
        self.assertEqual(r.returncode, 0, r.tty + r.other)
        self.assertIn("railway.token.account", r.tty)
        return r.tty

    def test_terminal_gets_colour_by_default(self):
        self.assertIn(ESC, self.scan_tty())

    def test_no_color_any_non_empty_value(self):
        for value in ("1", "true", "0", "no"):
            self.assertNotIn(ESC, self.scan_tty(NO_COLOR=value), value)
        # An empty NO_COLOR is the same as none (no-color.org).
        self.assertIn(ESC, self.scan_tty(NO_COLOR=""))

    def test_dumb_terminal(self):
        self.assertNotIn(ESC, self.scan_tty(TERM="dumb"))

    def test_color_flag_wins_over_the_environment(self):
        self.assertIn(ESC, self.scan_tty("--color", "always", NO_COLOR="1"))
        self.assertIn(ESC, self.scan_tty("--color=always", TERM="dumb"))
        self.assertNotIn(ESC, self.scan_tty("--color", "never"))
        self.assertNotIn(ESC, self.scan_tty("--no-color"))
        self.assertIn(ESC, self.scan_tty("--color", "auto"))

    def test_pipe_gets_colour_only_when_asked(self):
        r = run("scan", self.tree, "--fail-on", "none")
        self.assertNotIn(ESC, r.stdout)
        r = run("scan", self.tree, "--fail-on", "none", "--color", "always")
        self.assertIn(ESC, r.stdout)
        # A report file never gets colour.
        out = os.path.join(self.dir, "report.txt")
        run("scan", self.tree, "--fail-on", "none", "--color", "always", "-f", "text", "-o", out)
        with open(out) as f:
            self.assertNotIn(ESC, f.read())

    def test_bad_color_value(self):
        r = run("scan", self.tree, "--color", "sometimes")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--color sometimes", r.stderr)


def make_big_tree(path, files=3000, size=12000):
    """A tree that takes a while to scan with one thread (about 36 MB)."""
    import random
    rng = random.Random(17)
    words = ["alpha", "beta", "gamma", "delta", "value", "config", "return", "const", "let", "def"]
    for i in range(files):
        d = os.path.join(path, "d%03d" % (i // 100))
        os.makedirs(d, exist_ok=True)
        text = " ".join(rng.choice(words) for _ in range(size // 6)) + "\n"
        with open(os.path.join(d, "f%05d.txt" % i), "w") as f:
            f.write(text)
    with open(os.path.join(path, ".env"), "w") as f:
        f.write(f"RAILWAY_API_TOKEN={ACCOUNT_UUID}\n")


def without_duration(doc):
    doc["scan"]["duration_ms"] = 0
    return doc


class ProgressTest(unittest.TestCase):
    """Progress on stderr: only on a terminal (or --progress), cleared at the
    end, never changing the results."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="blastradius-progress-")
        cls.big = os.path.join(cls.dir, "big")
        make_big_tree(cls.big)
        cls.sigs = os.path.join(cls.dir, "sigs")
        os.makedirs(cls.sigs)
        with open(os.path.join(cls.sigs, "e2e.json"), "w") as f:
            json.dump(EXTRA_SIGNATURES, f)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def scan_big(self, *args, **env):
        # Every phase change draws a frame at once: what is drawn does not
        # depend on how fast this machine scans the tree.
        env.setdefault("BLASTRADIUS_PROGRESS_EACH_PHASE", "1")
        return run_on_pty("scan", self.big, "--threads", "1", "-f", "json", "--fail-on", "none", *args,
                          env=base_env(**env), tty="stderr")

    def test_progress_on_a_terminal_is_drawn_then_erased(self):
        r = self.scan_big()
        self.assertEqual(r.returncode, 0, r.tty)
        frames = re.findall(r"\r\x1b\[K([^\r]*)", r.tty)
        drawn = [f for f in frames if f]
        self.assertTrue(drawn, repr(r.tty[-500:]))
        # The scan's start draws a scanning frame (BLASTRADIUS_PROGRESS_EACH_PHASE);
        # later ones come every 100 ms on a slower machine.
        scanning = [f for f in drawn if " scanning: " in f]
        self.assertTrue(scanning, repr(drawn[-5:]))
        # files, bytes, findings so far, elapsed, rate; a spinner in front.
        self.assertRegex(scanning[-1], r"^[|/\\-] scanning: [\d,]+ files?, [\d.]+ [kMG]B, [\d,]+ findings?, [\d.]+ s(, [\d.]+ [kMG]B/s)?$")
        self.assertTrue(all(len(f) < 100 for f in drawn))  # never wider than the terminal
        # Erased at the end: the last thing on the terminal is an erase.
        self.assertTrue(r.tty.endswith("\r\x1b[K"), repr(r.tty[-200:]))
        self.assertNotIn("\n", r.tty)  # no line of its own left behind
        # Throttled: at most about ten frames a second.
        self.assertLess(len(drawn), 200)
        # The report on stdout is the same as without progress.
        quiet = run("scan", self.big, "--threads", "1", "-f", "json", "--fail-on", "none", "--no-progress")
        self.assertEqual(without_duration(json.loads(r.other)), without_duration(json.loads(quiet.stdout)))

    def test_spinner_while_the_patterns_compile(self):
        # Extra signatures and no cache: the pattern database is compiled.
        tiny = os.path.join(self.dir, "tiny")
        os.makedirs(tiny, exist_ok=True)
        r = run_on_pty("scan", tiny, "--signatures", self.sigs, "--no-cache", env=base_env(), tty="stderr")
        self.assertEqual(r.returncode, 0, r.tty)
        self.assertRegex(r.tty, r"\r\x1b\[K[|/\\-] compiling \d+ patterns\.\.\. [\d.]+ s")
        self.assertTrue(r.tty.endswith("\r\x1b[K"), repr(r.tty[-200:]))

    def test_no_progress_where_nobody_watches(self):
        # A pipe, CI, TERM=dumb, -q and --no-progress: nothing is drawn.
        r = run("scan", self.big, "--threads", "1", "-f", "json", "--fail-on", "none")
        self.assertEqual(r.stderr, "")
        for args, env in (((), {"CI": "true"}), ((), {"TERM": "dumb"}), (("-q",), {}), (("--no-progress",), {})):
            r = self.scan_big(*args, **env)
            self.assertEqual(r.returncode, 0)
            self.assertNotIn("scanning", r.tty, (args, env))
            self.assertNotIn("\x1b", r.tty, (args, env))

    def test_progress_flag_in_a_log(self):
        # --progress where stderr is not a terminal: plain lines, the last one
        # with the totals; stdout unchanged.
        r = run("scan", self.big, "--threads", "1", "-f", "json", "--fail-on", "none", "--progress",
                env=base_env(CI="true"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("\x1b", r.stderr)
        self.assertNotIn("\r", r.stderr)
        lines = r.stderr.splitlines()
        self.assertRegex(lines[-1], r"^blastradius: scanned: 3,001 files, [\d.]+ MB, 1 finding, [\d.]+ s")
        doc = json.loads(r.stdout)
        self.assertEqual(doc["scan"]["files_scanned"], 3001)
        # --progress on a terminal under CI: drawn anyway (asked for).
        r = self.scan_big("--progress", CI="true")
        self.assertIn("scanning:", r.tty)


class OutputBindingTest(Fixture):
    """-o infers the format from the extension; one document per stream; no
    -o silently replacing another."""

    def scan(self, *args):
        return run("scan", self.tree, "--fail-on", "none", "--signatures", self.sigs, *args)

    def out(self, name):
        return os.path.join(self.dir, name)

    def read(self, name):
        with open(self.out(name)) as f:
            return f.read()

    def assert_usage_error(self, r, *words):
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
        self.assertTrue(r.stderr.startswith("blastradius: "), r.stderr)
        for w in words:
            self.assertIn(w, r.stderr)
        self.assertEqual(r.stdout, "")

    def test_extension_names_the_format(self):
        r = self.scan("-o", self.out("r.sarif"), "-o", self.out("r.json"), "-o", self.out("r.html"),
                      "-o", self.out("r.md"), "-o", self.out("r.txt"), "-o", self.out("gl-secret-detection-report.json"),
                      "-o", self.out("r.sarif.json"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "")  # every report went to its file
        self.assertEqual(json.loads(self.read("r.sarif"))["version"], "2.1.0")
        self.assertEqual(json.loads(self.read("r.sarif.json"))["version"], "2.1.0")
        self.assertIn("findings", json.loads(self.read("r.json")))
        self.assertTrue(self.read("r.html").lstrip().lower().startswith("<!doctype html"))
        self.assertIn("railway.token.account", self.read("r.md"))
        self.assertIn("CREDENTIAL", self.read("r.txt"))
        self.assertIn("vulnerabilities", json.loads(self.read("gl-secret-detection-report.json")))

    def test_format_after_output_names_that_files_format(self):
        # Issue 17: `-o out.sarif -f sarif` wrote the text table into out.sarif.
        r = self.scan("-o", self.out("out.sarif"), "-f", "sarif")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "")
        self.assertEqual(json.loads(self.read("out.sarif"))["version"], "2.1.0")
        # gitleaks order: --report-path FILE --report-format FORMAT.
        r = self.scan("-o", self.out("results"), "-f", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("findings", json.loads(self.read("results")))
        # An extension that says otherwise is ambiguous: refused.
        self.assert_usage_error(self.scan("-o", self.out("x.sarif"), "-f", "json"), "x.sarif", "-f json")
        self.assertFalse(os.path.exists(self.out("x.sarif")))

    def test_format_then_output_as_before(self):
        # make demo: text on stdout, HTML to the file.
        r = self.scan("-f", "text", "-f", "html", "-o", self.out("demo.html"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("railway.token.account", r.stdout)
        self.assertTrue(self.read("demo.html").lstrip().lower().startswith("<!doctype html"))
        # -f wins over the extension when it comes first.
        r = self.scan("-f", "json", "-o", self.out("report.txt"))
        self.assertIn("findings", json.loads(self.read("report.txt")))
        # No extension: text, as it always was (/dev/null, a plain name, -).
        r = self.scan("-o", self.out("plain"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("CREDENTIAL", self.read("plain"))
        self.assertEqual(self.scan("-o", "/dev/null").returncode, 0)
        self.assertIn("CREDENTIAL", self.scan("-o", "-").stdout)

    def test_two_documents_on_one_stream_are_refused(self):
        self.assert_usage_error(self.scan("-f", "json", "-f", "sarif"), "-f json", "-f sarif", "standard output")
        self.assert_usage_error(self.scan("-f", "text", "-f", "json"), "standard output")
        self.assert_usage_error(self.scan("-f", "json", "-o", "-", "-f", "sarif"), "standard output")
        self.assert_usage_error(self.scan("-f", "json", "-o", self.out("a.json"), "-f", "sarif", "-o",
                                          self.out("a.json")), "a.json", "both")
        self.assertFalse(os.path.exists(self.out("a.json")))

    def test_output_overriding_another_is_refused(self):
        # Issue 17: `-f json -o x.json -o y.json` never wrote x.json.
        self.assert_usage_error(self.scan("-f", "json", "-o", self.out("x.json"), "-o", self.out("y.json")),
                                "x.json", "-o")
        self.assertFalse(os.path.exists(self.out("x.json")))
        self.assertFalse(os.path.exists(self.out("y.json")))

    def test_unknown_extension_is_refused(self):
        self.assert_usage_error(self.scan("-o", self.out("report.xml")), "report.xml", "-f FORMAT")
        # ...unless -f says what to write there.
        r = self.scan("-f", "json", "-o", self.out("report.xml"))
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_rules_output_follows_the_extension(self):
        r = run("rules", "--provider", "railway", "-o", self.out("rules.json"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(all(x["provider"] == "railway" for x in json.loads(self.read("rules.json"))))
        self.assertEqual(run("rules", "-o", self.out("rules.sarif")).returncode, 2)


class RulesTest(Fixture):
    """rules filters and JSON, explain PROVIDER, did-you-mean, rules check."""

    def test_positional_word_and_filters(self):
        r = run("rules", "railway", "-f", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        ids = {x["id"] for x in json.loads(r.stdout)}
        self.assertIn("railway.token.account", ids)
        self.assertTrue(all("railway" in i for i in ids))
        r = run("rules", "--provider", "railway", "--severity", "critical", "--format", "json")
        self.assertTrue(all(x["severity"] == "critical" for x in json.loads(r.stdout)))
        r = run("rules", "--capability", "backups:delete")
        self.assertIn("railway.token.account", r.stdout)

    def test_explain_provider_lists_its_signatures(self):
        r = run("explain", "railway")
        self.assertEqual(r.returncode, 0, r.stderr)
        for i in ("railway.token.account", "railway.token.project"):
            self.assertIn(i, r.stdout)
        self.assertIn("Railway (railway)", r.stdout)
        self.assertIn("Worst case", run("explain", "railway.token.account").stdout)

    def assert_suggests(self, args, *words):
        r = run(*args)
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
        self.assertIn("did you mean", r.stderr)
        for w in words:
            self.assertIn(w, r.stderr)

    def test_did_you_mean(self):
        self.assert_suggests(["scna", "."], "did you mean scan?")
        self.assert_suggests(["rulse"], "rules")
        self.assert_suggests(["scan", "--treads", "2"], "--threads")
        self.assert_suggests(["scan", "--max-file", "2"], "--max-file-size")
        self.assert_suggests(["rules", "--provider", "railwya"], "railway")
        self.assert_suggests(["rules", "--capability", "backups:delet"], "backups:delete")
        self.assert_suggests(["explain", "railway.token.acount"], "railway.token.account")
        self.assert_suggests(["explain", "railwya"], "railway")
        # A word that matches nothing: an empty list, a hint on stderr.
        r = run("rules", "railwya", "-f", "json")
        self.assertEqual(r.returncode, 0)
        self.assertEqual(json.loads(r.stdout), [])
        self.assertIn("did you mean railway", r.stderr)

    def check_dir(self, sig):
        d = os.path.join(self.dir, "check-" + sig["id"])
        os.makedirs(d)
        with open(os.path.join(d, "mine.json"), "w") as f:
            json.dump({"provider": "e2etest", "name": "E2E Test", "signatures": [sig]}, f)
        return d

    def test_rules_check(self):
        good = dict(EXTRA_SIGNATURES["signatures"][0], blast_radius=4.3, base_severity="medium")  # as the damage model says
        r = run("rules", "check", self.check_dir(good))
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("1 signature, 2 examples, 1 negative examples: all pass", r.stdout)
        # An example the scan does not report and a negative it does: both
        # named with the file and the signature; exit 1.
        bad = dict(good, id="e2etest.bad", examples=["tok_q8ztr2vlm0pk", "nothing to see"],
                   negative_examples=["tok_short", "tok_a1b2c3d4e5f6"])
        r = run("rules", "check", self.check_dir(bad))
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertRegex(r.stdout, r"mine\.json: e2etest\.bad\n  examples/1: not reported \(got: nothing\)\n"
                                   r"  negative_examples/1: reported\n")
        self.assertIn("2 failures in 1 signature", r.stdout)
        # The full pipeline, not the matcher alone: the generic filter drops
        # generic matches in lock files, so such an example fails.
        lock = dict(good, id="e2etest.generic", generic=True,
                    examples=["tok_q8ztr2vlm0pk", {"text": "tok_b7yqs1ukl9oj", "path": "package-lock.json"}])
        r = run("rules", "check", self.check_dir(lock))
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("examples/1 as package-lock.json: not reported (got: nothing)", r.stdout)
        # A damage figure the model disagrees with is a failure too.
        r = run("rules", "check", self.check_dir(dict(good, id="e2etest.dmg", blast_radius=2.0, base_severity="low")))
        self.assertEqual(r.returncode, 1)
        self.assertIn("differs from the damage model", r.stdout)
        self.assertIn("1 failure in 1 signature", r.stdout)
        self.assertEqual(run("rules", "check").returncode, 2)
        self.assertEqual(run("rules", "check", os.path.join(self.dir, "nope")).returncode, 2)
        # `rules -- check`: the filter word.
        r = run("rules", "--", "check")
        self.assertEqual(r.returncode, 0)
        self.assertIn("of", r.stdout.splitlines()[-1])


class FamiliarFlagsTest(Fixture):
    """Flags users paste from gitleaks and TruffleHog, with the same meaning."""

    def scan(self, *args, **kw):
        return run("scan", self.tree, "--signatures", self.sigs, *args, **kw)

    def test_report_path_and_format(self):
        out = os.path.join(self.dir, "gl.json")
        for args in (("--report-format", "json", "--report-path", out), ("--report-path", out, "--report-format", "json"),
                     ("--report-format=json", "--report-path=" + out)):
            if os.path.exists(out):
                os.remove(out)
            r = self.scan("--fail-on", "none", *args)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, "")
            with open(out) as f:
                self.assertIn("findings", json.load(f))

    def test_redact_is_the_default(self):
        r = self.scan("--redact", "-f", "json")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertNotIn(ACCOUNT_UUID, r.stdout)
        self.assertEqual(without_duration(json.loads(self.scan("--redact=100", "-f", "json").stdout)),
                         without_duration(json.loads(r.stdout)))
        self.assertEqual(self.scan("--redact=50").returncode, 2)
        self.assertEqual(self.scan("--redact", "--show-secrets").returncode, 2)

    def test_exit_code(self):
        self.assertEqual(self.scan("--exit-code", "42").returncode, 42)
        self.assertEqual(self.scan("--exit-code", "0").returncode, 0)
        self.assertEqual(self.scan("--exit-code", "42", "--fail-on", "none").returncode, 0)
        self.assertEqual(self.scan("--exit-code", "256").returncode, 2)
        # Errors keep exit 2.
        self.assertEqual(run("scan", "/no/such/path", "--exit-code", "42").returncode, 2)

    def test_log_level(self):
        self.write("large.txt", "x" * 3000 + "\n")
        r = self.scan("--log-level", "debug", "--fail-on", "none", "--max-file-size", "2K")
        self.assertIn("large.txt: larger than --max-file-size", r.stderr)
        self.assertNotIn("large.txt", self.scan("--log-level", "info", "--fail-on", "none", "--max-file-size",
                                                "2K").stderr)
        self.assertIn("large.txt", self.scan("--log-level=2", "--fail-on", "none", "--max-file-size", "2K").stderr)
        # The report itself is not the verbose one.
        self.assertNotIn("worst case:", r.stdout)
        self.assertEqual(self.scan("--log-level", "loud").returncode, 2)

    def test_max_target_megabytes(self):
        self.write("big.txt", "x" * 1500000 + " " + TOK + "\n")
        doc = json.loads(self.scan("--max-target-megabytes", "1", "-f", "json").stdout)
        self.assertEqual(doc["scan"]["files_too_large"], 1)
        doc = json.loads(self.scan("--max-target-megabytes", "2", "-f", "json").stdout)
        self.assertEqual(doc["scan"]["files_too_large"], 0)
        self.assertEqual(self.scan("--max-target-megabytes", "-1").returncode, 2)

    def test_no_banner_and_concurrency(self):
        a = json.loads(self.scan("--no-banner", "--concurrency", "2", "-f", "json").stdout)
        b = json.loads(self.scan("-f", "json").stdout)
        self.assertEqual(without_duration(a), without_duration(b))

    def test_short_and_other_spellings(self):
        out = os.path.join(self.dir, "r.sarif")
        r = self.scan("-r", out, "--no-update", "--fail-on", "none")
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(out) as f:
            self.assertEqual(json.load(f)["version"], "2.1.0")
        self.assertEqual(self.scan("-l", "loud").returncode, 2)
        self.assertEqual(self.scan("-l", "-1", "--fail-on", "none").returncode, 0)
        self.assertEqual(self.scan("--fail-on-scan-errors", "--fail-on", "none").returncode, 0)

    def test_readme_mapping_flags_are_known(self):
        # Every blastradius flag in the README's gitleaks/TruffleHog table parses.
        with open(os.path.join(ROOT, "README.md")) as f:
            readme = f.read()
        table = readme[readme.index("### Coming from gitleaks or TruffleHog"):]
        table = table[:table.index("\n\n", table.index("|"))]
        flags = set()
        for row in table.splitlines()[2:]:
            cells = row.split("|")
            flags.update(re.findall(r"(?<![\w-])(--[a-z][a-z-]+|-[a-z])\b", cells[3]))
        flags.discard("--json")  # named as TruffleHog's, not ours
        self.assertGreater(len(flags), 15, flags)
        for flag in sorted(flags):
            # "1": the value of a flag that takes one, else a path; --help
            # then prints the usage (or a bad value stops the parse): nothing
            # is scanned or written.
            r = run("scan", flag, "1", "--help", cwd=self.dir)
            self.assertNotIn("unknown option", r.stderr, flag)

    def test_scan_stdin(self):
        text = f"RAILWAY_API_TOKEN={ACCOUNT_UUID}\n"
        r = run("scan", "-", "-f", "json", input=text)
        self.assertEqual(r.returncode, 1, r.stderr)
        doc = json.loads(r.stdout)
        self.assertEqual([(f["rule_id"], f["locations"][0]["path"]) for f in doc["findings"]],
                         [("railway.token.account", "stdin")])
        self.assertEqual(doc["scan"]["files_scanned"], 1)
        self.assertNotIn(ACCOUNT_UUID, r.stdout)
        r = run("scan", "-", "--stdin-name", "deploy/.env.production", "-f", "json", input=text)
        loc = json.loads(r.stdout)["findings"][0]["locations"][0]
        self.assertEqual(loc["path"], "deploy/.env.production")
        self.assertEqual(loc["environment"], "production")
        # Nothing on stdin, binary, too large, and misuse.
        self.assertEqual(run("scan", "-", input="").returncode, 0)
        r = run("scan", "-", "-f", "json", input="a\0b" + text)
        self.assertEqual(json.loads(r.stdout)["scan"]["files_binary"], 1)
        r = run("scan", "-", "--max-file-size", "10", input=text)
        self.assertEqual(r.returncode, 2)
        self.assertIn("larger than --max-file-size", r.stderr)
        self.assertEqual(run("scan", "-", self.tree, input=text).returncode, 2)
        self.assertEqual(run("scan", "--stdin-name", "x", self.tree).returncode, 2)
        self.assertEqual(run("scan", "-", "--staged", input=text).returncode, 2)


class StdinProgressTest(unittest.TestCase):
    """Progress drawn for sure: a scan of standard input that stays open."""

    def test_progress_while_waiting_for_stdin_then_erased(self):
        text = f"RAILWAY_API_TOKEN={ACCOUNT_UUID}\n".encode()
        r = run_on_pty("scan", "-", "-f", "json", "--fail-on", "none", tty="stderr",
                       stdin_chunks=[(0.0, text), (1.5, b"")])
        self.assertEqual(r.returncode, 0, r.tty)
        frames = [f for f in re.findall(r"\r\x1b\[K([^\r]*)", r.tty) if f]
        self.assertTrue(frames, repr(r.tty))
        self.assertRegex(frames[-1], r"^[|/\\-] scanning: 0 files, 0\.0 kB, 0 findings, [\d.]+ s")
        self.assertGreaterEqual(len({f[0] for f in frames}), 2)  # the spinner turns
        self.assertLess(len(frames), 40)  # at most about ten a second
        self.assertTrue(r.tty.endswith("\r\x1b[K"), repr(r.tty[-100:]))
        doc = json.loads(r.other)
        self.assertEqual([f["rule_id"] for f in doc["findings"]], ["railway.token.account"])


class SummaryAndErrorsTest(Fixture):
    """Summary wording, read errors under -q, --fail-on-error/--allow-partial,
    -v listing binary skips."""

    def scan(self, *args, **kw):
        return run("scan", self.tree, "--signatures", self.sigs, *args, **kw)

    def test_singular_and_plural(self):
        one = os.path.join(self.dir, "one")
        os.makedirs(one)
        with open(os.path.join(one, ".env"), "w") as f:
            f.write(f"RAILWAY_API_TOKEN={ACCOUNT_UUID}\n")
        r = run("scan", one, "--fail-on", "none")
        self.assertRegex(r.stdout, r"\n1 finding \(.*\) in 1 file, ")
        self.assertRegex(r.stdout, r"; 1 error|; 0 errors")
        r = self.scan("--fail-on", "none")
        self.assertRegex(r.stdout, r"\n2 findings \(.*\) in 2 files, ")

    def unreadable(self):
        p = self.write("locked.txt", f"{TOK}\n")
        if os.geteuid() == 0:
            # root reads anything: a directory that cannot be listed is not
            # enough either, so use a FIFO named on the command line instead.
            os.remove(p)
            fifo = os.path.join(self.dir, "pipe")
            os.mkfifo(fifo)
            return [self.tree, fifo]
        os.chmod(p, 0)
        return [self.tree]

    def test_errors_shown_under_quiet_and_in_the_exit_code(self):
        roots = self.unreadable()
        for extra in ((), ("-q",), ("--fail-on-error",), ("-q", "--log-level", "fatal")):
            r = run("scan", *roots, "--signatures", self.sigs, "-f", "json", *extra)
            self.assertEqual(r.returncode, 2, (extra, r.stderr))
            self.assertRegex(r.stderr, r"blastradius: \S*(locked\.txt|pipe): ", extra)
            self.assertIn("not scanned completely", r.stderr)
            self.assertTrue(json.loads(r.stdout)["scan"]["errors"])
        # --allow-partial: the findings decide; the error is still named.
        r = run("scan", *roots, "--signatures", self.sigs, "-q", "--allow-partial")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertRegex(r.stderr, r"(locked\.txt|pipe)")
        r = run("scan", *roots, "--allow-partial", "--fail-on-error")
        self.assertEqual(r.returncode, 2)
        self.assertIn("contradict", r.stderr)

    def test_quiet_hides_notes_and_empty_reports(self):
        clean = os.path.join(self.dir, "clean")
        os.makedirs(clean)
        r = run("scan", clean, "-q")
        self.assertEqual((r.returncode, r.stdout, r.stderr), (0, "", ""))

    def test_verbose_lists_binary_skips(self):
        self.write("logo.png", "not really an image\n")
        self.write("data.bin.txt", "abc\0def\n")
        r = self.scan("-v", "--fail-on", "none")
        self.assertIn("blastradius: logo.png: binary file (by its extension); skipped", r.stderr)
        self.assertIn("blastradius: data.bin.txt: binary file; skipped", r.stderr)
        self.assertIn("2 skipped (binary 2, too large 0)", r.stdout)
        self.assertNotIn("logo.png", self.scan("--fail-on", "none").stderr)


if __name__ == "__main__":
    BIN = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
