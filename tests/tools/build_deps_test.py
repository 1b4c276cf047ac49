#!/usr/bin/env python3
"""Every library the build requires is used (issue 12: libxxhash was required
by CMake and installed by scripts/install-deps.sh, but nothing linked it).

  - each pkg_check_modules(VAR ... IMPORTED_TARGET module) of a CMakeLists.txt
    is linked somewhere as PkgConfig::VAR;
  - each lib*-dev package of install-deps.sh's build list names a library that
    a CMakeLists.txt or cmake/*.cmake file mentions (re2, tbb, fmt, tree-sitter, ...);
  - hooks/pre-commit-from-source.sh and bench/profile.sh ask pkg-config only
    for modules CMake requires.
"""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parents[2]
skip = {"build", "node_modules", ".git"}
cmake_files = [p for p in root.rglob("CMakeLists.txt") if not skip & set(p.relative_to(root).parts)]
cmake_files += sorted((root / "cmake").glob("*.cmake"))
cmake_text = "\n".join(p.read_text() for p in cmake_files)
failures = []

modules = {}  # pkg-config module -> variable
used_text = cmake_text  # without the requirements nothing links
for m in re.finditer(r"pkg_check_modules\((\w+)\s+REQUIRED\s+IMPORTED_TARGET\s+([\w.+-]+)\)", cmake_text):
    var, module = m.groups()
    if f"PkgConfig::{var}" in cmake_text:
        modules[module] = var
    else:
        failures.append(f"CMake requires pkg-config module {module} ({var}) but no target links PkgConfig::{var}")
        used_text = used_text.replace(m.group(0), "")
if not modules:
    failures.append("no pkg_check_modules found: the test no longer reads the build")

deps = (root / "scripts/install-deps.sh").read_text()
m = re.search(r"build_pkgs=\(([^)]*)\)", deps)
if not m:
    failures.append("scripts/install-deps.sh: no build_pkgs list")
else:
    for pkg in m.group(1).split():
        d = re.fullmatch(r"lib([\w.+-]+?)-dev", pkg)
        # libtree-sitter-dev -> tree-sitter; libre2-dev -> re2
        if d and d.group(1).lower() not in used_text.lower():
            failures.append(f"scripts/install-deps.sh installs {pkg}, which the build does not use")

for script in ("hooks/pre-commit-from-source.sh", "bench/profile.sh"):
    for line in (root / script).read_text().splitlines():
        for call in re.finditer(r"pkg-config --(?:exists|libs) ((?:[A-Za-z][\w.+-]* ?)+)", line):
            for module in call.group(1).split():
                if module != "tree-sitter" and module not in modules:  # tree-sitter: optional (CONTEXT=OFF)
                    failures.append(f"{script}: asks pkg-config for {module}, which CMake does not require")

for f in failures:
    print("FAIL:", f)
if failures:
    sys.exit(1)
print(f"build dependencies: {len(modules)} pkg-config modules, all linked; install-deps.sh lists only used libraries")
