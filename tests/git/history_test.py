#!/usr/bin/env python3
"""End-to-end tests of `blastradius scan --history` on real repositories
built here: deleted secrets, renames, side branches, tags, stash entries,
merges, shallow and bare clones, submodules, size caps, non-UTF-8 paths,
the narrowing options and a non-repository.

usage: history_test.py path/to/blastradius
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import cli_git_test
from cli_git_test import S1, S2, S3, S4, Repo

BINARY = None


def history_locations(report):
    """(path, exposure, commit, at_head) of every git location, sorted."""
    out = []
    for f in report["findings"]:
        for loc in f["locations"]:
            out.append((loc["path"], loc["exposure"], loc.get("commit", ""), loc.get("at_head")))
    return sorted(out)


def findings_by_secret(report):
    return {f["secret"]: f for f in report["findings"]}


class HistoryRepo(Repo):
    def commit(self, message, date=None):
        env = dict(self.env)
        if date:
            env.update({"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})
        self.git("add", "-A")
        self.git("commit", "-q", "--no-verify", "-m", message, env=env)
        return self.head()

    def head(self, rev="HEAD"):
        return self.git("rev-parse", rev).stdout.strip()

    def history(self, *args, cwd=None):
        """`scan --history ARGS -f json --show-secrets`: (exit code, report or None, stderr)."""
        r = subprocess.run([BINARY, "scan", "--history", *args, "-f", "json", "-q", "--show-secrets"],
                           capture_output=True, text=True, cwd=cwd or self.path, env=self.env)
        report = json.loads(r.stdout) if r.stdout.strip() else None
        return r.returncode, report, r.stderr


class HistoryTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="blastradius-history-")
        self.repo = HistoryRepo(self.tmp)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_added_then_deleted_is_history_only_with_provenance(self):
        r = self.repo
        r.write("app.env", f"KEY={S1}\n")
        added = r.commit("add key", date="2021-03-04T05:06:07+00:00")
        os.remove(os.path.join(r.path, "app.env"))
        r.commit("remove key")
        code, report, err = r.scan(".")
        self.assertEqual(code, 0, err)  # the work tree is clean
        code, report, err = r.history()
        self.assertEqual(code, 1, err)
        self.assertEqual(len(report["findings"]), 1)
        f = report["findings"][0]
        self.assertEqual(f["secret"], S1)
        self.assertEqual(len(f["locations"]), 1)
        loc = f["locations"][0]
        self.assertEqual((loc["path"], loc["line"], loc["exposure"]), ("app.env", 1, "history-only"))
        self.assertEqual(loc["commit"], added)
        self.assertEqual(loc["author"], "Test")
        self.assertEqual(loc["date"], "2021-03-04T05:06:07+00:00")
        self.assertEqual(loc["at_head"], False)
        blob = r.git("rev-parse", f"{added}:app.env").stdout.strip()
        self.assertEqual(loc["blob"], blob)
        self.assertTrue(any(n.startswith("history-only") for n in f["notes"]), f["notes"])
        self.assertEqual(report["scan"]["history"]["commits_scanned"], 3)
        self.assertFalse(report["scan"]["history"]["partial"])
        # Still exposed: the exposure factor treats it as committed.
        self.assertIn("exposure", [x["name"] for x in f["factors"]])
        # The secret never appears without --show-secrets.
        out = subprocess.run([BINARY, "scan", "--history", "-q"], capture_output=True, text=True, cwd=r.path,
                             env=r.env)
        self.assertEqual(out.returncode, 1)
        self.assertNotIn(S1, out.stdout + out.stderr)

    def test_secret_at_head_and_in_history_is_one_finding(self):
        r = self.repo
        r.write("app.env", f"KEY={S1}\n")
        first = r.commit("add key")
        r.write("app.env", f"PORT=1\nKEY={S1}\n")
        r.commit("edit")
        code, report, err = r.history()
        self.assertEqual(code, 1, err)
        self.assertEqual(len(report["findings"]), 1)
        # The work-tree copy, and the history location of the commit that
        # introduced it (the earliest), which is still there at HEAD.
        self.assertEqual(history_locations(report),
                         [("app.env", "history", first, True), ("app.env", "tracked", "", None)])

    def test_renamed_file(self):
        r = self.repo
        r.write("old.env", f"KEY={S1}\n")
        first = r.commit("add")
        r.git("mv", "old.env", "new.env")
        moved = r.commit("rename")
        code, report, err = r.history()
        self.assertEqual(code, 1, err)
        self.assertEqual(len(report["findings"]), 1)
        self.assertEqual(history_locations(report), [("new.env", "history", moved, True),
                                                     ("new.env", "tracked", "", None),
                                                     ("old.env", "history", first, False)])
        # One blob, two paths: read and scanned once.
        self.assertEqual(report["scan"]["files_scanned"], report["scan"]["history"]["blobs_scanned"] + 3)

    def test_side_branch_tag_and_stash(self):
        r = self.repo
        base = r.head()
        r.git("checkout", "-q", "-b", "side")
        r.write("side.env", f"KEY={S1}\n")
        side = r.commit("side")
        r.git("checkout", "-q", "--detach", base)
        r.write("tagged.env", f"KEY={S2}\n")
        tagged = r.commit("tagged")
        r.git("tag", "v1")
        r.git("checkout", "-q", "main")
        r.write("README", f"readme {S3}\n")
        r.git("stash", "-q")
        r.write("README", f"readme {S4}\n")
        r.git("stash", "-q")  # S3 is now stash@{1}, not on refs/stash itself
        self.assertEqual(r.git("status", "--porcelain").stdout, "")
        code, report, err = r.scan(".")
        self.assertEqual(code, 0, err)
        code, report, err = r.history()
        self.assertEqual(code, 1, err)
        by = findings_by_secret(report)
        self.assertEqual(sorted(by), sorted([S1, S2, S3, S4]))
        self.assertEqual([(l["path"], l["exposure"], l["commit"]) for l in by[S1]["locations"]],
                         [("side.env", "history-only", side)])
        self.assertEqual([(l["path"], l["exposure"], l["commit"]) for l in by[S2]["locations"]],
                         [("tagged.env", "history-only", tagged)])
        stashes = set(r.git("log", "-g", "--format=%H", "refs/stash").stdout.split())
        for s in (S3, S4):
            locs = by[s]["locations"]
            self.assertEqual([(l["path"], l["exposure"]) for l in locs], [("README", "history-only")])
            self.assertIn(locs[0]["commit"], stashes)
        # --branch narrows to one ref's commits.
        code, report, err = r.history("--branch", "side")
        self.assertEqual(code, 1, err)
        self.assertEqual(sorted(findings_by_secret(report)), [S1])
        code, report, err = r.history("--branch", "main")
        self.assertEqual(code, 0, err)

    def test_merge_keeps_the_commit_that_introduced_it(self):
        r = self.repo
        r.git("checkout", "-q", "-b", "feature")
        r.write("f.env", f"KEY={S1}\n")
        introduced = r.commit("feature")
        r.git("checkout", "-q", "main")
        r.write("other.txt", "x\n")
        r.commit("main work")
        r.git("merge", "-q", "--no-ff", "--no-edit", "feature")
        code, report, err = r.history()
        self.assertEqual(code, 1, err)
        self.assertEqual(history_locations(report),
                         [("f.env", "history", introduced, True), ("f.env", "tracked", "", None)])

    def test_narrowing_since_commit_and_max_commits(self):
        r = self.repo
        r.write("a.env", f"KEY={S1}\n")
        r.commit("one")
        r.write("a.env", "\n")
        mid = r.commit("two")
        r.write("b.env", f"KEY={S2}\n")
        r.commit("three")
        os.remove(os.path.join(r.path, "b.env"))
        r.commit("four")
        code, report, err = r.history("--since-commit", mid)
        self.assertEqual(code, 1, err)
        self.assertEqual(sorted(findings_by_secret(report)), [S2])
        self.assertEqual(report["scan"]["history"]["commits_scanned"], 2)
        code, report, err = r.history("--max-commits", "1")
        self.assertEqual(code, 0, err)  # only the deletion
        code, report, err = r.history("--max-commits", "2")
        self.assertEqual(sorted(findings_by_secret(report)), [S2])
        code, _, err = r.history("--since-commit", "nope")
        self.assertEqual(code, 2)
        self.assertIn("nope", err)
        code, _, err = r.history("--max-commits", "0")
        self.assertEqual(code, 2)

    def test_shallow_clone_says_history_is_partial(self):
        r = self.repo
        r.write("old.env", f"KEY={S1}\n")
        r.commit("old")
        os.remove(os.path.join(r.path, "old.env"))
        r.write("new.env", f"KEY={S2}\n")
        r.commit("new")
        clone = os.path.join(self.tmp, "shallow")
        subprocess.run(["git", "clone", "-q", "--depth", "1", "file://" + r.path, clone], check=True,
                       env=r.env, capture_output=True)
        # Partial history is a partial scan: exit 2 (nothing lost silently)...
        code, report, err = r.history(cwd=clone)
        self.assertEqual(code, 2, err)
        self.assertTrue(any("shallow clone" in e["message"] for e in report["scan"]["errors"]))
        # ...unless the user accepts it.
        code, report, err = r.history("--allow-partial", cwd=clone)
        self.assertEqual(code, 1, err)
        self.assertEqual(sorted(findings_by_secret(report)), [S2])  # S1 is before the boundary
        self.assertTrue(report["scan"]["history"]["partial"])
        self.assertEqual(report["scan"]["history"]["commits_scanned"], 1)
        self.assertTrue(any("history is partial" in e["message"] for e in report["scan"]["errors"]))

    def test_bare_clone(self):
        r = self.repo
        r.write("gone.env", f"KEY={S3}\n")
        r.commit("add")
        os.remove(os.path.join(r.path, "gone.env"))
        r.write("kept.env", f"KEY={S4}\n")
        r.commit("swap")
        bare = os.path.join(self.tmp, "bare.git")
        subprocess.run(["git", "clone", "-q", "--bare", r.path, bare], check=True, env=r.env,
                       capture_output=True)
        sigs = os.path.join(r.path, "tools/sigs")
        args = ["--no-config", "--signatures", sigs, "--exclude", "tools", bare]
        code, report, err = r.history(*args, cwd=self.tmp)
        self.assertEqual(code, 1, err)
        by = findings_by_secret(report)
        self.assertEqual(sorted(by), sorted([S3, S4]))
        self.assertEqual([(l["path"], l["exposure"], l["at_head"]) for l in by[S3]["locations"]],
                         [("gone.env", "history-only", False)])
        self.assertEqual([(l["path"], l["exposure"], l["at_head"]) for l in by[S4]["locations"]],
                         [("kept.env", "history", True)])

    def test_pr_range_where_a_commit_adds_and_a_later_one_removes(self):
        r = self.repo
        base = r.head()
        r.git("checkout", "-q", "-b", "pr")
        r.write("a.env", f"PORT=1\nKEY={S1}\n")
        adds = r.commit("add key", date="2022-01-02T03:04:05+00:00")
        r.write("b.env", f"OTHER={S2}\n")
        r.commit("another key")
        r.write("a.env", "PORT=1\n")
        r.commit("oops, remove key")
        for args in (["--diff", f"{base}..pr"], ["--since-commit", base]):
            code, report, err = r.scan(*args, "--show-secrets")
            self.assertEqual(code, 1, err)
            by = findings_by_secret(report)
            self.assertEqual(sorted(by), sorted([S1, S2]), args)
            locs = by[S1]["locations"]
            self.assertEqual([(l["path"], l["line"], l["commit"], l["date"], l.get("removed_later")) for l in locs],
                             [("a.env", 2, adds, "2022-01-02T03:04:05+00:00", True)])
            self.assertIn("removed later in this range", " ".join(by[S1]["notes"]))
            # Still in the net diff: reported as before, not "removed later".
            self.assertEqual([(l["path"], l["line"], l.get("removed_later")) for l in by[S2]["locations"]],
                             [("b.env", 1, None)])
            self.assertNotIn("removed later in this range", " ".join(by[S2]["notes"]))
        # Only the last commit: nothing added.
        code, report, err = r.scan("--since-commit", "HEAD~1")
        self.assertEqual(code, 0, err)

    def test_not_a_repository_is_a_usage_error(self):
        plain = os.path.join(self.tmp, "plain")
        os.makedirs(plain)
        r = subprocess.run([BINARY, "scan", "--history", plain], capture_output=True, text=True,
                           env=self.repo.env)
        self.assertEqual(r.returncode, 2)
        self.assertIn("not a git repository", r.stderr)

    def test_submodules_large_blobs_and_odd_paths(self):
        r = self.repo
        # A gitlink (submodule entry) pointing at some commit.
        r.git("update-index", "--add", "--cacheinfo", f"160000,{r.head()},vendor/sub")
        r.git("commit", "-q", "--no-verify", "-m", "submodule")
        r.write("big.env", "PAD=" + "x" * 5000 + f"\nKEY={S1}\n")
        name = b"odd-\xff.env"
        with open(os.path.join(r.path.encode(), name), "wb") as f:
            f.write(f"KEY={S2}\n".encode())
        r.commit("mixed")
        code, report, err = r.history("--max-file-size", "4096")
        self.assertEqual(code, 1, err)
        h = report["scan"]["history"]
        self.assertEqual(h["submodules_skipped"], 1)
        self.assertGreaterEqual(report["scan"]["files_too_large"], 2)  # work tree and history copy
        by = findings_by_secret(report)
        self.assertEqual(sorted(by), [S2])
        exposures = sorted(l["exposure"] for l in by[S2]["locations"])
        self.assertEqual(exposures, ["history", "tracked"])
        # A submodule is another repository, not a gap in this one: a note, no error.
        self.assertEqual(report["scan"]["errors"], [])
        r2 = subprocess.run([BINARY, "scan", "--history", "--max-file-size", "4096", "-f", "json", "-o", os.devnull],
                            capture_output=True, text=True, cwd=r.path, env=r.env)
        self.assertEqual(r2.returncode, 1, r2.stderr)
        self.assertIn("note: 1 submodule path(s) skipped", r2.stderr)


if __name__ == "__main__":
    BINARY = cli_git_test.BINARY = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
