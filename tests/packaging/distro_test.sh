#!/usr/bin/env bash
# The release artifacts and the pre-commit hooks on the distributions users
# run besides Debian 12 (`make distro-test`; package_test.sh covers Debian 12):
#   1. Ubuntu 24.04 (noble, GitHub's ubuntu-24.04 runner image): the
#      relocatable tarball made here runs from /opt of a minimal root with no
#      runtime library and scans the demo as the build tree does;
#   2. Ubuntu 24.04, the Action's build path: scripts/install-deps.sh build
#      picks libhyperscan-dev (amd64 has no libvectorscan-dev), the build
#      succeeds (gcc 13, warnings as errors), and scripts/package.sh there
#      makes the Ubuntu .deb (blastradius_VERSION-1~ubuntu24.04_ARCH.deb,
#      copied to BUILD/packages): the Debian 12 one cannot install on Ubuntu
#      (libre2-9, libvectorscan5 do not exist there);
#   3. that .deb: apt installs it into a fresh noble root with its runtime
#      libraries, the scan matches, apt removes it;
#   4. Ubuntu 22.04 (jammy, the ubuntu-22.04 runner): the Action's setup
#      step (action/install.sh) declines the release tarball (glibc 2.35; its
#      bundled libstdc++ needs 2.36) and the Action's build step
#      (action/build.sh: install-deps.sh build picks libhyperscan-dev, gcc 11,
#      tree-sitter 0.20.3) builds a binary that reports the demo as the
#      build tree does;
#   5. Debian 13 (trixie): its pre-commit 4.x runs
#      tests/hooks/pre_commit_framework_test.py (both hooks, a blocked commit
#      with a generated token, a quiet clean commit) with the tarball's binary.
# Needs the Ubuntu and Debian archives: a root that cannot be made fails the
# test (exit 2), never skips it. Roots are cached in BUILD/package-test.
# Prints the time of each step. With $CCACHE_DIR set, the builds in the roots
# use that compiler cache (bind-mounted), so a second run is much faster.
# usage: distro_test.sh BUILD_DIR [noble] [jammy] [pre-commit]
#        (as root, after scripts/package.sh BUILD_DIR; default: all three)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$(cd "$here/../.." && pwd)"
build="$(cd "${1:?usage: distro_test.sh BUILD_DIR}" && pwd)"
cache="$build/package-test"
[ "$(id -u)" -eq 0 ] || { echo "distro_test: needs root (chroot)" >&2; exit 2; }
mkdir -p "$cache"
tag=distro_test
. "$here/root_lib.sh"

version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
tgz="$build/packages/blastradius-$version-linux-$(uname -m).tar.gz"
name=$(basename "$tgz" .tar.gz)
[ -f "$tgz" ] || { echo "distro_test: run scripts/package.sh $build first" >&2; exit 2; }
[ -d "$src/grammars/node_modules" ] || { echo "distro_test: run scripts/install-grammars.sh first" >&2; exit 2; }
shift
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(noble jammy pre-commit)
for p in "${parts[@]}"; do
  case "$p" in noble | jammy | pre-commit) ;; *) echo "distro_test: unknown part '$p' (noble, jammy, pre-commit)" >&2; exit 2 ;; esac
done
want() { [[ " ${parts[*]} " == *" $1 "* ]]; }

step_start=$SECONDS
step() { echo "distro_test: time: $1 $((SECONDS - step_start)) s"; step_start=$SECONDS; }
root_of() {
  local t
  t=$("$here/$1" "$cache" "$2") || fail "cannot make the $2 root (is its archive reachable?)"
  echo "$t"
}

"$build/blastradius" scan "$src/examples/demo" -f json -o "$cache/distro-expected.json" --fail-on none -q
summary "$cache/distro-expected.json" >"$cache/distro-expected.txt"
[ -s "$cache/distro-expected.txt" ] || fail "the build tree's binary finds nothing in the demo"

# scan_demo ROOT BIN LABEL: BIN scans the demo in ROOT as the build tree does.
scan_demo() {
  local code=0
  in_root "$1" "$2" scan /tmp/demo -q -f json -o /tmp/report.json || code=$?
  [ "$code" -eq 1 ] || fail "$3: scan of the demo exited $code, expected 1 (findings)"
  summary "$1/tmp/report.json" >"$cache/$3.txt"
  diff -u "$cache/distro-expected.txt" "$cache/$3.txt" || fail "$3 reports otherwise than the build tree"
}

