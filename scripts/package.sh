#!/usr/bin/env bash
# Release artifacts from a configured and built build directory:
#   BUILD/packages/blastradius_VERSION-1~DISTRO_ARCH.deb   (CPack; the runtime libraries of
#       the distribution it is built on, e.g. ~debian12, as dependencies)
#   BUILD/packages/blastradius-VERSION-linux-ARCH.tar.gz
#       bin/blastradius + lib/blastradius/*.so* (every shared library it needs
#       but glibc's, found through the binary's $ORIGIN rpath), man page,
#       completions: unpack anywhere on x86-64 Linux with glibc >= the build's.
# usage: scripts/package.sh BUILD_DIR
set -euo pipefail
build="$(cd "${1:?usage: package.sh BUILD_DIR}" && pwd)"
out="$build/packages"
mkdir -p "$out"

version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
[ -n "$version" ] || { echo "package: no project version in $build/CMakeCache.txt" >&2; exit 2; }
arch=$(uname -m)

# The Debian package.
(cd "$build" && cpack -G DEB -B "$out" >"$out/cpack.log" 2>&1) || { cat "$out/cpack.log" >&2; exit 2; }
rm -rf "$out/_CPack_Packages"
deb=$(ls -t "$out"/blastradius_"$version"-*_*.deb | head -n 1)

# The relocatable tarball.
name="blastradius-$version-linux-$arch"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/$name"
"$(dirname "${BASH_SOURCE[0]}")/bundle.sh" "$build" "$root"
tar -C "$stage" --owner=0 --group=0 --numeric-owner --sort=name -czf "$out/$name.tar.gz" "$name"
echo "$deb"
echo "$out/$name.tar.gz"
