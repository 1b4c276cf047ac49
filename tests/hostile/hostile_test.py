#!/usr/bin/env python3
"""Hostile-tree tests (issue 13, "Safe on hostile repositories"): a scanned
repository is untrusted input. Each test builds a generated fixture (seeded
random values, no network) that tries to make the scanner run a program,
leak a secret, read outside the root, hang, crash or lose findings silently.

usage: hostile_test.py path/to/blastradius [--except CLASS ...] [unittest arguments]

--except CLASS leaves out one test class (CMake runs the slow
CachePoisoningTest as its own test, beside the rest).
"""
import binascii
import json
import os
import random
import shutil
import stat
import string
import subprocess
import sys
import tempfile
import unittest
import urllib.parse

BINARY = None
SHARED_CACHE = None
SEED = 13

# A custom signature so that the planted secrets are independent of the
# built-in database.
SIGNATURE = {
    "id": "hostile.tok",
    "name": "Hostile test token",
    "references": ["https://example.org/docs"],
    "pattern": "\\b(htok_[a-z0-9]{16})\\b",
    "scope": "project",
    "capabilities": ["data:read"],
    "irreversible": [],
    "expires": "never",
    "base_severity": "high",
    "blast_radius": 7.5,
    "worst_case": "Reads the test data of one project.",
    "remediation": {"revoke": "Delete it in settings.", "replace": "Use a read-only key."},
    "examples": ["htok_q8ztr2vlm0pk4abc", "htok_b7yqs1ukl9oj5def"],
    "negative_examples": ["htok_short"],
}


def git_env():
    env = dict(os.environ)
    env.update({"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C"})
    for k in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(k, None)
    return env


def git(path, *args):
    r = subprocess.run(["git", "-C", path, *args], capture_output=True, text=True, env=git_env())
    if r.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {r.stderr}")
    return r.stdout


def write(path, text, mode=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w" if isinstance(text, str) else "wb") as f:
        f.write(text)
    if mode is not None:
        os.chmod(path, mode)


def rand(rng, n, alphabet=string.ascii_lowercase + string.digits):
    return "".join(rng.choice(alphabet) for _ in range(n))


def htok(rng):
    return "htok_" + rand(rng, 16)


def crc_token(rng, prefix):
    """A GitHub-style token with a valid CRC32/base62 checksum."""
    b62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    body = rand(rng, 30, string.ascii_letters + string.digits)
    n, out = binascii.crc32(body.encode()) & 0xFFFFFFFF, ""
    while n:
        n, r = divmod(n, 62)
        out = b62[r] + out
    return prefix + body + out.rjust(6, "0")


class HostileCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="blastradius-hostile-")
        self.rng = random.Random(f"{SEED}:{self.id()}")
        self.sigs = os.path.join(self.tmp, "sigs")
        write(os.path.join(self.sigs, "hostile.json"),
              json.dumps({"provider": "hostile", "name": "Hostile", "signatures": [SIGNATURE]}))
        self.env = git_env()
        # Compiling the patterns takes seconds: tests share one cache, and
        # those that tamper with a cache get a private copy of it.
        self.env["BLASTRADIUS_CACHE_DIR"] = SHARED_CACHE
        if self.private_cache == "empty":
            self.env["BLASTRADIUS_CACHE_DIR"] = os.path.join(self.tmp, "cache")
        elif self.private_cache:
            self.env["BLASTRADIUS_CACHE_DIR"] = self.copy_cache("cache")

    private_cache = False

    def copy_cache(self, name):
        cache = os.path.join(self.tmp, name)
        os.makedirs(cache)
        for entry in os.listdir(SHARED_CACHE):
            if entry.startswith("hsdb-"):
                shutil.copy(os.path.join(SHARED_CACHE, entry), cache)
        return cache

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def scan(self, *args, cwd=None, timeout=600, env=None):
        """Runs `blastradius scan --signatures SIGS ARGS`; returns CompletedProcess."""
        return subprocess.run([BINARY, "scan", "--signatures", self.sigs, "--no-config", *args],
                              capture_output=True, text=True, cwd=cwd or self.tmp, timeout=timeout,
                              env=env or self.env, errors="replace")


