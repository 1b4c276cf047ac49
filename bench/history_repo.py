#!/usr/bin/env python3
"""Builds a git repository with thousands of commits for bench/history.sh.

The history is made from the benchmark corpus (bench/corpus.sh: pinned npm
packages): each package's files are committed in chunks of CHUNK files, one
commit per chunk, oldest package first; every commit also appends a line to
CHANGELOG.md (a new blob per commit, as real repositories churn), and every
50th commit edits a file committed earlier. Every 100th commit adds a
config file holding a generated fake token (seeded PRNG, never a real
credential) and the next commit deletes it, so the history holds secrets the
work tree does not. Written with one `git fast-import` stream; deterministic
(fixed dates and authors), so the same corpus gives the same object ids.

  bench/history_repo.py CORPUS_DIR OUT_REPO [--chunk 10]
"""
import argparse, os, random, subprocess, sys

B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def repo_path(rel):
    return b"packages/" + rel.removeprefix("node_modules/").encode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("out")
    ap.add_argument("--chunk", type=int, default=10)
    a = ap.parse_args()
    rng = random.Random(14)
    files = []
    for root, dirs, names in os.walk(a.corpus):
        dirs.sort()
        for n in sorted(names):
            p = os.path.join(root, n)
            if os.path.islink(p) or not os.path.isfile(p):
                continue
            files.append(os.path.relpath(p, a.corpus))
    # Committed under packages/ rather than node_modules/ (which a default
    # scan excludes), so the history is scanned like first-party code.
    os.makedirs(a.out, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", a.out], check=True)
    fi = subprocess.Popen(["git", "-C", a.out, "fast-import", "--quiet"], stdin=subprocess.PIPE)
    w = fi.stdin

    def data(b):
        w.write(b"data %d\n" % len(b))
        w.write(b)
        w.write(b"\n")

    when = 1600000000
    changelog = b""
    committed = []
    planted = 0
    n = 0
    pending_delete = None
    for i in range(0, len(files), a.chunk):
        chunk = files[i:i + a.chunk]
        n += 1
        when += 3600
        w.write(b"commit refs/heads/main\n")
        w.write(b"committer Bench <bench@example.org> %d +0000\n" % when)
        data(b"commit %d" % n)
        for rel in chunk:
            with open(os.path.join(a.corpus, rel), "rb") as f:
                body = f.read()
            w.write(b"M 100644 inline %s\n" % repo_path(rel))
            data(body)
        committed.extend(chunk)
        # The last 200 entries: a changelog that churns without growing forever.
        changelog = b"".join((changelog.splitlines(keepends=True) + [b"- commit %d: %d files\n" % (n, len(chunk))])[-200:])
        w.write(b"M 100644 inline CHANGELOG.md\n")
        data(changelog)
        if n % 50 == 0 and committed:
            rel = committed[rng.randrange(len(committed))]
            with open(os.path.join(a.corpus, rel), "rb") as f:
                body = f.read()
            w.write(b"M 100644 inline %s\n" % repo_path(rel))
            data(body + b"\n// edited in commit %d\n" % n)
        if pending_delete:
            w.write(b"D %s\n" % pending_delete)
            pending_delete = None
        if n % 100 == 0:
            planted += 1
            token = "ghp_" + "".join(rng.choice(B62) for _ in range(36))
            path = b"config/deploy-%d.env" % planted
            w.write(b"M 100644 inline %s\n" % path)
            data(b"# fake, generated for the benchmark\nGITHUB_TOKEN=%s\n" % token.encode())
            pending_delete = path
    w.close()
    if fi.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "-C", a.out, "checkout", "-q", "-f", "main"], check=True)
    print(f"commits={n} files={len(files)} planted={planted}")


if __name__ == "__main__":
    main()
