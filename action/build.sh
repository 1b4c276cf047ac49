#!/usr/bin/env bash
# GitHub Action step 2 (cache miss): builds blastradius from the action's
# checkout and lays it out as the release tarball does (bin/ + lib/blastradius
# with every shared library but glibc's), so a cache hit needs no apt at all.
# Installs only the build packages (scripts/install-deps.sh build: Vectorscan
# or Hyperscan, whichever the runner's distribution has) and the grammar
# sources; the pattern database is compiled into the binary here, once.
# Environment: GITHUB_ACTION_PATH, RUNNER_TEMP, BIN_DIR (where to lay it out).
set -euo pipefail
src="${GITHUB_ACTION_PATH:?}"
dest="${BIN_DIR:?}"
build="${RUNNER_TEMP:-/tmp}/blastradius-build"
echo "::group::blastradius: build packages"
bash "$src/scripts/install-deps.sh" build
context=ON
if ! bash "$src/scripts/install-grammars.sh"; then
  echo "::warning title=blastradius::grammar sources unavailable: building without the context layer"
  context=OFF
fi
echo "::endgroup::"
echo "::group::blastradius: build"
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBLASTRADIUS_BUILD_TESTS=OFF -DBLASTRADIUS_CONTEXT="$context"
cmake --build "$build" --target blastradius -j "$(nproc)"
bash "$src/scripts/bundle.sh" "$build" "$dest"
"$dest/bin/blastradius" version
echo "::endgroup::"