# ------------------------------------------------------------------ item 1
class NoCodeExecutionTest(HostileCase):
    """Configuration inside a scanned repository must never run a program."""

    def evil_script(self):
        marker = os.path.join(self.tmp, "MARKER")
        script = os.path.join(self.tmp, "evil.sh")
        write(script, f"#!/bin/sh\necho \"$0 $*\" >> '{marker}'\nexit 0\n", 0o755)
        return script, marker

    def poison_config(self, gitdir, script):
        hooks = os.path.join(self.tmp, "evil-hooks")
        for hook in ("post-index-change", "pre-auto-gc", "post-checkout", "reference-transaction",
                     "pre-commit", "post-commit"):
            write(os.path.join(hooks, hook), f"#!/bin/sh\nexec '{script}' hook-{hook}\n", 0o755)
        with open(os.path.join(gitdir, "config"), "a") as f:
            f.write(f"[core]\n\tfsmonitor = {script}\n\thooksPath = {hooks}\n\tsshCommand = {script}\n"
                    f"\tpager = {script}\n\taskPass = {script}\n\tgitProxy = {script}\n"
                    f"\talternateRefsCommand = {script}\n"
                    f"[diff]\n\texternal = {script}\n[diff \"evil\"]\n\ttextconv = {script}\n"
                    f"\tcommand = {script}\n[filter \"evil\"]\n\tclean = {script}\n\tsmudge = {script}\n"
                    f"\tprocess = {script}\n[credential]\n\thelper = !{script}\n"
                    f"[gpg]\n\tprogram = {script}\n[log]\n\tshowSignature = true\n"
                    f"[pager]\n\tdiff = {script}\n\tls-files = {script}\n")

    def make_repo(self, path, script, secret, gitfile=False):
        os.makedirs(path)
        if gitfile:
            # A `.git` *file* pointing at a gitdir elsewhere.
            gitdir = os.path.join(self.tmp, "elsewhere", os.path.basename(path) + ".git")
            os.makedirs(os.path.dirname(gitdir), exist_ok=True)
            git(self.tmp, "init", "-q", "-b", "main", f"--separate-git-dir={gitdir}", path)
        else:
            git(self.tmp, "init", "-q", "-b", "main", path)
            gitdir = os.path.join(path, ".git")
        git(path, "config", "user.name", "T")
        git(path, "config", "user.email", "t@example.org")
        write(os.path.join(path, ".gitattributes"), "* diff=evil filter=evil\n")
        write(os.path.join(path, "base.txt"), "nothing\n")
        git(path, "add", ".")
        git(path, "commit", "-q", "--no-verify", "-m", "base")
        write(os.path.join(path, "app.env"), f"TOKEN={secret}\n")
        git(path, "add", "app.env")
        git(path, "commit", "-q", "--no-verify", "-m", "add")
        write(os.path.join(path, "staged.env"), f"STAGED={htok(self.rng)}\n")
        git(path, "add", "staged.env")
        write(os.path.join(path, "ignored.env"), f"X={htok(self.rng)}\n")
        write(os.path.join(path, ".gitignore"), "ignored.env\n")
        # Poisoned last, so that setting up the fixture runs nothing.
        self.poison_config(gitdir, script)
        return gitdir

    def test_scan_tree_with_poisoned_nested_repositories(self):
        script, marker = self.evil_script()
        tree = os.path.join(self.tmp, "tree")
        os.makedirs(tree)
        self.make_repo(os.path.join(tree, "nested"), script, htok(self.rng))
        self.make_repo(os.path.join(tree, "linked"), script, htok(self.rng), gitfile=True)
        # Sanity: the fixture really is armed (plain git runs the fsmonitor).
        subprocess.run(["git", "-C", os.path.join(tree, "nested"), "ls-files"], capture_output=True,
                       env=git_env())
        self.assertTrue(os.path.exists(marker), "fixture did not arm core.fsmonitor")
        os.remove(marker)

        r = self.scan("tree", "-f", "json", "--fail-on", "none")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertFalse(os.path.exists(marker), open(marker).read() if os.path.exists(marker) else "")
        report = json.loads(r.stdout)
        exposures = {(loc["path"], loc["exposure"]) for f in report["findings"] for loc in f["locations"]}
        # Exposure labelling still works with the overrides.
        self.assertIn(("nested/app.env", "tracked"), exposures)
        self.assertIn(("nested/ignored.env", "gitignored"), exposures)
        self.assertIn(("linked/app.env", "tracked"), exposures)

        for fmt in ("gitlab", "sarif"):
            r = self.scan("tree", "-f", fmt, "--fail-on", "none", cwd=os.path.join(tree, "nested"))
            self.assertFalse(os.path.exists(marker), fmt)

    def test_staged_and_diff_in_poisoned_repository(self):
        script, marker = self.evil_script()
        for gitfile in (False, True):
            repo = os.path.join(self.tmp, f"repo{int(gitfile)}")
            self.make_repo(repo, script, htok(self.rng), gitfile=gitfile)
            for args in (["--staged"], ["--staged", "--all-lines"], ["--diff", "HEAD~1..HEAD"],
                         ["--since-commit", "HEAD~1"]):
                r = self.scan(*args, "-f", "json", "-f", "gitlab", "-o", os.path.join(self.tmp, "gl.json"),
                              "--fail-on", "none", cwd=repo)
                self.assertEqual(r.returncode, 0, f"{args}: {r.stderr}")
                self.assertEqual(len(json.loads(r.stdout)["findings"]), 1, args)
                self.assertFalse(os.path.exists(marker),
                                 f"{args} ran a program: " + (open(marker).read() if os.path.exists(marker)
                                                              else ""))

    def test_libraries_planted_in_the_scanned_tree_are_never_loaded(self):
        # A shared library named like each one the binary needs, at the root
        # of the tree the scan runs in: an empty or relative RPATH entry
        # (CMake pads build trees' with ':') would load it before the system's.
        marker = os.path.join(self.tmp, "LOADED")
        source = os.path.join(self.tmp, "planted.c")
        write(source, "#include <stdio.h>\n#include <stdlib.h>\n"
                      "__attribute__((constructor)) static void planted(void) {\n"
                      f"  FILE* f = fopen(\"{marker}\", \"a\"); if (f) {{ fputs(\"loaded\\n\", f); fclose(f); }}\n"
                      "  exit(42);\n}\n")
        library = os.path.join(self.tmp, "planted.so")
        cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
        self.assertIsNotNone(cc, "no C compiler to build the planted library")
        subprocess.run([cc, "-shared", "-fPIC", "-o", library, source], check=True)
        dynamic = subprocess.run(["readelf", "-d", BINARY], capture_output=True, text=True, check=True).stdout
        needed = [line.split("[", 1)[1].rstrip("]") for line in dynamic.splitlines() if "(NEEDED)" in line]
        self.assertIn("libc.so.6", needed)
        tree = os.path.join(self.tmp, "tree")
        for where in ("", "tls", "x86_64", os.path.join("tls", "x86_64"), "lib"):
            os.makedirs(os.path.join(tree, where), exist_ok=True)
            for name in needed:
                shutil.copy(library, os.path.join(tree, where, name))
        write(os.path.join(tree, "app.env"), f"TOKEN={htok(self.rng)}\n")
        for args in (["version"], ["scan", "--signatures", self.sigs, "--no-config", ".", "-f", "json"]):
            r = subprocess.run([BINARY, *args], cwd=tree, capture_output=True, text=True, env=self.env)
            self.assertFalse(os.path.exists(marker), f"{args}: a library from the scanned tree was loaded")
            self.assertEqual(r.returncode, 0 if args == ["version"] else 1, f"{args}: {r.stderr}")

    def test_hook_install_keeps_users_hooks_path(self):
        repo = os.path.join(self.tmp, "own")
        git(self.tmp, "init", "-q", "-b", "main", repo)
        git(repo, "config", "core.hooksPath", ".husky")
        r = subprocess.run([BINARY, "hook", "install"], cwd=repo, capture_output=True, text=True, env=self.env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.exists(os.path.join(repo, ".husky", "pre-commit")))


# ------------------------------------------------------------------ item 2
FORMATS = ("text", "json", "sarif", "markdown", "html", "gitlab")


class NoSecretInClearTest(HostileCase):
    """A secret used as a key, in a file name or next to another secret must
    not appear in clear in any format without --show-secrets."""

    def plant(self):
        rng = self.rng
        ghp = [crc_token(rng, "ghp_") for _ in range(2)]
        xoxb = "xoxb-" + rand(rng, 12, string.digits) + "-" + rand(rng, 12, string.digits) + "-" + \
            rand(rng, 24, string.ascii_letters + string.digits)
        h = [htok(rng) for _ in range(8)]
        tree = os.path.join(self.tmp, "tree")
        write(os.path.join(tree, "config.json"), json.dumps({ghp[0]: xoxb, h[0]: h[1]}, indent=2) + "\n")
        write(os.path.join(tree, "settings.yaml"), f"{h[2]}: {h[3]}\nnested:\n  {h[4]}: value\n")
        write(os.path.join(tree, "app.env"), f"{h[5]}={h[6]}\n")
        write(os.path.join(tree, "mapping.py"), f"TOKENS = {{\"{ghp[1]}\": \"{h[0]}\"}}\n")
        write(os.path.join(tree, f"{h[7]}.txt"), f"token = \"{h[7]}\"\n")
        return tree, ghp + [xoxb] + h

    def outputs(self, tree, *extra):
        files = {}
        args = []
        for fmt in FORMATS:
            files[fmt] = os.path.join(self.tmp, f"out.{fmt}")
            args += ["-f", fmt, "-o", files[fmt]]
        r = self.scan(tree, "-v", *args, *extra, "--fail-on", "none")
        self.assertEqual(r.returncode, 0, r.stderr)
        texts = {fmt: open(p, encoding="utf-8", errors="replace").read() for fmt, p in files.items()}
        texts["stderr"] = r.stderr
        texts["stdout"] = r.stdout
        return texts

    def test_no_format_shows_a_secret(self):
        tree, planted = self.plant()
        texts = self.outputs(tree)
        report = json.loads(texts["json"])
        self.assertGreaterEqual(len(report["findings"]), 8, texts["json"])
        for fmt, text in texts.items():
            for secret in planted:
                self.assertNotIn(secret, text, f"{fmt} shows {secret}")

    def test_verbose_text_on_stdout(self):
        tree, planted = self.plant()
        r = self.scan(tree, "-v", "-f", "text", "--fail-on", "none")
        for secret in planted:
            self.assertNotIn(secret, r.stdout + r.stderr)

    def test_show_secrets_still_shows_them(self):
        tree, planted = self.plant()
        texts = self.outputs(tree, "--show-secrets")
        report = json.loads(texts["json"])
        keys = {loc.get("key_name") for f in report["findings"] for loc in f["locations"]}
        self.assertIn(planted[0], keys)  # the GitHub token is the Slack token's key


