#!/usr/bin/env bash
# Installs the release artifacts (scripts/package.sh) into a minimal Debian
# root without any -dev package and checks them as a user would:
#   1. the .deb: apt installs it with its runtime libraries, the man page and
#      completions are in place, `blastradius scan` of the demo reports
#      exactly what the build tree's binary reports, `apt-get remove` takes
#      it away;
#   2. the tarball, unpacked into /opt of a fresh root (no runtime library
#      installed): the same scan, then removal;
#   3. a build against Hyperscan instead of Vectorscan, in its own root (the
#      two -dev packages conflict), without grammars (-DBLASTRADIUS_CONTEXT=OFF),
#      which reports what the build tree reports with --no-context.
# Prints the package sizes and cold/warm start-up times of the demo scan.
# usage: package_test.sh BUILD_DIR    (as root; BLASTRADIUS_SKIP_HYPERSCAN=1 skips 3)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$(cd "$here/../.." && pwd)"
build="$(cd "${1:?usage: package_test.sh BUILD_DIR}" && pwd)"
cache="$build/package-test"
[ "$(id -u)" -eq 0 ] || { echo "package_test: needs root (chroot)" >&2; exit 2; }
mkdir -p "$cache"

tag=package_test
. "$here/root_lib.sh"

version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
deb="$build/packages/$(deb_name "$version")"
tgz="$build/packages/blastradius-$version-linux-$(uname -m).tar.gz"
[ -f "$deb" ] && [ -f "$tgz" ] || { echo "package_test: run scripts/package.sh $build first ($deb)" >&2; exit 2; }
root_tar=$("$here/debian_root.sh" "$cache")
# Cold (empty cache, first run) and warm start-up of a demo scan in a root.
startup() {
  local r="$1" bin="$2" t0 t1 t2 cold warm
  rm -rf "$r/tmp/cache"
  t0=$(now)
  in_root "$r" env BLASTRADIUS_CACHE_DIR=/tmp/cache "$bin" scan /tmp/demo -q -f json -o /tmp/startup.json --fail-on none
  t1=$(now)
  in_root "$r" env BLASTRADIUS_CACHE_DIR=/tmp/cache "$bin" scan /tmp/demo -q -f json -o /tmp/startup.json --fail-on none
  t2=$(now)
  cold=$(ms "$t0" "$t1")
  warm=$(ms "$t1" "$t2")
  echo "startup $3: cold ${cold} ms, warm ${warm} ms (demo scan, including chroot)"
}

# What the build tree reports.
"$build/blastradius" scan "$src/examples/demo" -f json -o "$cache/expected.json" --fail-on none -q
summary "$cache/expected.json" >"$cache/expected.txt"
[ -s "$cache/expected.txt" ] || fail "the build tree's binary finds nothing in the demo"

echo "package sizes: $(basename "$deb") $(stat -c %s "$deb") bytes; $(basename "$tgz") $(stat -c %s "$tgz") bytes"

# 1. The Debian package.
new_root "$root_tar"
r="$NEW_ROOT"
if in_root "$r" dpkg-query -W -f='${Package}\n' | grep -- '-dev$'; then fail "the minimal root has -dev packages"; fi
cp "$deb" "$r/tmp/"
in_root "$r" apt-get update -qq >"$cache/apt.log" 2>&1 || { cat "$cache/apt.log" >&2; fail "apt-get update in the root"; }
in_root "$r" apt-get install -y -qq --no-install-recommends "/tmp/$(basename "$deb")" >>"$cache/apt.log" 2>&1 ||
  { tail -n 30 "$cache/apt.log" >&2; fail "apt-get install of the .deb"; }
if in_root "$r" dpkg-query -W -f='${Package}\n' | grep -- '-dev$'; then fail "the .deb pulled in -dev packages"; fi
ok "the .deb installs with its dependencies: $(in_root "$r" dpkg-query -W -f='${Depends}' blastradius)"
for f in /usr/bin/blastradius /usr/share/man/man1/blastradius.1.gz /usr/share/bash-completion/completions/blastradius \
  /usr/share/zsh/vendor-completions/_blastradius; do
  [ -e "$r$f" ] || fail "$f is not installed"
done
ok "binary, man page and completions installed"
in_root "$r" blastradius version | tee "$cache/version.txt"
grep -q "pattern database: built in" "$cache/version.txt" || fail "the packaged binary has no built-in pattern database"
code=0
in_root "$r" blastradius scan /tmp/demo -q -f json -o /tmp/report.json || code=$?
[ "$code" -eq 1 ] || fail "scan of the demo exited $code, expected 1 (findings)"
summary "$r/tmp/report.json" >"$cache/deb.txt"
diff -u "$cache/expected.txt" "$cache/deb.txt" || fail "the packaged binary reports otherwise than the build tree"
ok "the packaged binary reports the demo's $(wc -l <"$cache/deb.txt") locations, as the build tree does"
startup "$r" blastradius ".deb"
in_root "$r" apt-get remove -y -qq blastradius >>"$cache/apt.log" 2>&1 || fail "apt-get remove"
[ ! -e "$r/usr/bin/blastradius" ] || fail "/usr/bin/blastradius is still there after removal"
ok "apt-get remove takes it away"

