#!/usr/bin/env bash
# pre-commit framework hook (language: script): builds blastradius from the
# checkout pre-commit made of this repository the first time it runs, then
# runs hooks/pre-commit.sh with it. Arguments are passed on (--staged or
# --files, then the hook's `args:`).
#
# The first run installs what is missing when it can (scripts/install-deps.sh
# as root or through passwordless sudo; the grammar sources through npm, else
# it builds without the context layer), and reports progress on stderr: the
# build takes several minutes on a small machine. Later runs start at once.
#
# Environment:
#   BLASTRADIUS_HOOK_BUILD_DIR  where to build (default: <checkout>/build-pre-commit)
#   BLASTRADIUS_HOOK_NO_INSTALL=1  never install packages; only say what is missing
set -euo pipefail

src="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BLASTRADIUS_HOOK_BUILD_DIR:-$src/build-pre-commit}"
bin="$build/blastradius"

say() { echo "blastradius hook: $*" >&2; }

can_install() {
  [ "${BLASTRADIUS_HOOK_NO_INSTALL:-}" != 1 ] && command -v apt-get >/dev/null 2>&1 &&
    { [ "$(id -u)" -eq 0 ] || sudo -n true 2>/dev/null; }
}

install_deps() {
  local missing=()
  for tool in cmake c++ pkg-config; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  # The libraries: pkg-config names the one that CMake looks for first.
  if [ ${#missing[@]} -eq 0 ] && ! pkg-config --exists libhs re2 tree-sitter 2>/dev/null; then
    missing+=("libraries")
  fi
  [ ${#missing[@]} -eq 0 ] && return 0
  if can_install; then
    say "installing the build packages (scripts/install-deps.sh build; missing: ${missing[*]})..."
    local log="$build/install.log"
    if ! "$src/scripts/install-deps.sh" build >"$log" 2>&1; then
      tail -n 20 "$log" >&2
      say "installing the build packages failed; full log: $log"
      exit 2
    fi
  else
    say "missing: ${missing[*]}. Install the build dependencies with"
    say "  sudo $src/scripts/install-deps.sh build   (Debian/Ubuntu)"
    say "or put a blastradius binary on PATH and use the 'blastradius' hook id instead."
    exit 2
  fi
}

build_once() {
  mkdir -p "$build"
  local started=$SECONDS
  install_deps
  local context=ON
  say "fetching the pinned tree-sitter grammar sources (scripts/install-grammars.sh)..."
  if ! "$src/scripts/install-grammars.sh" >"$build/grammars.log" 2>&1; then
    context=OFF
    say "no grammar sources (npm missing or offline; see $build/grammars.log): building without the context layer"
  fi
  say "building blastradius once in $build; this takes a few minutes, later commits start at once"
  local log="$build/build.log"
  if ! cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBLASTRADIUS_BUILD_TESTS=OFF \
      -DBLASTRADIUS_CONTEXT="$context" >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    say "configuring failed; full log: $log"
    exit 2
  fi
  # Progress: CMake's percentage, at most one line per 10%.
  local last=-10 rc=0
  set +e
  cmake --build "$build" --target blastradius -j "$(nproc 2>/dev/null || echo 2)" 2>&1 | tee -a "$log" |
    while IFS= read -r line; do
      if [[ "$line" =~ ^\[\ *([0-9]+)%\] ]]; then
        pct=${BASH_REMATCH[1]}
        if [ "$pct" -ge $((last + 10)) ]; then
          last=$pct
          say "build ${pct}% ($((SECONDS - started)) s)"
        fi
      fi
    done
  rc=${PIPESTATUS[0]}
  set -e
  if [ "$rc" -ne 0 ] || [ ! -x "$bin" ]; then
    tail -n 30 "$log" >&2
    say "the build failed; full log: $log"
    exit 2
  fi
  say "built in $((SECONDS - started)) s: $bin"
}

if [ ! -x "$bin" ]; then
  mkdir -p "$(dirname "$build")"
  if command -v flock >/dev/null 2>&1; then
    # Several repositories may run the hook at once: build only once.
    exec 9>"$build.lock"
    if ! flock -n 9; then
      say "another commit is building blastradius; waiting for it..."
      flock 9
    fi
    [ -x "$bin" ] || build_once
    exec 9>&-
  else
    build_once
  fi
fi

BLASTRADIUS_BIN="$bin" exec "$src/hooks/pre-commit.sh" "$@"
