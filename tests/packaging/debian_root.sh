#!/usr/bin/env bash
# Prints the path of a tarball holding a minimal Debian root (debootstrap
# --variant=minbase: no compiler, no -dev package), making it the first time
# and caching it:  debian_root.sh CACHE_DIR [SUITE]   (SUITE default: bookworm)
# The mirror is the first Debian one this machine's apt sources use
# ($BLASTRADIUS_DEBIAN_MIRROR overrides it).
set -euo pipefail
cache="${1:?usage: debian_root.sh CACHE_DIR [SUITE]}"
suite="${2:-bookworm}"
tarball="$cache/debian-$suite-minbase.tar"
if [ -s "$tarball" ]; then
  echo "$tarball"
  exit 0
fi
mirror="${BLASTRADIUS_DEBIAN_MIRROR:-}"
if [ -z "$mirror" ]; then
  mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
    awk '/^URIs:/ {for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) {print $i; exit}}')
fi
if [ -z "$mirror" ]; then
  mirror=$(grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    awk '{for (i = 2; i <= NF; i++) if ($i ~ /^https?:.*\/debian\/?$/) {print $i; exit}}')
fi
if [ -z "$mirror" ]; then
  echo "debian_root: no Debian mirror in the apt sources; set BLASTRADIUS_DEBIAN_MIRROR" >&2
  exit 2
fi
command -v debootstrap >/dev/null || { echo "debian_root: debootstrap is missing (install-deps.sh package)" >&2; exit 2; }
mkdir -p "$cache"
work=$(mktemp -d "$cache/root.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "debian_root: debootstrap --variant=minbase $suite (once; cached in $tarball)" >&2
if ! debootstrap --variant=minbase "$suite" "$work/root" "$mirror" >"$work/debootstrap.log" 2>&1; then
  tail -n 30 "$work/debootstrap.log" >&2
  exit 2
fi
rm -rf "$work/root/var/cache/apt/archives/"*.deb
tar -C "$work/root" -cf "$tarball.tmp" .
mv "$tarball.tmp" "$tarball"
echo "$tarball"
