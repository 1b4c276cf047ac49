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


if __name__ == "__main__":
    BIN = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
