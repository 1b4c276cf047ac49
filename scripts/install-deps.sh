#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages blastradius needs for a purpose, only
# those missing, with one `apt-get update` at most (none when nothing is
# missing).
#
#   install-deps.sh [--print] [PURPOSE...]      PURPOSE: build (default), test, package, fuzz
#
#   build    compilers, CMake and the libraries the binary links (what
#            `make build` / `make demo` need)
#   test     build + doctest, python3-jsonschema, python3-yaml, clang-format, chromium
#            (HTML report test), pre-commit (hook test)   (`make test`)
#   package  build + dpkg-dev, file, debootstrap (`make package`, `make package-test`)
#   fuzz     build + clang and its runtimes (libFuzzer, sanitizers) (`make fuzz-smoke`)
#
# The pattern library is Vectorscan or Hyperscan, whichever the distribution
# builds for this architecture (Ubuntu 24.04 has libvectorscan-dev only on
# arm64/ppc64el and libhyperscan-dev on amd64; Debian 12 has both on amd64,
# and they conflict). An installed one is kept; BLASTRADIUS_HS=vectorscan or
# hyperscan forces the choice. --print lists the packages instead.
set -euo pipefail

print=0
purposes=()
for a in "$@"; do
  case "$a" in
    --print) print=1 ;;
    build | test | package | fuzz) purposes+=("$a") ;;
    -h | --help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-deps: unknown purpose '$a' (build, test, package, fuzz)" >&2; exit 2 ;;
  esac
done
[ ${#purposes[@]} -gt 0 ] || purposes=(build)

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
updated=0
apt_update() {
  if [ "$updated" -eq 0 ]; then
    $SUDO apt-get update -qq
    updated=1
  fi
}
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
# Whether apt has an installable version of $1 for this architecture.
available() {
  local c
  c=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2; exit}')
  [ -n "$c" ] && [ "$c" != "(none)" ]
}

# Sets $hs to the pattern library's -dev package.
pick_hs() {
  case "${BLASTRADIUS_HS:-}" in
    vectorscan) hs=libvectorscan-dev; return ;;
    hyperscan) hs=libhyperscan-dev; return ;;
    "") ;;
    *) echo "install-deps: BLASTRADIUS_HS must be vectorscan or hyperscan" >&2; exit 2 ;;
  esac
  for p in libvectorscan-dev libhyperscan-dev; do
    if installed "$p"; then hs=$p; return; fi
  done
  for attempt in 1 2; do
    for p in libvectorscan-dev libhyperscan-dev; do
      if available "$p"; then hs=$p; return; fi
    done
    # Package lists missing or stale: fetch them once and look again.
    if [ "$attempt" -eq 1 ] && [ "$print" -eq 0 ]; then apt_update; fi
  done
  echo "install-deps: neither libvectorscan-dev nor libhyperscan-dev is available for $(dpkg --print-architecture)" >&2
  return 1
}

build_pkgs=(cmake make g++ pkg-config git libtree-sitter-dev libre2-dev nlohmann-json3-dev libfmt-dev
  libtbb-dev nettle-dev python3)
test_pkgs=(doctest-dev python3-jsonschema python3-yaml clang-format chromium pre-commit)
package_pkgs=(dpkg-dev file debootstrap)
# libclang-rt-dev: the distribution's default clang's compiler-rt (libFuzzer).
fuzz_pkgs=(clang libclang-rt-dev)

packages=("${build_pkgs[@]}")
for p in "${purposes[@]}"; do
  case "$p" in
    test) packages+=("${test_pkgs[@]}") ;;
    package) packages+=("${package_pkgs[@]}") ;;
    fuzz) packages+=("${fuzz_pkgs[@]}") ;;
  esac
done

if [ "$print" -eq 1 ]; then
  hs="libvectorscan-dev|libhyperscan-dev"
  pick_hs 2>/dev/null || true
  echo "${packages[@]}" "$hs"
  exit 0
fi

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done
# Decided after the others so that a missing lookup does not cost an update
# when the library is already there.
hs=""
pick_hs || exit 1
installed "$hs" || missing+=("$hs")
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt_update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