# 2. The tarball, in a root without the runtime libraries.
new_root "$root_tar"
r="$NEW_ROOT"
tar -C "$r/opt" -xzf "$tgz"
name=$(basename "$tgz" .tar.gz)
bin="/opt/$name/bin/blastradius"
code=0
in_root "$r" "$bin" scan /tmp/demo -q -f json -o /tmp/report.json || code=$?
[ "$code" -eq 1 ] || fail "tarball: scan of the demo exited $code, expected 1"
summary "$r/tmp/report.json" >"$cache/tgz.txt"
diff -u "$cache/expected.txt" "$cache/tgz.txt" || fail "the tarball's binary reports otherwise than the build tree"
ok "the tarball runs from /opt without installed libraries ($(ls "$r/opt/$name/lib/blastradius" | wc -l) bundled)"
# Relocatable: moved elsewhere, through a symlink on PATH.
mv "$r/opt/$name" "$r/tmp/moved"
ln -s /tmp/moved/bin/blastradius "$r/usr/local/bin/blastradius"
in_root "$r" blastradius version >/dev/null || fail "the moved tarball does not run"
startup "$r" blastradius "tarball"
rm -rf "$r/tmp/moved" "$r/usr/local/bin/blastradius"
! in_root "$r" sh -c 'command -v blastradius' >/dev/null || fail "blastradius still on PATH after removal"
ok "the tarball is relocatable and removed by deleting its directory"

# 3. Hyperscan instead of Vectorscan, without grammars.
if [ "${BLASTRADIUS_SKIP_HYPERSCAN:-}" = 1 ]; then
  echo "package_test: Hyperscan build skipped (BLASTRADIUS_SKIP_HYPERSCAN=1)"
else
  "$build/blastradius" scan "$src/examples/demo" --no-context -f json -o "$cache/expected-nocontext.json" --fail-on none -q
  summary "$cache/expected-nocontext.json" >"$cache/expected-nocontext.txt"
  new_root "$root_tar"
  r="$NEW_ROOT"
  copy_sources "$r"
  in_root "$r" apt-get update -qq >"$cache/hs-apt.log" 2>&1 || fail "apt-get update in the Hyperscan root"
  in_root "$r" env BLASTRADIUS_HS=hyperscan /src/scripts/install-deps.sh build >>"$cache/hs-apt.log" 2>&1 ||
    { tail -n 30 "$cache/hs-apt.log" >&2; fail "install-deps.sh with BLASTRADIUS_HS=hyperscan"; }
  in_root "$r" dpkg-query -W libhyperscan-dev >/dev/null || fail "libhyperscan-dev is not installed"
  ! in_root "$r" dpkg-query -W -f='${Status}' libvectorscan-dev 2>/dev/null | grep -q "install ok" ||
    fail "libvectorscan-dev is installed in the Hyperscan root"
  in_root "$r" sh -c 'cmake -S /src -B /build -DCMAKE_BUILD_TYPE=Release -DBLASTRADIUS_WERROR=ON \
      -DBLASTRADIUS_BUILD_TESTS=OFF -DBLASTRADIUS_CONTEXT=OFF && cmake --build /build --target blastradius -j '"$(nproc)" \
    >"$cache/hs-build.log" 2>&1 || { tail -n 40 "$cache/hs-build.log" >&2; fail "building against Hyperscan"; }
  in_root "$r" /build/blastradius version | tee "$cache/hs-version.txt"
  grep -q "context layer: off" "$cache/hs-version.txt" || fail "CONTEXT=OFF build does not say so in version"
  grep -q "pattern database: built in" "$cache/hs-version.txt" || fail "Hyperscan build has no built-in database"
  code=0
  in_root "$r" /build/blastradius scan /tmp/demo -q -f json -o /tmp/report.json || code=$?
  [ "$code" -eq 1 ] || fail "Hyperscan build: scan exited $code, expected 1"
  summary "$r/tmp/report.json" >"$cache/hs.txt"
  diff -u "$cache/expected-nocontext.txt" "$cache/hs.txt" || fail "the Hyperscan build reports otherwise"
  ok "built against $(in_root "$r" dpkg-query -W -f='${Package} ${Version}' libhyperscan-dev) without grammars; same findings as --no-context"
fi
echo "$passed passed, 0 failed"
