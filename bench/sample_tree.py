#!/usr/bin/env python3
"""Hard-links a fixed sample of a tree for deterministic measurements
(bench/run.sh, CALLGRIND=1): every STEP-th regular file of SRC, in sorted
order of relative path, at the same relative path under DST, which must
not exist. Symbolic links are skipped. Prints "FILES BYTES".

    sample_tree.py SRC DST STEP
"""
import os
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: sample_tree.py SRC DST STEP")
    src, dst, step = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if os.path.exists(dst):
        sys.exit(f"sample_tree.py: {dst} exists")
    paths = []
    for directory, _, files in os.walk(src):
        for name in files:
            paths.append(os.path.relpath(os.path.join(directory, name), src))
    paths.sort()
    count = size = 0
    for rel in paths[::step]:
        source = os.path.join(src, rel)
        if os.path.islink(source) or not os.path.isfile(source):
            continue
        target = os.path.join(dst, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.link(source, target)
        count += 1
        size += os.path.getsize(source)
    print(count, size)


if __name__ == "__main__":
    main()