# build_root ROOT: the sources and grammar sources in ROOT/src, the host's
# compiler cache on ROOT/ccache when there is one; sets $ccache_env (the
# environment that makes CMake use it, cmake >= 3.17).
build_root() {
  copy_sources "$1"
  cp -a "$src/grammars/node_modules" "$1/src/grammars/"
  ccache_env=()
  if [ -n "${CCACHE_DIR:-}" ] && [ -d "$CCACHE_DIR" ]; then
    mkdir -p "$1/ccache"
    mount --bind "$CCACHE_DIR" "$1/ccache"
    ccache_env=(CCACHE_DIR=/ccache CMAKE_CXX_COMPILER_LAUNCHER=ccache CMAKE_C_COMPILER_LAUNCHER=ccache)
  fi
}
# with_ccache ROOT LOG: installs ccache in ROOT when the cache is mounted.
with_ccache() {
  [ ${#ccache_env[@]} -eq 0 ] && return 0
  in_root "$1" apt-get install -y -qq --no-install-recommends ccache >>"$2" 2>&1 || fail "installing ccache in $1"
}
# hs_is ROOT SUITE: install-deps.sh installed libhyperscan-dev, not libvectorscan-dev.
hs_is_hyperscan() {
  in_root "$1" dpkg-query -W -f='${Status}' libhyperscan-dev 2>/dev/null | grep -q "install ok installed" ||
    fail "install-deps.sh did not install libhyperscan-dev on $2"
  ! in_root "$1" dpkg-query -W -f='${Status}' libvectorscan-dev 2>/dev/null | grep -q "install ok installed" ||
    fail "libvectorscan-dev is installed on $2 amd64"
  ok "install-deps.sh build picks $(in_root "$1" dpkg-query -W -f='${Package} ${Version}' libhyperscan-dev) on $2"
}

if want noble; then
# 1. The tarball on Ubuntu 24.04.
noble=$(root_of ubuntu_root.sh noble)
step "noble root"
new_root "$noble"
r="$NEW_ROOT"
tar -C "$r/opt" -xzf "$tgz"
scan_demo "$r" "/opt/$name/bin/blastradius" noble-tarball
ok "the tarball runs on $(. "$r/etc/os-release" && echo "$PRETTY_NAME") (glibc $(in_root "$r" getconf GNU_LIBC_VERSION | awk '{print $2}')) and reports the demo's $(wc -l <"$cache/noble-tarball.txt") locations"
step "noble tarball"

# 2. Building on Ubuntu 24.04 as the Action does, and its .deb.
new_root "$noble"
r="$NEW_ROOT"
build_root "$r"
in_root "$r" /src/scripts/install-deps.sh build package >"$cache/noble-deps.log" 2>&1 ||
  { tail -n 30 "$cache/noble-deps.log" >&2; fail "install-deps.sh build package on noble"; }
hs_is_hyperscan "$r" noble
with_ccache "$r" "$cache/noble-deps.log"
step "noble install-deps"
in_root "$r" env "${ccache_env[@]}" cmake -S /src -B /build -DCMAKE_BUILD_TYPE=Release -DBLASTRADIUS_WERROR=ON \
  -DBLASTRADIUS_BUILD_TESTS=OFF >"$cache/noble-build.log" 2>&1 ||
  { tail -n 40 "$cache/noble-build.log" >&2; fail "configuring on noble"; }
in_root "$r" env "${ccache_env[@]}" cmake --build /build -j "$(nproc)" >>"$cache/noble-build.log" 2>&1 ||
  { tail -n 40 "$cache/noble-build.log" >&2; fail "building on noble"; }
in_root "$r" /build/blastradius version >"$cache/noble-version.txt"
grep -q "context layer: on" "$cache/noble-version.txt" || fail "the noble build has no context layer"
step "noble build"
in_root "$r" /src/scripts/package.sh /build >>"$cache/noble-build.log" 2>&1 ||
  { tail -n 40 "$cache/noble-build.log" >&2; fail "scripts/package.sh on noble"; }
deb_file=$(deb_name "$version" "$r/etc/os-release")
[ -f "$r/build/packages/$deb_file" ] || fail "scripts/package.sh on noble made no $deb_file"
cp "$r/build/packages/$deb_file" "$build/packages/"
deb="$build/packages/$deb_file"
ok "the Ubuntu 24.04 package: $deb_file, $(stat -c %s "$deb") bytes"
step "noble package"

# 3. The Ubuntu .deb in a fresh root.
new_root "$noble"
r="$NEW_ROOT"
cp "$deb" "$r/tmp/"
in_root "$r" apt-get update -qq >"$cache/noble-apt.log" 2>&1 || { cat "$cache/noble-apt.log" >&2; fail "apt-get update on noble"; }
in_root "$r" apt-get install -y -qq --no-install-recommends "/tmp/$deb_file" >>"$cache/noble-apt.log" 2>&1 ||
  { tail -n 30 "$cache/noble-apt.log" >&2; fail "apt-get install of the Ubuntu .deb"; }
depends=$(in_root "$r" dpkg-query -W -f='${Depends}' blastradius)
[[ "$depends" == *libhyperscan5* ]] || fail "the Ubuntu .deb does not depend on libhyperscan5: $depends"
if in_root "$r" dpkg-query -W -f='${Package}\n' | grep -- '-dev$'; then fail "the .deb pulled in -dev packages"; fi
ok "apt installs the Ubuntu .deb with its dependencies: $depends"
scan_demo "$r" blastradius noble-deb
ok "the Ubuntu package reports the demo's $(wc -l <"$cache/noble-deb.txt") locations, as the build tree does"
in_root "$r" apt-get remove -y -qq blastradius >>"$cache/noble-apt.log" 2>&1 || fail "apt-get remove on noble"
[ ! -e "$r/usr/bin/blastradius" ] || fail "/usr/bin/blastradius is still there after removal"
ok "apt-get remove takes it away on noble"
step "noble .deb install"
fi

if want jammy; then
# 4. Ubuntu 22.04: the Action's own steps.
jammy=$(root_of ubuntu_root.sh jammy)
step "jammy root"
new_root "$jammy"
r="$NEW_ROOT"
build_root "$r"
cp "$tgz" "$r/tmp/release.tar.gz"
: >"$r/tmp/github-output"
in_root "$r" env GITHUB_ACTION_PATH=/src GITHUB_OUTPUT=/tmp/github-output RUNNER_TEMP=/tmp \
  BLASTRADIUS_RELEASE_URL=file:///tmp/release.tar.gz bash /src/action/install.sh >"$cache/jammy-action.log" 2>&1 ||
  { cat "$cache/jammy-action.log" >&2; fail "action/install.sh on jammy"; }
grep -q "needs glibc >= 2.36" "$cache/jammy-action.log" || { cat "$cache/jammy-action.log" >&2; fail "install.sh on jammy did not decline the tarball"; }
! grep -q '^bin=' "$r/tmp/github-output" || fail "install.sh on jammy chose the tarball"
ok "action/install.sh declines the release tarball on $(. "$r/etc/os-release" && echo "$PRETTY_NAME") (glibc $(in_root "$r" getconf GNU_LIBC_VERSION | awk '{print $2}'))"
with_ccache_later=${#ccache_env[@]}
if [ "$with_ccache_later" -gt 0 ]; then
  # ccache before the Action's build step, which installs the rest.
  in_root "$r" sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends ccache' \
    >"$cache/jammy-build.log" 2>&1 || fail "installing ccache on jammy"
fi
in_root "$r" env "${ccache_env[@]}" GITHUB_ACTION_PATH=/src RUNNER_TEMP=/tmp BIN_DIR=/tmp/blastradius-bin \
  bash /src/action/build.sh >>"$cache/jammy-build.log" 2>&1 ||
  { tail -n 40 "$cache/jammy-build.log" >&2; fail "action/build.sh on jammy"; }
hs_is_hyperscan "$r" jammy
grep -q "context layer: on" "$cache/jammy-build.log" || fail "the jammy build has no context layer"
scan_demo "$r" /tmp/blastradius-bin/bin/blastradius jammy-build
ok "action/build.sh builds on jammy (g++ $(in_root "$r" g++ -dumpfullversion), tree-sitter $(in_root "$r" dpkg-query -W -f='${Version}' libtree-sitter-dev)) and reports the demo's $(wc -l <"$cache/jammy-build.txt") locations"
step "jammy Action build"
fi

if want pre-commit; then

# 5. pre-commit 4.x (Debian 13's package) runs both hooks.
trixie=$(root_of debian_root.sh trixie)
new_root "$trixie"
r="$NEW_ROOT"
in_root "$r" sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends pre-commit git' \
  >"$cache/trixie-apt.log" 2>&1 || { tail -n 30 "$cache/trixie-apt.log" >&2; fail "installing pre-commit on trixie"; }
pc=$(in_root "$r" pre-commit --version)
[[ "$pc" =~ ^pre-commit\ 4\. ]] || fail "trixie's pre-commit is not 4.x: $pc"
step "trixie root and pre-commit"
tar -C "$r/opt" -xzf "$tgz"
mkdir -p "$r/src/tests/hooks"
cp -a "$src/.pre-commit-hooks.yaml" "$src/hooks" "$src/scripts" "$r/src/"
cp "$src/tests/hooks/pre_commit_framework_test.py" "$r/src/tests/hooks/"
# The test copies the binary it is given; a copy of the tarball's would lose
# its libraries, so it gets a launcher.
printf '#!/bin/sh\nexec /opt/%s/bin/blastradius "$@"\n' "$name" >"$r/usr/local/bin/blastradius-tarball"
chmod 0755 "$r/usr/local/bin/blastradius-tarball"
in_root "$r" env CI=true python3 /src/tests/hooks/pre_commit_framework_test.py /usr/local/bin/blastradius-tarball \
  >"$cache/trixie-pre-commit.log" 2>&1 || { cat "$cache/trixie-pre-commit.log" >&2; fail "the pre-commit test with $pc"; }
grep -q '^OK$' "$cache/trixie-pre-commit.log" || { cat "$cache/trixie-pre-commit.log" >&2; fail "the pre-commit test ran nothing"; }
ok "$pc (Debian 13) loads the manifest and runs both hooks: $(grep -E '^Ran [0-9]+ tests' "$cache/trixie-pre-commit.log")"
step "trixie pre-commit test"
fi

echo "$passed passed, 0 failed"
