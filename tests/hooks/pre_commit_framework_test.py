#!/usr/bin/env python3
"""The pre-commit framework loads .pre-commit-hooks.yaml and runs the hooks:
Debian 12's pre-commit (3.0.4) here, Debian 13's (4.x) in
tests/packaging/distro_test.sh. A hooks repository is made from
this checkout's manifest and hooks/, a test repository uses all three hook
ids, and real `git commit`s go through `pre-commit install`:
  * a clean commit passes and the hooks print nothing;
  * a staged GitHub token blocks the commit, with the fix-it guidance, in
    both the PATH hook and the from-source hook (built binary pre-seeded);
  * `pre-commit run --all-files` fails on a token already committed.
The token is generated from a seeded PRNG (not a real credential).

usage: pre_commit_framework_test.py /path/to/blastradius
Exit 77 (skipped) when pre-commit is not installed, except under CI.
"""
import binascii, os, random, shutil, subprocess, sys, tempfile, unittest

BIN = None
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def fake_pat(seed):
    """A ghp_ token with a valid CRC32 checksum, from a seeded PRNG."""
    rng = random.Random(seed)
    body = "".join(rng.choice(B62) for _ in range(30))
    n, out = binascii.crc32(body.encode()) & 0xFFFFFFFF, ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return "ghp_" + body + out.rjust(6, "0")


def git(cwd, *args, check=True, env=None):
    r = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=600)
    if check and r.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {r.stdout}{r.stderr}")
    return r


class PreCommitFrameworkTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="br-precommit-")
        bindir = os.path.join(cls.tmp, "bin")
        os.makedirs(bindir)
        shutil.copy2(BIN, os.path.join(bindir, "blastradius"))
        # The from-source hook builds into BLASTRADIUS_HOOK_BUILD_DIR; a binary
        # already there is what a previous first run left.
        prebuilt = os.path.join(cls.tmp, "hook-build")
        os.makedirs(prebuilt)
        shutil.copy2(BIN, os.path.join(prebuilt, "blastradius"))
        cls.env = dict(os.environ,
                       PATH=bindir + os.pathsep + os.environ.get("PATH", ""),
                       PRE_COMMIT_HOME=os.path.join(cls.tmp, "pre-commit-home"),
                       BLASTRADIUS_HOOK_BUILD_DIR=prebuilt,
                       BLASTRADIUS_CACHE_DIR=os.path.join(cls.tmp, "cache"),
                       GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
                       GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org",
                       GIT_CONFIG_NOSYSTEM="1", HOME=cls.tmp)
        cls.env.pop("GIT_INDEX_FILE", None)
        # The hooks repository: this checkout's manifest and scripts.
        hooks_repo = os.path.join(cls.tmp, "hooks-repo")
        os.makedirs(hooks_repo)
        shutil.copy2(os.path.join(ROOT, ".pre-commit-hooks.yaml"), hooks_repo)
        shutil.copytree(os.path.join(ROOT, "hooks"), os.path.join(hooks_repo, "hooks"))
        shutil.copytree(os.path.join(ROOT, "scripts"), os.path.join(hooks_repo, "scripts"))
        git(hooks_repo, "init", "-q", "-b", "main", env=cls.env)
        git(hooks_repo, "add", "-A", env=cls.env)
        git(hooks_repo, "commit", "-q", "-m", "hooks", env=cls.env)
        rev = git(hooks_repo, "rev-parse", "HEAD", env=cls.env).stdout.strip()
        cls.hooks_repo, cls.rev = hooks_repo, rev

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def make_repo(self, name, hook_ids):
        repo = os.path.join(self.tmp, name)
        os.makedirs(repo)
        git(repo, "init", "-q", "-b", "main", env=self.env)
        hooks = "".join(f"      - id: {h}\n" for h in hook_ids)
        with open(os.path.join(repo, ".pre-commit-config.yaml"), "w") as f:
            f.write(f"repos:\n  - repo: {self.hooks_repo}\n    rev: {self.rev}\n    hooks:\n{hooks}")
        with open(os.path.join(repo, "README.md"), "w") as f:
            f.write("# test\n")
        git(repo, "add", "-A", env=self.env)
        git(repo, "commit", "-q", "--no-verify", "-m", "init", env=self.env)
        r = self.pre_commit(repo, "install")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        return repo

    def pre_commit(self, repo, *args):
        return subprocess.run(["pre-commit", *args], cwd=repo, capture_output=True, text=True, env=self.env,
                              timeout=600)

    def write(self, repo, rel, text):
        with open(os.path.join(repo, rel), "w") as f:
            f.write(text)

    def test_manifest_loads(self):
        repo = self.make_repo("manifest", ["blastradius", "blastradius-from-source", "blastradius-all-files"])
        r = self.pre_commit(repo, "run", "--all-files")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        for name in ("credentials in staged changes)", "built from source)", "credentials in the files, whole)"):
            self.assertIn(name, r.stdout)
        self.assertNotIn("Failed", r.stdout)
        # Unknown manifest keys or deprecated stage names are warned about.
        self.assertNotIn("[WARNING]", r.stdout + r.stderr)

    def test_clean_commit_passes_quietly(self):
        repo = self.make_repo("clean", ["blastradius", "blastradius-from-source"])
        self.write(repo, "app.py", "import os\nTOKEN = os.environ['GITHUB_TOKEN']\n")
        git(repo, "add", "app.py", env=self.env)
        r = git(repo, "commit", "-m", "clean", check=False, env=self.env)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(self.pre_commit(repo, "run", "--verbose").returncode, 0)
        # The runner itself says nothing when the commit is clean.
        self.write(repo, "more.py", "print('hello')\n")
        git(repo, "add", "more.py", env=self.env)
        r = subprocess.run([os.path.join(ROOT, "hooks", "pre-commit.sh"), "--staged"], cwd=repo,
                           capture_output=True, text=True, env=self.env, timeout=120)
        self.assertEqual((r.returncode, r.stdout, r.stderr), (0, "", ""))

    def test_staged_token_blocks_the_commit_with_guidance(self):
        repo = self.make_repo("blocked", ["blastradius", "blastradius-from-source"])
        pat = fake_pat(11)
        self.write(repo, "deploy.sh", f"export GITHUB_TOKEN={pat}\n")
        git(repo, "add", "deploy.sh", env=self.env)
        r = git(repo, "commit", "-m", "leak", check=False, env=self.env)
        out = r.stdout + r.stderr
        self.assertNotEqual(r.returncode, 0, out)
        self.assertEqual(out.count("github.pat.classic"), 2, out)  # one report per hook
        self.assertEqual(out.count("Failed"), 2, out)
        for hint in ("blastradius:allow", "--write-baseline", "--baseline"):
            self.assertIn(hint, out)
        self.assertNotIn(pat, out)  # redacted without --show-secrets
        self.assertEqual(git(repo, "rev-list", "--count", "HEAD", env=self.env).stdout.strip(), "1")
        # An allow marker is the documented way out for a test value.
        self.write(repo, "deploy.sh", f"export GITHUB_TOKEN={pat}  # blastradius:allow test fixture\n")
        git(repo, "add", "deploy.sh", env=self.env)
        r = git(repo, "commit", "-m", "allowed", check=False, env=self.env)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_all_files_finds_a_committed_token(self):
        repo = self.make_repo("all-files", ["blastradius", "blastradius-all-files"])
        pat = fake_pat(12)
        self.write(repo, "settings.py", f"GITHUB_TOKEN = \"{pat}\"\n")
        git(repo, "add", "settings.py", env=self.env)
        git(repo, "commit", "-q", "--no-verify", "-m", "committed", env=self.env)
        r = self.pre_commit(repo, "run", "--all-files")
        out = r.stdout + r.stderr
        self.assertEqual(r.returncode, 1, out)
        self.assertIn("github.pat.classic", out)
        self.assertIn("these files hold the credentials", out)
        self.assertNotIn(pat, out)
        # The staged-only hook passed (nothing staged); only the whole-file one failed.
        self.assertEqual(out.count("Failed"), 1, out)


if __name__ == "__main__":
    BIN = os.path.abspath(sys.argv.pop(1))
    if shutil.which("pre-commit") is None:
        print("pre-commit is not installed (make test installs it)")
        sys.exit(1 if os.environ.get("CI") else 77)
    print(subprocess.run(["pre-commit", "--version"], capture_output=True, text=True).stdout.strip())
    unittest.main(verbosity=2)
