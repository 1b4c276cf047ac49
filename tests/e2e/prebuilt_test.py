#!/usr/bin/env python3
"""The binary ships the pattern database of its embedded signatures: a scan
with an empty cache compiles nothing (so writes no cache entry), while extra
signatures (--signatures) still compile and are cached.

usage: prebuilt_test.py /path/to/blastradius
"""
import glob, json, os, shutil, subprocess, sys, tempfile, unittest

BIN = None
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEMO = os.path.join(ROOT, "examples", "demo")

EXTRA = {
    "provider": "prebuilttest", "name": "Prebuilt Test",
    "signatures": [{
        "id": "prebuilttest.token", "name": "Prebuilt test token",
        "references": ["https://example.org/docs"],
        "pattern": "\\b(pbt_[a-z0-9]{12})\\b", "scope": "project",
        "capabilities": ["data:read"], "irreversible": [], "expires": "days",
        "base_severity": "low", "blast_radius": 2.0,
        "worst_case": "Reads test data of one project.",
        "remediation": {"revoke": "Delete it in settings.", "replace": "Use nothing."},
        "examples": ["pbt_q8ztr2vlm0pk", "x pbt_b7yqs1ukl9oj"], "negative_examples": ["pbt_short"],
    }],
}


class PrebuiltDatabaseTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="br-prebuilt-")
        self.cache = os.path.join(self.tmp, "cache")
        self.env = dict(os.environ, BLASTRADIUS_CACHE_DIR=self.cache)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_bin(self, *args):
        return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=300, env=self.env)

    def cached(self):
        return glob.glob(os.path.join(self.cache, "hsdb-*"))

    def test_version_names_the_database(self):
        r = self.run_bin("version")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("pattern database: built in", r.stdout)

    def test_first_scan_compiles_nothing(self):
        r = self.run_bin("scan", DEMO, "-f", "json", "-o", "-", "--fail-on", "critical")
        self.assertEqual(r.returncode, 1, r.stderr)
        doc = json.loads(r.stdout)
        self.assertGreater(len(doc["findings"]), 5)
        self.assertEqual(self.cached(), [], "the built-in database was compiled again at run time")

    def test_extra_signatures_are_compiled_and_cached(self):
        sigdir = os.path.join(self.tmp, "sigs")
        os.makedirs(sigdir)
        with open(os.path.join(sigdir, "prebuilttest.json"), "w") as f:
            json.dump(EXTRA, f)
        tree = os.path.join(self.tmp, "tree")
        os.makedirs(tree)
        with open(os.path.join(tree, "a.txt"), "w") as f:
            f.write("token pbt_q8ztr2vlm0pk\n")
        args = ("scan", tree, "--signatures", sigdir, "-f", "json", "-o", "-", "--fail-on", "none")
        r = self.run_bin(*args)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual([f["rule_id"] for f in json.loads(r.stdout)["findings"]], ["prebuilttest.token"])
        self.assertEqual(len(self.cached()), 1)
        # The second run loads that entry instead of compiling again.
        before = os.stat(self.cached()[0]).st_mtime_ns
        r = self.run_bin(*args)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(os.stat(self.cached()[0]).st_mtime_ns, before)


if __name__ == "__main__":
    BIN = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