# ------------------------------------------------------------------ item 3
class KeyedFingerprintTest(HostileCase):
    """A published fingerprint must not let anyone test guesses of the secret."""

    private_cache = True

    def fingerprints(self, tree, env=None):
        r = self.scan(tree, "-f", "json", "--fail-on", "none", "--show-secrets", env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        return {f["secret"]: f["fingerprint"] for f in json.loads(r.stdout)["findings"]}

    def test_fingerprint_is_keyed_and_stable(self):
        import hashlib
        tree = os.path.join(self.tmp, "tree")
        weak = "htok_password12345678"  # a guessable secret
        secrets = [weak] + [htok(self.rng) for _ in range(3)]
        write(os.path.join(tree, "a.env"), "".join(f"K{i}={s}\n" for i, s in enumerate(secrets)))
        first = self.fingerprints(tree)
        self.assertEqual(len(first), len(secrets))
        self.assertEqual(first, self.fingerprints(tree), "not stable across runs")
        rule = SIGNATURE["id"]
        for secret in secrets:
            hexpart = first[secret].split(":", 1)[1]
            for material in (f"blastradius/v1\0{rule}\0{secret}", f"blastradius/v2\0{rule}\0{secret}",
                             f"{rule}\0{secret}", f"{rule}{secret}", f"{rule}:{secret}", secret):
                for h in (hashlib.sha256, hashlib.sha1, hashlib.md5, hashlib.sha512):
                    digest = h(material.encode()).hexdigest()
                    self.assertFalse(digest.startswith(hexpart) or hexpart in digest,
                                     f"fingerprint is an unkeyed hash of {material!r}")
        # Another installation (cache directory) has another key...
        env = dict(self.env, BLASTRADIUS_CACHE_DIR=self.copy_cache("cache2"))
        other = self.fingerprints(tree, env=env)
        self.assertEqual(set(other), set(first))
        self.assertTrue(all(other[k] != first[k] for k in first))
        key = os.path.join(self.env["BLASTRADIUS_CACHE_DIR"], "fingerprint-key")
        self.assertEqual(stat.S_IMODE(os.stat(key).st_mode) & 0o077, 0, "key readable by others")
        # ...unless CI machines share one through the environment.
        shared = "ab" * 32
        a = self.fingerprints(tree, env=dict(self.env, BLASTRADIUS_FINGERPRINT_KEY=shared))
        b = self.fingerprints(tree, env=dict(env, BLASTRADIUS_FINGERPRINT_KEY=shared))
        self.assertEqual(a, b)
        self.assertNotEqual(a, first)
        bad = self.scan(tree, env=dict(self.env, BLASTRADIUS_FINGERPRINT_KEY="xyz"))
        self.assertEqual(bad.returncode, 2)


# ------------------------------------------------------------------ item 4
class HermeticTestsTest(unittest.TestCase):
    """Tests run from a plain clone: nothing outside markdown may reach for
    the shared reference folder beside the checkout."""

    def test_no_shared_paths(self):
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        r = subprocess.run(["git", "-C", root, "ls-files", "-z"], capture_output=True, env=git_env())
        if r.returncode != 0:
            self.skipTest("not a git checkout")
        offenders = []
        for rel in r.stdout.decode().split("\0"):
            if not rel or rel.endswith(".md") or rel.startswith("signatures/"):
                continue
            try:
                text = open(os.path.join(root, rel), encoding="utf-8", errors="replace").read()
            except OSError:
                continue
            for needle in ("../shared", "/work/shared", '"shared", "schemas"'):
                if needle in text and rel != "tests/hostile/hostile_test.py":
                    offenders.append(f"{rel}: {needle}")
        self.assertEqual(offenders, [])


# ------------------------------------------------------------------ item 5
class CachePoisoningTest(HostileCase):
    """The pattern cache is only a speed-up: a corrupt, truncated, hostile
    or non-regular entry must never change results, hang or blow memory."""

    private_cache = "empty"  # the first scan writes the one entry under test

    def setUp(self):
        super().setUp()
        self.tree = os.path.join(self.tmp, "tree")
        self.secret = htok(self.rng)
        write(os.path.join(self.tree, "a.env"), f"T={self.secret}\n")
        self.cache = self.env["BLASTRADIUS_CACHE_DIR"]

    def found(self, timeout=300):
        r = self.scan(self.tree, "-f", "json", "--fail-on", "none", timeout=timeout)
        self.assertEqual(r.returncode, 0, r.stderr)
        return len(json.loads(r.stdout)["findings"])

    def entry(self):
        entries = [n for n in os.listdir(self.cache) if n.startswith("hsdb-")]
        self.assertEqual(len(entries), 1, entries)
        return os.path.join(self.cache, entries[0])

    def test_corrupt_and_non_regular_entries(self):
        # One test: every case costs a full pattern compile.
        self.assertEqual(self.found(), 1)
        path = self.entry()
        good = open(path, "rb").read()
        for kind in ("truncated", "bit flip", "fifo", "zero", "big"):
            os.remove(path)
            if kind == "truncated":
                write(path, good[: len(good) // 2])
            elif kind == "bit flip":
                data = bytearray(good)
                i = self.rng.randrange(len(data))
                data[i] ^= 1 << self.rng.randrange(8)
                write(path, bytes(data))
            elif kind == "fifo":
                os.mkfifo(path)
            elif kind == "zero":
                os.symlink("/dev/zero", path)
            else:
                with open(path, "wb") as f:  # sparse, 4 GiB
                    f.truncate(4 << 30)
            self.assertEqual(self.found(), 1, kind)
            st = os.lstat(path)
            self.assertTrue(stat.S_ISREG(st.st_mode), f"{kind}: not replaced")
            with open(path, "rb") as f:
                self.assertEqual(f.read(), good, f"{kind}: entry not rewritten")


# ------------------------------------------------------------------ item 6
class TemporaryFileTest(HostileCase):
    """Writes (-o, baselines, the cache, hooks) replace a symlink planted at
    the destination instead of writing through it."""

    private_cache = True

    def victim(self):
        v = os.path.join(self.tmp, "victim.txt")
        write(v, "precious\n")
        return v

    def test_outputs_and_baselines_do_not_follow_symlinks(self):
        tree = os.path.join(self.tmp, "tree")
        write(os.path.join(tree, "a.env"), f"T={htok(self.rng)}\n")
        victim = self.victim()
        out = os.path.join(self.tmp, "out")
        os.makedirs(out)
        for name in ("report.json", "report.sarif", "base.json"):
            os.symlink(victim, os.path.join(out, name))
        r = self.scan(tree, "-f", "json", "-o", os.path.join(out, "report.json"), "-f", "sarif", "-o",
                      os.path.join(out, "report.sarif"), "--write-baseline", os.path.join(out, "base.json"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(open(victim).read(), "precious\n")
        for name in ("report.json", "report.sarif", "base.json"):
            p = os.path.join(out, name)
            self.assertFalse(os.path.islink(p), name)
            json.load(open(p))
        # --baseline-prune rewrites the baseline in place: same rule.
        os.rename(os.path.join(out, "base.json"), os.path.join(out, "real-base.json"))
        os.symlink(victim, os.path.join(out, "base.json"))
        shutil.copy(os.path.join(out, "real-base.json"), victim)
        before = open(victim).read()
        r = self.scan(tree, "--baseline", os.path.join(out, "base.json"), "--baseline-prune")
        self.assertEqual(r.returncode, 0, r.stderr)  # the baseline accepts the one secret
        self.assertEqual(open(victim).read(), before)
        # Leaves no temporary files behind.
        self.assertEqual(sorted(os.listdir(out)), ["base.json", "real-base.json", "report.json", "report.sarif"])

    def test_devices_are_still_written_in_place(self):
        tree = os.path.join(self.tmp, "tree")
        write(os.path.join(tree, "a.env"), f"T={htok(self.rng)}\n")
        r = self.scan(tree, "-f", "json", "-o", "/dev/null", "-f", "json", "-o", "/dev/stdout")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertTrue(os.path.exists("/dev/null") and not stat.S_ISREG(os.stat("/dev/null").st_mode))
        self.assertEqual(len(json.loads(r.stdout)["findings"]), 1)

    def test_cache_and_hook_do_not_follow_symlinks(self):
        tree = os.path.join(self.tmp, "tree")
        write(os.path.join(tree, "a.env"), f"T={htok(self.rng)}\n")
        victim = self.victim()
        # Learn the cache entry's name, then plant a symlink there.
        self.scan(tree)
        cache = self.env["BLASTRADIUS_CACHE_DIR"]
        for name in os.listdir(cache):
            p = os.path.join(cache, name)
            os.remove(p)
            os.symlink(victim, p)
        self.scan(tree)
        self.assertEqual(open(victim).read(), "precious\n")
        # The entry this signature set uses and the fingerprint key were
        # replaced by regular files (entries of other sets stay as planted).
        regular = [n for n in os.listdir(cache) if not os.path.islink(os.path.join(cache, n))]
        self.assertIn("fingerprint-key", regular)
        self.assertTrue(any(n.startswith("hsdb-") for n in regular), regular)

        repo = os.path.join(self.tmp, "repo")
        git(self.tmp, "init", "-q", "-b", "main", repo)
        hook = os.path.join(repo, ".git", "hooks", "pre-commit")
        os.symlink(victim, hook)
        r = subprocess.run([BINARY, "hook", "install", "--force"], cwd=repo, capture_output=True, text=True,
                           env=self.env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(open(victim).read(), "precious\n")
        self.assertFalse(os.path.islink(hook))
        self.assertTrue(os.access(hook, os.X_OK))


# ------------------------------------------------------------------ item 7
class DeepJsonTest(HostileCase):
    """Deeply nested policy files: a one-line error and exit 2, no crash."""

    def deep(self, size=200_000, prefix="", suffix=""):
        half = size // 2
        return prefix + "[" * half + "]" * half + suffix

    def check(self, r, what, expect="nested deeper", one_line=True):
        self.assertEqual(r.returncode, 2, f"{what}: {r.returncode} {r.stderr[-300:]}")
        lines = [l for l in r.stderr.splitlines() if l.strip()]
        if one_line:
            self.assertEqual(len(lines), 1, f"{what}: {r.stderr[-500:]}")
        for line in lines:
            self.assertIn(expect, line)
            self.assertLess(len(line), 400)

    def test_deep_config_baseline_and_signatures(self):
        tree = os.path.join(self.tmp, "tree")
        write(os.path.join(tree, "a.env"), f"T={htok(self.rng)}\n")
        write(os.path.join(tree, ".blastradius.json"), self.deep(prefix='{"exclude": ', suffix="}"))
        r = subprocess.run([BINARY, "scan", "--signatures", self.sigs, tree], capture_output=True, text=True,
                           env=self.env, timeout=300)
        self.check(r, "config at the root")
        write(os.path.join(self.tmp, "plain.json"), self.deep())
        r = subprocess.run([BINARY, "scan", "--signatures", self.sigs, tree, "--config",
                            os.path.join(self.tmp, "plain.json")], capture_output=True, text=True, env=self.env,
                           timeout=300)
        self.check(r, "--config")
        write(os.path.join(self.tmp, "base.json"),
              self.deep(prefix='{"version": 1, "salt": "00112233445566778899aabbccddeeff", "entries": ',
                        suffix="}"))
        r = self.scan(tree, "--baseline", os.path.join(self.tmp, "base.json"))
        self.check(r, "--baseline")
        sigs = os.path.join(self.tmp, "deepsigs")
        write(os.path.join(sigs, "deep.json"), self.deep(prefix='{"provider": "x", "name": "X", "signatures": ',
                                                         suffix="}"))
        r = self.scan(tree, "--signatures", sigs)
        # Signature files are checked field by field (scanner/sig), which
        # never walks into the nested value: a one-line error all the same.
        self.check(r, "--signatures", expect="deep.json")
        write(os.path.join(sigs, "deep.json"), self.deep(prefix='{"provider": "x", "name": "X", "signatures": [{"id": ',
                                                         suffix="}]}"))
        r = self.scan(tree, "--signatures", sigs)
        # (every problem of the signature on its own line)
        self.check(r, "--signatures (inside a signature)", expect="deep.json", one_line=False)


# ------------------------------------------------------------------ item 8
class SymlinkSwapTest(HostileCase):
    """A file or directory swapped for a symlink between the listing and
    the open must not be read: nothing outside the root is ever scanned."""

    def test_swapped_symlinks_are_never_followed(self):
        import threading
        outside_secret = htok(self.rng)
        outside = os.path.join(self.tmp, "outside")
        write(os.path.join(outside, "secret.env"), f"OUT={outside_secret}\n")
        tree = os.path.join(self.tmp, "tree")
        n = 150
        for i in range(n):
            write(os.path.join(tree, f"f{i}.env"), "PLAIN=1\n")
            write(os.path.join(tree, f"d{i}", "x.env"), "PLAIN=2\n")
            os.symlink(os.path.join(outside, "secret.env"), os.path.join(tree, f".link{i}"))
            os.symlink(outside, os.path.join(tree, f".dlink{i}"))
        stop = threading.Event()

        def swapper():
            k = 0
            while not stop.is_set():
                i = k % n
                f, d = os.path.join(tree, f"f{i}.env"), os.path.join(tree, f"d{i}")
                # Swap in the symlinks, then put the real entries back.
                os.rename(f, f + ".real")
                os.rename(os.path.join(tree, f".link{i}"), f)
                os.rename(d, d + ".real")
                os.rename(os.path.join(tree, f".dlink{i}"), d)
                os.rename(f, os.path.join(tree, f".link{i}"))
                os.rename(f + ".real", f)
                os.rename(d, os.path.join(tree, f".dlink{i}"))
                os.rename(d + ".real", d)
                k += 1

        t = threading.Thread(target=swapper)
        t.start()
        try:
            for run in range(12):
                r = self.scan(tree, "-f", "json", "--show-secrets", "--allow-partial", "--fail-on", "none",
                              "--no-context", "--threads", "2")
                self.assertEqual(r.returncode, 0, r.stderr[-500:])
                self.assertNotIn(outside_secret, r.stdout, f"run {run} read outside the root")
        finally:
            stop.set()
            t.join()

    def test_symlinks_in_tree_are_not_followed(self):
        outside_secret = htok(self.rng)
        write(os.path.join(self.tmp, "outside", "secret.env"), f"OUT={outside_secret}\n")
        tree = os.path.join(self.tmp, "tree")
        write(os.path.join(tree, "inside.env"), f"IN={htok(self.rng)}\n")
        os.symlink(os.path.join(self.tmp, "outside", "secret.env"), os.path.join(tree, "link.env"))
        os.symlink(os.path.join(self.tmp, "outside"), os.path.join(tree, "linkdir"))
        r = self.scan(tree, "-f", "json", "--show-secrets", "--fail-on", "none")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn(outside_secret, r.stdout)
        self.assertEqual(len(json.loads(r.stdout)["findings"]), 1)


# ------------------------------------------------------------------ item 9
class TerminalInjectionTest(HostileCase):
    """File names (and other untrusted text) reach stderr and the text
    report with their control characters escaped."""

    ESC = "\x1b]0;pwned\x07\x1b[2J\x1b[31m"

    def test_file_names_are_escaped(self):
        tree = os.path.join(self.tmp, "tree")
        name = f"evil{self.ESC}\r\x9b6n.env"
        write(os.path.join(tree, name), f"T={htok(self.rng)}\n")
        unreadable = os.path.join(tree, f"locked{self.ESC}.env")
        write(unreadable, "x\n")
        os.mkfifo(os.path.join(tree, f"fifo{self.ESC}"))
        big = os.path.join(tree, f"big{self.ESC}.env")
        write(big, "x" * 5000 + "\n")
        for args in (["-f", "text", "-v"], ["-f", "text"], ["-f", "json"]):
            r = subprocess.run([BINARY, "scan", "--signatures", self.sigs, "--no-config", tree,
                                "--max-file-size", "4K", *args], capture_output=True, env=self.env, timeout=300)
            for stream, data in (("stdout", r.stdout), ("stderr", r.stderr)):
                if args[1] == "json" and stream == "stdout":
                    continue  # JSON escapes them itself
                for bad in (b"\x1b", b"\x07", b"\r", b"\x9b", b"\xc2\x9b"):
                    self.assertNotIn(bad, data, f"{args} {stream}: {data[-400:]!r}")
            if "-v" in args:
                self.assertIn(b"big\\x1b", r.stderr, args)  # named (skipped as too large), escaped

    def test_config_errors_are_escaped(self):
        tree = os.path.join(self.tmp, "tree")
        write(os.path.join(tree, ".blastradius.json"), '{"exclude": [\x1b[31m]}')
        r = subprocess.run([BINARY, "scan", tree], capture_output=True, env=self.env, timeout=300)
        self.assertEqual(r.returncode, 2)
        self.assertNotIn(b"\x1b", r.stderr)


# ----------------------------------------------------------------- item 10
BURST_SIGNATURE = {
    "id": "hostile.burst",
    "name": "Many overlapping events",
    "references": ["https://example.org/docs"],
    "pattern": "(zq[0-9]{6,40})",
    "scope": "project",
    "capabilities": ["data:read"],
    "irreversible": [],
    "expires": "never",
    "base_severity": "low",
    "blast_radius": 1.0,
    "min_entropy": 3.0,
    "worst_case": "Nothing.",
    "remediation": {"revoke": "Nothing.", "replace": "Nothing."},
    "examples": ["zq1234567890", "zq9876543210"],
    "negative_examples": ["zq0000000000"],
}


class NothingLostSilentlyTest(HostileCase):
    def tree_with_secret(self):
        tree = os.path.join(self.tmp, "tree")
        write(os.path.join(tree, "a.env"), f"T={htok(self.rng)}\n")
        return tree

    def errors(self, r):
        return {e["path"]: e["message"] for e in json.loads(r.stdout)["scan"]["errors"]}

    def test_unreadable_and_non_regular_command_line_paths(self):
        tree = self.tree_with_secret()
        fifo = os.path.join(self.tmp, "pipe")
        os.mkfifo(fifo)
        r = self.scan(tree, fifo, "-f", "json", timeout=30)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn(fifo, self.errors(r))
        r = self.scan(tree, fifo, "-f", "json", "--allow-partial", timeout=30)
        self.assertEqual(r.returncode, 1, r.stderr)
        if os.geteuid() == 0:
            os.chmod(self.tmp, 0o755)
            unreadable = os.path.join(self.tmp, "locked.env")
            write(unreadable, f"T={htok(self.rng)}\n", 0)
            r = subprocess.run(["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups", BINARY,
                                "scan", "--signatures", self.sigs, "--no-config", unreadable, "-f",
                                "json"], capture_output=True, text=True, env=self.env, timeout=300, cwd="/")
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertIn(unreadable, self.errors(r))

    def test_too_large_files_are_counted_named_or_partial(self):
        # Found by walking a tree: counted in the summary and named by -v,
        # like binary files; the exit code still reports the findings.
        tree = self.tree_with_secret()
        big = os.path.join(tree, "big.env")
        write(big, f"T={htok(self.rng)}\n" + "x" * 9000 + "\n")
        r = self.scan(tree, "-f", "json", "--max-file-size", "8K")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertEqual(json.loads(r.stdout)["scan"]["files_too_large"], 1)
        r = self.scan(tree, "-f", "text", "-v", "--max-file-size", "8K")
        self.assertIn("big.env", r.stderr)
        # Named on the command line: it was asked for and not scanned.
        r = self.scan(big, "-f", "json", "--max-file-size", "8K")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertTrue(any(p.endswith("big.env") for p in self.errors(r)), r.stdout)
        r = self.scan(big, "-f", "json", "--max-file-size", "8K", "--allow-partial")
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_candidate_limit_is_reported(self):
        write(os.path.join(self.sigs, "burst.json"),
              json.dumps({"provider": "burst", "name": "Burst", "signatures": [BURST_SIGNATURE]}))
        tree = os.path.join(self.tmp, "tree")
        late = htok(self.rng)
        # ~35 events per 43 bytes: well over the 1M-event limit.
        write(os.path.join(tree, "burst.txt"), ("zq" + "0" * 40 + " ") * 40000 + f"\nT={late}\n")
        # The scan stops at the limit, so the token after the burst is not
        # seen: the file is named as not scanned whole, in the report and
        # in the exit code (2), never passed over with 0.
        r = self.scan(tree, "-f", "json", "--show-secrets", "--fail-on", "none", timeout=300)
        self.assertEqual(r.returncode, 2, r.stderr)
        report = json.loads(r.stdout)
        self.assertNotIn(late, [f["secret"] for f in report["findings"]])
        self.assertEqual(report["scan"]["errors"],
                         [{"path": "burst.txt", "message": "too many candidate matches; rest of file not scanned"}])
        r = self.scan(tree, "-f", "json", "--fail-on", "none", "--allow-partial", timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual([e["path"] for e in json.loads(r.stdout)["scan"]["errors"]], ["burst.txt"])


# ----------------------------------------------------------------- item 11
class CommandLineLimitsTest(HostileCase):
    def scan_peak_memory(self, *args, env=None):
        """Runs one scan under a probe: a child Python that runs only it, passes
        its stdout and stderr through and prints its exit code and peak memory
        (KiB) as the last line of stderr. Returns (CompletedProcess, code, KiB)."""
        probe = ("import resource, subprocess, sys\n"
                 "r = subprocess.run(sys.argv[1:], stdout=sys.stdout, stderr=sys.stderr)\n"
                 "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n")
        r = subprocess.run([sys.executable, "-c", probe, BINARY, "scan", "--signatures", self.sigs, "--no-config",
                            *args], capture_output=True, text=True, env=env or self.env, timeout=600)
        code, max_rss_kb = (int(x) for x in r.stderr.splitlines()[-1].split())
        return r, code, max_rss_kb

    def test_json_report_of_many_findings_is_streamed(self):
        # 50,000 findings make a JSON report of ~120 MB. It is written as it
        # is serialised, so it adds little to the scan's own peak memory
        # (measured by a Markdown report of the same scan, which is small).
        # Before, the whole report was built as a JSON tree first: 100,000
        # findings peaked at 1.77 GB against the scan's 311 MB.
        tree = os.path.join(self.tmp, "tree")
        write(os.path.join(tree, "many.txt"), "".join(f"{htok(self.rng)} x x x x x x x x x\n" for _ in range(50000)))
        # AddressSanitizer keeps freed memory in quarantine (256 MB by
        # default): keep it small, so freed serialisation memory is reused.
        env = dict(self.env)
        env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS"), "quarantine_size_mb=16"]))
        out = os.path.join(self.tmp, "report.json")
        r, code, json_kb = self.scan_peak_memory(tree, "-f", "json", "-o", out, "--fail-on", "none", env=env)
        self.assertEqual(code, 0, r.stderr)
        with open(out, "rb") as f:
            doc = json.load(f)
        self.assertEqual(len(doc["findings"]), 50000)
        report_kb = os.path.getsize(out) // 1024
        r, code, small_kb = self.scan_peak_memory(tree, "-f", "markdown", "-o", os.path.join(self.tmp, "r.md"),
                                                  "--fail-on", "none", env=env)
        self.assertEqual(code, 0, r.stderr)
        self.assertLess(json_kb, small_kb + report_kb // 4,
                        f"JSON report of {report_kb} KiB: peak {json_kb} KiB, scan alone {small_kb} KiB")

    def test_overflowing_sizes_are_rejected(self):
        tree = os.path.join(self.tmp, "tree")
        write(os.path.join(tree, "a.env"), "x\n")
        for bad in ("18446744073709551616", "99999999999999999999", "17179869184G", "18014398509481984K",
                    "-1", " 5", "5 ", "0x10", "1e3", "", "K"):
            r = self.scan(tree, "--max-file-size", bad)
            self.assertEqual(r.returncode, 2, f"{bad!r}: {r.stderr}")
            self.assertIn("--max-file-size", r.stderr)
        for good in ("0", "10", "4K", "16M", "1G", "18446744073709551615"):
            r = self.scan(tree, "--max-file-size", good, "--allow-partial")
            self.assertEqual(r.returncode, 0, f"{good!r}: {r.stderr}")

    def test_huge_sparse_binary_file_is_judged_by_its_first_bytes(self):
        # A 4 GiB sparse file under --max-file-size 8G: it is binary from its
        # first byte, so it must be skipped as binary without being read
        # (reading it whole took its size in memory). Peak memory of the
        # scan alone, measured by a child Python that runs only it.
        tree = os.path.join(self.tmp, "tree")
        write(os.path.join(tree, "a.env"), f"T={htok(self.rng)}\n")
        with open(os.path.join(tree, "disk.txt"), "wb") as f:
            f.truncate(4 << 30)
        r, code, max_rss_kb = self.scan_peak_memory(tree, "--max-file-size", "8G", "-f", "json", "--fail-on",
                                                    "none", "-v")
        self.assertEqual(code, 0, r.stderr)
        self.assertIn("disk.txt", r.stderr)  # -v names it
        self.assertIn("binary file; skipped", r.stderr)
        self.assertEqual(json.loads(r.stdout)["scan"]["files_binary"], 1)
        self.assertLess(max_rss_kb, 1 << 20, "the scan read the sparse file into memory")

    def test_signature_directory_with_fifo_does_not_hang(self):
        tree = os.path.join(self.tmp, "tree")
        write(os.path.join(tree, "a.env"), f"T={htok(self.rng)}\n")
        sigs = os.path.join(self.tmp, "fifosigs")
        os.makedirs(sigs)
        os.mkfifo(os.path.join(sigs, "pipe.json"))
        os.mkfifo(os.path.join(sigs, "documented-examples.txt"))
        r = self.scan(tree, "--signatures", sigs, timeout=30)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("pipe.json", r.stderr)


class ManyTokensOnOneLineTest(HostileCase):
    """Thousands of tokens on one long line (a minified bundle) cost time
    linear in the line: line-wide work (allow markers, the hosts that name an
    environment, code point columns, the key before each value) is done once
    per line, not once per token. Before, 5,000 tokens on a 2.6 MB line took
    189 s; the generous timeout only separates linear from quadratic."""

    def test_five_thousand_tokens_on_one_line(self):
        words = ["alpha", "beta", "gamma", "delta", "caf\u00e9", "\u2014"]
        parts, tokens = [], []
        for _ in range(5000):
            tokens.append(htok(self.rng))
            parts.append(tokens[-1])
            parts.append(" ".join(self.rng.choice(words) for _ in range(85)))
        line1 = " ".join(parts) + " see http://localhost:8080/"
        allowed = [htok(self.rng) for _ in range(500)]
        line2 = " ".join(allowed) + " # blastradius:allow fixture"
        tree = os.path.join(self.tmp, "tree")
        write(os.path.join(tree, "bundle.txt"), line1 + "\n" + line2 + "\n")
        r = self.scan(tree, "-f", "json", "--fail-on", "none", "--show-secrets", timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        locations = {f["secret"]: f["locations"] for f in json.loads(r.stdout)["findings"]}
        self.assertEqual(set(locations), set(tokens), "every token on line 1, none of line 2's")
        line1_bytes = line1.encode()
        for token in (tokens[0], tokens[2500], tokens[-1]):
            [loc] = locations[token]
            self.assertEqual((loc["line"], loc["column"]), (1, line1_bytes.index(token.encode()) + 1))
            self.assertEqual(loc["environment"], "development", "the line names localhost")

    def test_signature_matching_every_byte_of_a_long_line(self):
        # A signature (from a repository's config or --signatures) whose
        # pattern matches every byte, on a 96 KiB line: 98,305 candidates on
        # one line (over 60 s for 64 KiB before, growing with the square of
        # the length; 17 s now under AddressSanitizer, 6 s in a release
        # build). Every byte is reported once.
        sig = dict(SIGNATURE, id="hostile.every_byte", pattern="([\\s\\S])", examples=["a", "b"],
                   negative_examples=["zz"])
        write(os.path.join(self.sigs, "every-byte.json"),
              json.dumps({"provider": "everybyte", "name": "Every byte", "signatures": [sig]}))
        # Compiling the new signature set (a minute under sanitizers) is not
        # what is bounded here: an untimed scan of an empty tree caches it.
        empty = os.path.join(self.tmp, "empty")
        os.makedirs(empty)
        self.assertEqual(self.scan(empty).returncode, 0)
        tree = os.path.join(self.tmp, "tree")
        text = "".join(self.rng.choice(string.ascii_letters + " ") for _ in range(98304)) + "\n"
        write(os.path.join(tree, "line.txt"), text)
        r = self.scan(tree, "-f", "json", "--fail-on", "none", timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        findings = [f for f in json.loads(r.stdout)["findings"] if f["rule_id"] == "hostile.every_byte"]
        self.assertEqual(sum(len(f["locations"]) for f in findings), len(text))
        self.assertEqual(len(findings), len(set(text)))

    def test_ten_thousand_curl_passwords_on_one_line(self):
        # HTTP credentials look for an API host on their line: once per
        # line, not once per credential (10,000 on one line took minutes).
        # Each command's "curl" is within the pattern's reach of the next
        # ones' passwords; every password is still found.
        passwords = [rand(self.rng, 11) + str(self.rng.randrange(10)) for _ in range(10000)]
        line = " ".join(f"curl -u ops:{p} https://h{i}.svc.corp.internal/v1" for i, p in enumerate(passwords))
        tree = os.path.join(self.tmp, "tree")
        write(os.path.join(tree, "runbook.txt"), line + "\n")
        r = self.scan(tree, "-f", "json", "--fail-on", "none", "--show-secrets", timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        found = {f["secret"]: f for f in json.loads(r.stdout)["findings"]}
        self.assertEqual(set(found), set(passwords))
        self.assertIn("HTTP credential sent to h0.svc.corp.internal (no known provider)",
                      found[passwords[-1]]["notes"], "the line's first host, as for one command")

# ----------------------------------------------------------------- item 12
class BaselineTest(HostileCase):
    """--baseline-prune only after a complete scan of the whole tree;
    --write-baseline over an existing baseline keeps its salt."""

    def repo_with_two_secrets(self):
        tree = os.path.join(self.tmp, "tree")
        write(os.path.join(tree, "a.env"), f"T={htok(self.rng)}\n")
        write(os.path.join(tree, "big.env"), f"T={htok(self.rng)}\n" + "x" * 9000 + "\n")
        git(tree, "init", "-q")
        git(tree, "add", "-A")
        git(tree, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "one")
        base = os.path.join(self.tmp, "base.json")
        r = self.scan(tree, "--write-baseline", base)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(base) as f:
            self.assertEqual(len(json.load(f)["entries"]), 2)
        return tree, base

    def test_prune_refused_unless_complete_full_scan(self):
        tree, base = self.repo_with_two_secrets()
        with open(base) as f:
            before = f.read()
        for extra in (["--staged"], ["--diff", "HEAD~0..HEAD"], ["--max-file-size", "8K"]):
            r = self.scan(tree, "--baseline", base, "--baseline-prune", *extra)
            self.assertEqual(r.returncode, 2, f"{extra}: {r.stderr}")
            self.assertIn("--baseline-prune", r.stderr)
            with open(base) as f:
                self.assertEqual(f.read(), before, extra)
        # A complete scan prunes what is gone, and only that.
        write(os.path.join(tree, "a.env"), "T=nothing\n")
        r = self.scan(tree, "--baseline", base, "--baseline-prune")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("pruned 1 entry, 1 left", r.stderr)

    def test_write_baseline_in_place_keeps_salt(self):
        tree, base = self.repo_with_two_secrets()
        with open(base) as f:
            before = json.load(f)
        r = self.scan(tree, "--write-baseline", base)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(base) as f:
            after = json.load(f)
        self.assertEqual(after, before)
        write(os.path.join(tree, "c.env"), f"T={htok(self.rng)}\n")
        r = self.scan(tree, "--write-baseline", base)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(base) as f:
            grown = json.load(f)
        self.assertEqual(grown["salt"], before["salt"])
        self.assertEqual(len(grown["entries"]), 3)
        self.assertTrue(set(before["entries"]) <= set(grown["entries"]))


# ------------------------------------------------------------------ item 9
class PolicyEditTest(HostileCase):
    """A change cannot switch its own check off: in --diff/--staged, an edit
    of the config or baseline it is checked under that hides a finding
    reports that finding; reports name the policy files applied."""

    def scan_with_config(self, *args, cwd=None):
        return subprocess.run([BINARY, "scan", "--signatures", self.sigs, *args], capture_output=True, text=True,
                              cwd=cwd or self.tmp, timeout=120, env=self.env, errors="replace")

    def repo(self):
        tree = os.path.join(self.tmp, "repo")
        write(os.path.join(tree, "README"), "readme\n")
        git(tree, "init", "-q")
        self.commit(tree, "base")
        return tree

    def commit(self, tree, msg):
        git(tree, "add", "-A")
        git(tree, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", msg)

    def test_diff_that_adds_a_secret_and_a_config_excluding_it(self):
        tree = self.repo()
        secret = htok(self.rng)
        write(os.path.join(tree, "a.env"), f"T={secret}\n")
        write(os.path.join(tree, ".blastradius.json"), json.dumps({"exclude": ["a.env"], "fail_on": "none"}))
        self.commit(tree, "pr")
        r = self.scan_with_config(tree, "--diff", "HEAD~1..HEAD", "-f", "json", "--show-secrets")
        self.assertEqual(r.returncode, 1, r.stderr)
        report = json.loads(r.stdout)
        self.assertEqual([f["secret"] for f in report["findings"]], [secret])
        self.assertIn("hidden or lowered by this change's edit of", report["findings"][0]["notes"][-1])
        self.assertIn("warning: this change edits", r.stderr)
        self.assertEqual(report["scan"]["config"], os.path.join(tree, ".blastradius.json"))
        # The same config committed before the change applies as usual.
        tree2 = os.path.join(self.tmp, "repo2")
        write(os.path.join(tree2, ".blastradius.json"), json.dumps({"exclude": ["a.env"]}))
        git(tree2, "init", "-q")
        self.commit(tree2, "base")
        write(os.path.join(tree2, "a.env"), f"T={htok(self.rng)}\n")
        self.commit(tree2, "pr")
        r = self.scan_with_config(tree2, "--diff", "HEAD~1..HEAD", "-f", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["findings"], [])
        self.assertNotIn("warning", r.stderr)

    def test_staged_baseline_edit_that_accepts_the_new_secret(self):
        tree = self.repo()
        base = os.path.join(tree, "baseline.json")
        r = self.scan_with_config(tree, "--write-baseline", base)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.commit(tree, "empty baseline")
        secret = htok(self.rng)
        write(os.path.join(tree, "a.env"), f"T={secret}\n")
        r = self.scan_with_config(tree, "--write-baseline", base)  # accepts the new secret
        self.assertEqual(r.returncode, 0, r.stderr)
        git(tree, "add", "-A")
        r = self.scan_with_config(tree, "--staged", "--baseline", base, "-f", "json", "--show-secrets")
        self.assertEqual(r.returncode, 1, r.stderr)
        report = json.loads(r.stdout)
        self.assertEqual([f["secret"] for f in report["findings"]], [secret])
        self.assertEqual(report["scan"]["baseline"], base)
        # Text reports name the policy files too.
        r = self.scan_with_config(tree, "--staged", "--baseline", base, "-f", "text")
        self.assertIn(f"policy applied: config none; baseline {base}", r.stdout)
        # Committed, the baseline applies to later changes as usual.
        self.commit(tree, "accept")
        write(os.path.join(tree, "a.env"), f"T={secret}\nU=1\n")
        git(tree, "add", "-A")
        r = self.scan_with_config(tree, "--staged", "--baseline", base, "--all-lines", "-f", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.scan_with_config(tree, "--staged", "--all-lines", "-f", "json")
        self.assertEqual(r.returncode, 1, r.stderr)

    def test_config_edit_cannot_relax_fail_on(self):
        tree = self.repo()
        write(os.path.join(tree, ".blastradius.json"), json.dumps({"fail_on": "high"}))
        self.commit(tree, "config")
        write(os.path.join(tree, "a.env"), f"T={htok(self.rng)}\n")
        write(os.path.join(tree, ".blastradius.json"), json.dumps({"fail_on": "none"}))
        git(tree, "add", "-A")
        r = self.scan_with_config(tree, "--staged")
        self.assertEqual(r.returncode, 1, r.stderr)
        # The command line still decides when given.
        r = self.scan_with_config(tree, "--staged", "--fail-on", "none")
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_config_signature_paths_leaving_the_repository_are_refused(self):
        tree = os.path.join(self.tmp, "tree")
        os.makedirs(os.path.join(self.tmp, "outside"))
        write(os.path.join(tree, "a.env"), "x\n")
        for bad in ("../outside", os.path.join(self.tmp, "outside")):
            write(os.path.join(tree, ".blastradius.json"), json.dumps({"signatures": [bad]}))
            r = self.scan_with_config(tree)
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertIn(".blastradius.json: /signatures/0:", r.stderr)
            self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)


# ------------------------------------------------------------ item 13 (smaller)
class SmallerItemsTest(HostileCase):
    def findings(self, tree, *extra):
        r = self.scan(tree, "-f", "json", "--show-secrets", *extra)
        self.assertEqual(r.returncode, 1, r.stderr)
        return r, json.loads(r.stdout)["findings"]

    def test_replaced_signature_ids_warn_and_name_the_winner(self):
        tree = os.path.join(self.tmp, "tree")
        write(os.path.join(tree, "a.env"), f"T={htok(self.rng)}\n")
        other = os.path.join(self.tmp, "sigs2")
        sig = dict(SIGNATURE, worst_case="Second copy: reads the test data of one project.")
        write(os.path.join(other, "copy.json"),
              json.dumps({"provider": "hostile", "name": "Hostile", "signatures": [sig]}))
        builtin = dict(SIGNATURE, id="github.pat.classic", pattern="\\b(ghx_[a-z0-9]{16})\\b",
                       examples=["ghx_q8ztr2vlm0pk4abc", "ghx_b7yqs1ukl9oj5def"], negative_examples=["ghx_short"])
        write(os.path.join(other, "gh.json"),
              json.dumps({"provider": "hostile", "name": "Hostile", "signatures": [builtin]}))
        r = self.scan(tree, "--signatures", other, "-f", "json")
        self.assertEqual(r.returncode, 1, r.stderr)
        first = os.path.join(self.sigs, "hostile.json")
        second = os.path.join(other, "copy.json")
        self.assertIn(f"warning: {second}: /signatures/0/id (hostile.tok): replaces the signature defined in "
                      f"{first}; the one in {second} is used", r.stderr)
        self.assertIn("(github.pat.classic): replaces the built-in signature defined in signatures/github.json",
                      r.stderr)
        self.assertEqual(json.loads(r.stdout)["findings"][0]["worst_case"],
                         "Second copy: reads the test data of one project.")

    def test_utf16_files_are_decoded(self):
        tree = os.path.join(self.tmp, "tree")
        secrets = {}
        for name, enc in (("le.env", "utf-16-le"), ("be.env", "utf-16-be")):
            secrets[name] = htok(self.rng)
            text = f"# caf\u00e9\r\nA=1\r\nT={secrets[name]}\r\n"
            write(os.path.join(tree, name), "\ufeff".encode(enc) + text.encode(enc))
        r, found = self.findings(tree)
        got = {f["locations"][0]["path"]: (f["secret"], f["locations"][0]["line"], f["locations"][0]["column"])
               for f in found}
        self.assertEqual(got, {name: (secret, 3, 3) for name, secret in secrets.items()})

    def test_cr_only_line_endings(self):
        tree = os.path.join(self.tmp, "tree")
        secret = htok(self.rng)
        write(os.path.join(tree, "mac.env"), f"A=1\rB=2\r\rT={secret}\r")
        r, found = self.findings(tree)
        loc = found[0]["locations"][0]
        self.assertEqual((found[0]["secret"], loc["line"], loc["column"], loc["end_line"]), (secret, 4, 3, 4))
        # The same file staged: git numbers its lines by LF only, and the
        # secret on an added line is still reported.
        git(tree, "init", "-q")
        git(tree, "add", "-A")
        r = self.scan(tree, "--staged", "-f", "json", "--show-secrets")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertEqual([f["secret"] for f in json.loads(r.stdout)["findings"]], [secret])

    def test_non_utf8_file_names_do_not_collide_in_json(self):
        tree = os.path.join(self.tmp, "tree").encode()
        os.makedirs(tree)
        secrets = {}
        for raw in (b"caf\xe9.env", b"caf\xe8.env"):
            secrets[raw] = htok(self.rng)
            with open(os.path.join(tree, raw), "w") as f:
                f.write(f"T={secrets[raw]}\n")
        r, found = self.findings(os.fsdecode(tree))
        got = {urllib.parse.unquote_to_bytes(f["locations"][0]["path_bytes"]): f["secret"] for f in found}
        self.assertEqual(got, secrets)


def main():
    global BINARY
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    BINARY = os.path.abspath(sys.argv.pop(1))
    global SHARED_CACHE
    own = None
    SHARED_CACHE = os.environ.get("BLASTRADIUS_CACHE_DIR")
    if not SHARED_CACHE:
        own = SHARED_CACHE = tempfile.mkdtemp(prefix="blastradius-hostile-cache-")
    # Warm the shared cache once for the hostile signature set.
    warm = HostileCase("__init__")
    warm.setUp()
    try:
        write(os.path.join(warm.tmp, "t", "a"), "x\n")
        warm.scan(os.path.join(warm.tmp, "t"), timeout=600)
    finally:
        warm.tearDown()
    left_out = set()
    while "--except" in sys.argv:
        i = sys.argv.index("--except")
        left_out.add(sys.argv[i + 1])
        del sys.argv[i:i + 2]
    unknown = left_out - {name for name, value in globals().items() if isinstance(value, type)}
    if unknown:
        print(f"hostile_test.py: --except: no test class {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2

    class Loader(unittest.TestLoader):
        def loadTestsFromTestCase(self, case):
            return unittest.TestSuite() if case.__name__ in left_out else super().loadTestsFromTestCase(case)

    try:
        result = unittest.main(exit=False, verbosity=1, testLoader=Loader()).result
        return 0 if result.wasSuccessful() else 1
    finally:
        if own:
            shutil.rmtree(own, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
