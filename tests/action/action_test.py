#!/usr/bin/env python3
"""The GitHub Action (action.yml) outside GitHub: its metadata against a
schema of GitHub's action syntax plus cross-reference checks, and its step
scripts (action/*.sh, action/postprocess.py) run as the runner would, with
GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, against a fixture repository:
  * the release tarball path (a tarball made from this build, served from a
    file:// URL) and the build-from-source decision;
  * a full scan of a subfolder `path`: SARIF URIs relative to the repository
    root with originalUriBaseIds, the full-scan category, allow-marked and
    baselined findings as suppressed results, no info results;
  * a pull-request diff: only what the branch adds, the diff category;
  * a shallow checkout with a diff: exit 2 and a message naming fetch-depth;
  * annotations: error/warning/notice by severity, none for info.
Credential-shaped values come from a seeded PRNG.

usage: action_test.py /path/to/blastradius BUILD_DIR
"""
import binascii, json, os, random, re, shutil, subprocess, sys, tempfile, unittest

import jsonschema
import yaml

BIN = BUILD = None
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
RNG = random.Random(20251205)


def rand(n, alphabet=B62):
    return "".join(RNG.choice(alphabet) for _ in range(n))


def pat():
    body = rand(30)
    n, out = binascii.crc32(body.encode()) & 0xFFFFFFFF, ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return "ghp_" + body + out.rjust(6, "0")


def git(cwd, *args):
    r = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {r.stderr}")
    return r.stdout.strip()


def outputs(path):
    with open(path) as f:
        return dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)


class ActionMetadataTest(unittest.TestCase):
    def setUp(self):
        with open(os.path.join(ROOT, "action.yml")) as f:
            self.action = yaml.safe_load(f)
        with open(os.path.join(ROOT, "action.yml")) as f:
            self.text = f.read()

    def test_schema(self):
        with open(os.path.join(os.path.dirname(__file__), "action-metadata.schema.json")) as f:
            jsonschema.validate(self.action, json.load(f))

    def test_references_resolve(self):
        inputs = set(self.action["inputs"])
        for name in re.findall(r"inputs\.([A-Za-z0-9_-]+)", self.text):
            self.assertIn(name, inputs)
        steps = {s["id"]: s for s in self.action["runs"]["steps"] if "id" in s}
        scripts = {}
        for sid, step in steps.items():
            m = re.search(r"action/([a-z]+\.(?:sh|py))", step.get("run", ""))
            if m:
                with open(os.path.join(ROOT, "action", m.group(1))) as f:
                    scripts[sid] = f.read()
        for sid, out in re.findall(r"steps\.([A-Za-z0-9_-]+)\.(?:outputs\.([A-Za-z0-9_-]+)|outcome)", self.text):
            self.assertIn(sid, steps)
            if out and sid in scripts:
                self.assertRegex(scripts[sid], rf"\b{re.escape(out)}=", f"{sid} never writes output {out}")

    def test_cache_is_saved_whatever_the_scan_finds(self):
        uses = [s.get("uses", "") for s in self.action["runs"]["steps"]]
        self.assertTrue(any(u.startswith("actions/cache/restore@") for u in uses))
        save = next(s for s in self.action["runs"]["steps"] if s.get("uses", "").startswith("actions/cache/save@"))
        self.assertIn("always()", save["if"])
        names = [s.get("name") for s in self.action["runs"]["steps"]]
        self.assertLess(names.index(save["name"]), names.index("Scan"))
        self.assertFalse(any(u.startswith("actions/cache@") for u in uses))


class ActionScriptsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="br-action-")
        repo = cls.repo = os.path.join(cls.tmp, "repo")
        os.makedirs(os.path.join(repo, "app", "tests"))
        os.makedirs(os.path.join(repo, "docs"))
        cls.high = pat()
        cls.allowed = pat()
        cls.baselined = pat()
        cls.publishable = "pk_live_" + rand(99)
        cls.outside = pat()
        files = {
            "app/settings.py": f'GITHUB_TOKEN = "{cls.high}"\nSTRIPE_KEY = "{cls.publishable}"\n',
            "app/tests/fixture.py": f'TOKEN = "{cls.allowed}"  # blastradius:allow test fixture\n',
            "app/legacy.sh": f"export GH_TOKEN={cls.baselined}\n",
            "docs/outside.md": f"token {cls.outside}\n",
            "README.md": "# fixture\n",
        }
        for rel, text in files.items():
            with open(os.path.join(repo, rel), "w") as f:
                f.write(text)
        git(repo, "init", "-q", "-b", "main")
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "base")
        cls.base = git(repo, "rev-parse", "HEAD")
        # The baseline accepts the legacy token only.
        only = os.path.join(cls.tmp, "legacy-only")
        os.makedirs(only)
        shutil.copy(os.path.join(repo, "app", "legacy.sh"), only)
        r = subprocess.run([BIN, "scan", only, "--write-baseline", os.path.join(repo, ".blastradius-baseline.json")],
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        # The pull request: a branch adding one token.
        git(repo, "checkout", "-q", "-b", "feature")
        cls.added = pat()
        with open(os.path.join(repo, "app", "deploy.py"), "w") as f:
            f.write(f'TOKEN = "{cls.added}"\n')
        git(repo, "add", "app/deploy.py")
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "feature")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def env(self, name, **extra):
        d = os.path.join(self.tmp, name)
        os.makedirs(d, exist_ok=True)
        e = dict(os.environ, GITHUB_ACTION_PATH=ROOT, RUNNER_TEMP=d, GITHUB_WORKSPACE=self.repo,
                 GITHUB_OUTPUT=os.path.join(d, "output"), GITHUB_STEP_SUMMARY=os.path.join(d, "summary.md"),
                 BLASTRADIUS_CACHE_DIR=os.path.join(self.tmp, "cache"), RUNNER_OS="Linux", RUNNER_ARCH="X64")
        for k in ("INPUT_PATH", "INPUT_DIFF", "INPUT_HISTORY", "GITHUB_EVENT_NAME", "GITHUB_REF", "GITHUB_EVENT_PATH", "INPUT_BASELINE", "INPUT_CATEGORY", "INPUT_VERSION", "INPUT_ARGS",
                  "GITHUB_ACTION_REF", "BLASTRADIUS_RELEASE_URL"):
            e.pop(k, None)
        e.update(extra)
        open(e["GITHUB_OUTPUT"], "w").close()
        return e

    def run_script(self, script, env, cwd=None):
        return subprocess.run(["bash", os.path.join(ROOT, "action", script)], cwd=cwd or self.repo, env=env,
                              capture_output=True, text=True, timeout=600)

    def test_release_tarball_and_source_decision(self):
        # A tarball laid out as a release, from this build.
        stage = os.path.join(self.tmp, "release")
        name = "blastradius-0.0.0-linux-x86_64"
        r = subprocess.run([os.path.join(ROOT, "scripts", "bundle.sh"), BUILD, os.path.join(stage, name)],
                           capture_output=True, text=True, timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr)
        tarball = os.path.join(self.tmp, name + ".tar.gz")
        subprocess.run(["tar", "-C", stage, "-czf", tarball, name], check=True)
        env = self.env("install", BLASTRADIUS_RELEASE_URL="file://" + tarball)
        r = self.run_script("install.sh", env)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        out = outputs(env["GITHUB_OUTPUT"])
        self.assertIn("using the release tarball", r.stdout)
        v = subprocess.run([out["bin"], "version"], capture_output=True, text=True)
        self.assertIn("pattern database: built in", v.stdout)
        self.assertTrue(out["key"].startswith("blastradius-v2-Linux-X64-"))
        # `version: source`, or a ref that is no release tag: no download, a cache key.
        for extra in ({"INPUT_VERSION": "source"}, {"GITHUB_ACTION_REF": "main"}):
            env = self.env("install-src", **extra)
            r = self.run_script("install.sh", env)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            got = outputs(env["GITHUB_OUTPUT"])
            self.assertNotIn("bin", got)
            self.assertEqual(got["key"], out["key"])

    def scan(self, name, **inputs):
        env = self.env(name, BIN=BIN, SARIF=os.path.join(self.tmp, name, "out.sarif"), **inputs)
        r = self.run_script("scan.sh", env)
        return r, outputs(env["GITHUB_OUTPUT"]), env

    def test_full_scan_of_a_subfolder(self):
        r, out, env = self.scan("full", INPUT_PATH="app", INPUT_BASELINE=".blastradius-baseline.json")
        self.assertEqual(out.get("exit-code"), "1", r.stdout + r.stderr)
        self.assertEqual(out["category"], "blastradius-full-app")
        self.assertNotIn(self.high, r.stdout)
        with open(env["SARIF"]) as f:
            sarif = json.load(f)
        run = sarif["runs"][0]
        self.assertEqual(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file://" + os.path.realpath(self.repo) + "/")
        self.assertEqual(run["automationDetails"]["id"], "blastradius-full-app/")
        by_uri = {}
        for res in run["results"]:
            loc = res["locations"][0]["physicalLocation"]["artifactLocation"]
            self.assertEqual(loc["uriBaseId"], "%SRCROOT%")
            by_uri[loc["uri"]] = res
        # Every URI is relative to the repository root; info (publishable key) is no alert;
        # docs/ is outside `path`. (The checkout is the pull request's branch.)
        self.assertEqual(sorted(by_uri), ["app/deploy.py", "app/legacy.sh", "app/settings.py", "app/tests/fixture.py"])
        self.assertNotIn("suppressions", by_uri["app/deploy.py"])
        self.assertNotIn("suppressions", by_uri["app/settings.py"])
        self.assertEqual(by_uri["app/tests/fixture.py"]["suppressions"][0]["kind"], "inSource")
        self.assertEqual(by_uri["app/legacy.sh"]["suppressions"][0]["kind"], "external")
        ids = [x["id"] for x in run["tool"]["driver"]["rules"]]
        for res in run["results"]:
            self.assertEqual(ids[res["ruleIndex"]], res["ruleId"])
        # The reported findings: neither the allowed nor the baselined token; the info one is.
        with open(out["report"]) as f:
            report = json.load(f)
        self.assertEqual(sorted(f["severity"] == "info" for f in report["findings"]), [False, False, True])
        self.assertEqual(out["findings"], "3")
        self.assertTrue(os.path.getsize(env["GITHUB_STEP_SUMMARY"]) > 0)
        # Annotations by severity, with repository-relative paths; none for info.
        a = subprocess.run([sys.executable, os.path.join(ROOT, "action", "postprocess.py"), "annotate",
                            out["report"], "--prefix", out["prefix"], "--max", "10"],
                           capture_output=True, text=True, check=True)
        lines = a.stdout.splitlines()
        level = {"critical": "error", "high": "error", "medium": "warning", "low": "notice"}
        want = sorted(f"::{level[f['severity']]} file=app/{f['locations'][0]['path']},line=1,"
                      for f in report["findings"] if f["severity"] != "info")
        self.assertEqual(len(want), 2)
        got = sorted(re.match(r"::\w+ file=[^,]+,line=1,", line).group(0) for line in lines)
        self.assertEqual(got, want)
        self.assertNotIn(self.high, a.stdout)
        self.assertNotIn(self.added, a.stdout)

    def test_pull_request_diff(self):
        r, out, env = self.scan("diff", INPUT_PATH=".", INPUT_DIFF=f"{self.base}...HEAD")
        self.assertEqual(out.get("exit-code"), "1", r.stdout + r.stderr)
        self.assertEqual(out["category"], "blastradius-diff")
        with open(out["report"]) as f:
            report = json.load(f)
        self.assertEqual([l["path"] for f in report["findings"] for l in f["locations"]], ["app/deploy.py"])
        with open(env["SARIF"]) as f:
            run = json.load(f)["runs"][0]
        self.assertEqual([x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for x in run["results"]],
                         ["app/deploy.py"])

    def test_shallow_checkout_says_what_to_do(self):
        shallow = os.path.join(self.tmp, "shallow")
        subprocess.run(["git", "clone", "-q", "--depth", "1", "--branch", "feature", "file://" + self.repo, shallow],
                       check=True, capture_output=True)
        env = self.env("shallow", BIN=BIN, SARIF=os.path.join(self.tmp, "shallow.sarif"), INPUT_PATH=".",
                       INPUT_DIFF=f"{self.base}...HEAD")
        r = self.run_script("scan.sh", env, cwd=shallow)
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("the checkout is shallow", r.stdout)
        self.assertIn("fetch-depth: 0", r.stdout)
        self.assertEqual(outputs(env["GITHUB_OUTPUT"])["exit-code"], "2")

    def test_history_on_request_and_on_default_branch_pushes(self):
        # A repository whose only secret was deleted by a later commit.
        repo = os.path.join(self.tmp, "hist")
        os.makedirs(repo)
        deleted = pat()
        with open(os.path.join(repo, "deploy.sh"), "w") as f:
            f.write(f"export GH_TOKEN={deleted}\n")
        git(repo, "init", "-q", "-b", "main")
        ident = ("-c", "user.name=t", "-c", "user.email=t@example.org")
        git(repo, *ident, "add", "-A")
        git(repo, *ident, "commit", "-q", "-m", "add")
        git(repo, *ident, "rm", "-q", "deploy.sh")
        git(repo, *ident, "commit", "-q", "-m", "remove")
        event = os.path.join(self.tmp, "push-event.json")
        with open(event, "w") as f:
            json.dump({"repository": {"default_branch": "main"}}, f)

        def run(name, **inputs):
            env = self.env(name, BIN=BIN, SARIF=os.path.join(self.tmp, name, "out.sarif"), **inputs)
            r = self.run_script("scan.sh", env, cwd=repo)
            return r, outputs(env["GITHUB_OUTPUT"])

        # Without history the tree is clean.
        r, out = run("hist-off", INPUT_PATH=".")
        self.assertEqual(out.get("exit-code"), "0", r.stdout + r.stderr)
        # history: true finds the deleted token, history-only, in its own category.
        for name, extra in (("hist-on", {"INPUT_HISTORY": "true"}),
                            ("hist-push", {"INPUT_HISTORY": "push", "GITHUB_EVENT_NAME": "push",
                                           "GITHUB_REF": "refs/heads/main", "GITHUB_EVENT_PATH": event})):
            r, out = run(name, INPUT_PATH=".", **extra)
            self.assertEqual(out.get("exit-code"), "1", name + r.stdout + r.stderr)
            self.assertEqual(out["category"], "blastradius-history")
            with open(out["report"]) as f:
                report = json.load(f)
            self.assertEqual([l["exposure"] for f in report["findings"] for l in f["locations"]], ["history-only"])
            self.assertNotIn(deleted, r.stdout)
        # history: push on another branch or event is a plain full scan.
        for name, extra in (("hist-branch", {"GITHUB_EVENT_NAME": "push", "GITHUB_REF": "refs/heads/feature"}),
                            ("hist-pr", {"GITHUB_EVENT_NAME": "pull_request", "GITHUB_REF": "refs/pull/1/merge"})):
            r, out = run(name, INPUT_PATH=".", INPUT_HISTORY="push", GITHUB_EVENT_PATH=event, **extra)
            self.assertEqual(out.get("exit-code"), "0", name + r.stdout + r.stderr)
            self.assertEqual(out["category"], "blastradius-full")
        # A bad value and a shallow checkout are errors that say what to do.
        r, out = run("hist-bad", INPUT_PATH=".", INPUT_HISTORY="yes")
        self.assertEqual(r.returncode, 2)
        self.assertIn("expected true, false or push", r.stdout)
        shallow = os.path.join(self.tmp, "hist-shallow")
        subprocess.run(["git", "clone", "-q", "--depth", "1", "file://" + repo, shallow], check=True,
                       capture_output=True)
        env = self.env("hist-shallow-run", BIN=BIN, SARIF=os.path.join(self.tmp, "hs.sarif"), INPUT_PATH=".",
                       INPUT_HISTORY="true")
        r = self.run_script("scan.sh", env, cwd=shallow)
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("fetch-depth: 0", r.stdout)


if __name__ == "__main__":
    BIN = os.path.abspath(sys.argv.pop(1))
    BUILD = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
