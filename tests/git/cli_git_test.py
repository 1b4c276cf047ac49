#!/usr/bin/env python3
"""End-to-end tests of the git workflows through the real binary:
scan --staged, the installed pre-commit hook under real `git commit`,
scan --diff / --since-commit, baselines, allow markers and .blastradius.json.

usage: cli_git_test.py path/to/blastradius
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

BINARY = None

SIGNATURE = {
    "id": "test.tok",
    "name": "Test token",
    "references": ["https://example.org/docs"],
    "pattern": "\\b(tok_[a-z0-9]{12})\\b",
    "scope": "project",
    "capabilities": ["data:read"],
    "irreversible": [],
    "expires": "never",
    "base_severity": "high",
    "blast_radius": 7.5,
    "worst_case": "Reads the test data of one project.",
    "remediation": {"revoke": "Delete it in settings.", "replace": "Use a read-only key."},
    "examples": ["tok_q8ztr2vlm0pk", "tok_b7yqs1ukl9oj"],
    "negative_examples": ["tok_short"],
}

S1 = "tok_q8ztr2vlm0pk"
S2 = "tok_b7yqs1ukl9oj"
S3 = "tok_z7yqs1ukl9oj"
S4 = "tok_m3nx8wq2ke5r"


def git_env():
    env = dict(os.environ)
    env.update({"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C"})
    for k in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(k, None)
    return env


class Repo:
    def __init__(self, root):
        self.path = os.path.join(root, "repo")
        os.makedirs(self.path)
        self.env = git_env()
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Test")
        self.git("config", "user.email", "test@example.org")
        # Signatures come from the repository's config, so the hook (which
        # runs plain `blastradius scan --staged`) uses them too.
        os.makedirs(os.path.join(self.path, "tools/sigs"))
        with open(os.path.join(self.path, "tools/sigs/test.json"), "w") as f:
            json.dump({"provider": "test", "name": "Test", "signatures": [SIGNATURE]}, f)
        # tools/ is excluded: the signature file's examples match themselves.
        self.write(".blastradius.json", json.dumps({"signatures": ["tools/sigs"], "exclude": ["tools"]}))
        self.write("README", "readme\n")
        self.git("add", ".")
        self.git("commit", "-q", "--no-verify", "-m", "base")

    def write(self, rel, text):
        p = os.path.join(self.path, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(text)

    def git(self, *args, check=True, env=None):
        r = subprocess.run(["git", "-C", self.path, *args], capture_output=True, text=True,
                           env=env or self.env)
        if check and r.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {r.stderr}")
        return r

    def scan(self, *args):
        """Runs `blastradius scan ARGS -f json`; returns (exit code, report or None, stderr)."""
        r = subprocess.run([BINARY, "scan", *args, "-f", "json", "-q"], capture_output=True, text=True,
                           cwd=self.path, env=self.env)
        report = json.loads(r.stdout) if r.stdout.strip() else None
        return r.returncode, report, r.stderr


def found(report):
    """(path, line, exposure) of every location, sorted."""
    out = []
    for f in report["findings"]:
        for loc in f["locations"]:
            out.append((loc["path"], loc["line"], loc["exposure"]))
    return sorted(out)


class GitWorkflowTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="blastradius-git-e2e-")
        self.repo = Repo(self.tmp)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    # ------------------------------------------------------------ --staged
    def test_staged_reports_only_added_lines_of_staged_content(self):
        r = self.repo
        r.write("app.env", f"OLD={S1}\nPORT=1\n")
        r.git("add", ".")
        r.git("commit", "-q", "--no-verify", "-m", "old secret")
        r.write("app.env", f"OLD={S1}\nPORT=1\nNEW={S2}\n")
        r.git("add", "app.env")
        r.write("app.env", f"OLD={S1}\nPORT=1\nNEW={S2}\nUNSTAGED={S3}\n")
        r.write("untracked.txt", f"{S4}\n")
        code, report, err = r.scan("--staged")
        self.assertEqual(code, 1, err)
        self.assertEqual(found(report), [("app.env", 3, "staged")])

        code, report, _ = r.scan("--staged", "--all-lines")
        self.assertEqual(found(report), [("app.env", 1, "staged"), ("app.env", 3, "staged")])

    def sarif_line_hashes(self, *args):
        """primaryLocationLineHash by first-location path of `scan ARGS -f sarif`."""
        r = subprocess.run([BINARY, "scan", *args, "-f", "sarif", "-q"], capture_output=True, text=True,
                           cwd=self.repo.path, env=self.repo.env)
        self.assertEqual(r.returncode, 1, r.stderr)
        out = {}
        for res in json.loads(r.stdout)["runs"][0]["results"]:
            uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            out[uri] = res["partialFingerprints"].get("primaryLocationLineHash")
        return out

    def test_staged_line_hash_is_of_the_staged_content(self):
        # Regression (issue 12): the SARIF writer re-read the work tree, so
        # editing only the work tree changed a staged finding's line hash.
        r = self.repo
        r.write("app.env", f"# settings\nKEY={S1}\n")
        r.git("add", "app.env")
        staged = self.sarif_line_hashes("--staged")
        self.assertTrue(staged["app.env"])
        r.write("app.env", f"# settings, edited\nKEY={S1}  # edited in the work tree only\n")
        self.assertEqual(self.sarif_line_hashes("--staged"), staged)
        # The work tree's own line hashes differently.
        work = self.sarif_line_hashes(".")
        self.assertTrue(work["app.env"])
        self.assertNotEqual(work["app.env"], staged["app.env"])

    def test_staged_nothing_added_is_clean(self):
        r = self.repo
        r.write("a.txt", f"x\n{S1}\n")
        r.git("add", ".")
        r.git("commit", "-q", "--no-verify", "-m", "x")
        r.write("a.txt", f"changed\n{S1}\n")
        r.git("add", ".")
        code, report, err = r.scan("--staged")
        self.assertEqual(code, 0, err)
        self.assertEqual(report["findings"], [])

    def test_allow_markers(self):
        r = self.repo
        r.write("a.py", f"a = '{S1}'  # blastradius:allow test fixture\n"
                        f"# pragma: allowlist nextline secret\nb = '{S2}'\n"
                        f"c = '{S3}'  # gitleaks:allow\n")
        r.git("add", ".")
        code, report, err = r.scan("--staged")
        self.assertEqual(code, 0, err)
        code, report, _ = r.scan("--staged", "--no-allow-markers")
        self.assertEqual(code, 1)
        self.assertEqual(len(report["findings"]), 3)

    # ---------------------------------------------------------------- hook
    def test_hook_blocks_real_commits(self):
        r = self.repo
        out = subprocess.run([BINARY, "hook", "install"], cwd=r.path, capture_output=True, text=True,
                             env=r.env)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("installed pre-commit hook", out.stdout)
        env = dict(r.env)
        env["PATH"] = os.path.dirname(os.path.abspath(BINARY)) + os.pathsep + env.get("PATH", "")

        r.write("a.env", f"KEY={S1}\n")
        r.git("add", ".")
        c = r.git("commit", "-q", "-m", "leak", check=False, env=env)
        self.assertNotEqual(c.returncode, 0)
        self.assertIn("commit blocked", c.stderr)

        # commit -a: the secret is only in the work tree before the commit.
        r.git("reset", "-q")
        r.git("add", ".blastradius.json")
        r.write("README", f"readme\n{S2}\n")
        c = r.git("commit", "-q", "-a", "-m", "leak via -a", check=False, env=env)
        self.assertNotEqual(c.returncode, 0, "commit -a must be scanned through GIT_INDEX_FILE")

        # commit <paths>
        c = r.git("commit", "-q", "-m", "leak via paths", "README", check=False, env=env)
        self.assertNotEqual(c.returncode, 0, "commit <paths> must be scanned through GIT_INDEX_FILE")

        r.write("README", "readme\nclean\n")
        c = r.git("commit", "-q", "-m", "clean", "README", check=False, env=env)
        self.assertEqual(c.returncode, 0, c.stderr)

        again = subprocess.run([BINARY, "hook", "install"], cwd=r.path, capture_output=True, text=True,
                               env=r.env)
        self.assertEqual(again.returncode, 0)
        self.assertIn("updated", again.stdout)

    def test_hook_refuses_foreign_hook(self):
        r = self.repo
        hook = os.path.join(r.path, ".git/hooks/pre-commit")
        with open(hook, "w") as f:
            f.write("#!/bin/sh\nexit 0\n")
        out = subprocess.run([BINARY, "hook", "install"], cwd=r.path, capture_output=True, text=True,
                             env=r.env)
        self.assertEqual(out.returncode, 2)
        self.assertIn("--force", out.stderr)
        out = subprocess.run([BINARY, "hook", "install", "--force"], cwd=r.path, capture_output=True,
                             text=True, env=r.env)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("pre-commit.pre-blastradius", out.stdout)

    # ---------------------------------------------------------------- diff
    def test_diff_and_since_commit(self):
        r = self.repo
        r.write("c.env", f"A={S1}\n")
        r.git("add", ".")
        r.git("commit", "-q", "--no-verify", "-m", "c")
        r.git("checkout", "-q", "-b", "feature")
        r.write("c.env", f"A={S1}\nB={S2}\n")
        r.git("commit", "-q", "--no-verify", "-am", "f1")
        head = r.git("rev-parse", "HEAD").stdout.strip()
        code, report, err = r.scan("--diff", "main..feature")
        self.assertEqual(code, 1, err)
        self.assertEqual(found(report), [("c.env", 2, "history")])
        code, report, _ = r.scan("--since-commit", "HEAD~1")
        self.assertEqual(found(report), [("c.env", 2, "history")])
        code, report, _ = r.scan("--since-commit", head)
        self.assertEqual(code, 0)
        code, _, err = r.scan("--diff", "nope..HEAD")
        self.assertEqual(code, 2)
        self.assertIn("unknown revision 'nope'", err)

    # ------------------------------------------------------------ baseline
    def test_baseline_round_trip(self):
        r = self.repo
        r.write("a.env", f"A={S1}\nB={S2}\n")
        bl = os.path.join(self.tmp, "baseline.json")
        code, report, err = r.scan(".", "--write-baseline", bl)
        self.assertEqual(code, 0, err)
        with open(bl) as f:
            data = json.load(f)
        self.assertEqual(sorted(data), ["entries", "salt", "version"])
        self.assertEqual(len(data["entries"]), 2)
        self.assertNotIn("tok_", json.dumps(data))

        code, report, err = r.scan(".", "--baseline", bl)
        self.assertEqual(code, 0, err)
        self.assertEqual(report["findings"], [])

        r.write("a.env", f"# moved\n\nB={S2}\nX=1\nA={S1}\nC={S3}\n")
        code, report, _ = r.scan(".", "--baseline", bl)
        self.assertEqual(code, 1)
        self.assertEqual(found(report), [("a.env", 6, "untracked")])

        r.write("a.env", f"A={S1}\n")
        code, _, err = r.scan(".", "--baseline", bl, "--baseline-prune")
        self.assertEqual(code, 0, err)
        with open(bl) as f:
            self.assertEqual(len(json.load(f)["entries"]), 1)

        with open(bl, "w") as f:
            f.write('{"version": 1, "salt": "00112233445566778899aabbccddeeff", "entries": ["zz"]}')
        code, _, err = r.scan(".", "--baseline", bl)
        self.assertEqual(code, 2)
        self.assertIn(bl + ": /entries/0:", err)

    # -------------------------------------------------------------- config
    def test_config(self):
        r = self.repo
        r.write("a.env", f"A={S1}\n")
        r.write("fixtures/b.env", f"B={S2}\n")
        r.write(".blastradius.json", json.dumps({
            "signatures": ["tools/sigs"], "exclude": ["fixtures", "tools"],
            "severity": {"test.tok": "low"}, "fail_on": "medium"}))
        code, report, err = r.scan(".")
        self.assertEqual(code, 0, err)  # low < medium
        self.assertEqual(found(report), [("a.env", 1, "untracked")])
        self.assertEqual(report["findings"][0]["severity"], "low")
        code, _, _ = r.scan(".", "--fail-on", "low")  # the command line wins
        self.assertEqual(code, 1)

        r.write(".blastradius.json", json.dumps({"severity": {"github.pat.classic": "urgent"}}))
        code, _, err = r.scan(".")
        self.assertEqual(code, 2)
        self.assertIn('.blastradius.json: /severity/github.pat.classic: "urgent" is not one of '
                      'critical|high|medium|low|info', err)
        code, _, err = r.scan(".", "--no-config", "--fail-on", "none")
        self.assertEqual(code, 0, err)


if __name__ == "__main__":
    BINARY = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
