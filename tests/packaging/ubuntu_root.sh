#!/usr/bin/env bash
# Prints the path of a tarball holding a minimal Ubuntu root (debootstrap
# --variant=minbase, components main and universe, the -updates and
# -security pockets as on GitHub's runners), making it the first time and
# caching it:  ubuntu_root.sh CACHE_DIR SUITE   (SUITE: noble, jammy, ...)
#
# The Ubuntu archive key comes from Debian's own `ubuntu-archive-keyring`
# package (in Debian 13, not 12), installed by apt, which checks it against
# Debian's keys, in a cached trixie root (debian_root.sh); debootstrap then
# checks the Ubuntu archive with it. The mirror is debootstrap's default for
# Ubuntu ($BLASTRADIUS_UBUNTU_MIRROR overrides it). A Debian 12 debootstrap
# that has no script for SUITE uses `gutsy`, which every Ubuntu release since
# 7.10 shares. Fails (exit 2) when the archive cannot be reached.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${1:?usage: ubuntu_root.sh CACHE_DIR SUITE}"
suite="${2:?usage: ubuntu_root.sh CACHE_DIR SUITE}"
tarball="$cache/ubuntu-$suite-minbase.tar"
if [ -s "$tarball" ]; then
  echo "$tarball"
  exit 0
fi
command -v debootstrap >/dev/null || { echo "ubuntu_root: debootstrap is missing (install-deps.sh package)" >&2; exit 2; }
mkdir -p "$cache"
work=$(mktemp -d "$cache/root.XXXXXX")
cleanup() {
  if mountpoint -q "$work/trixie/proc"; then umount "$work/trixie/proc" || true; fi
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT

keyring="$cache/ubuntu-archive-keyring.gpg"
if [ ! -s "$keyring" ]; then
  trixie=$("$here/debian_root.sh" "$cache" trixie)
  mkdir "$work/trixie"
  tar -C "$work/trixie" -xf "$trixie"
  cp /etc/resolv.conf "$work/trixie/etc/resolv.conf" 2>/dev/null || true
  echo "ubuntu_root: the Ubuntu archive key from Debian's ubuntu-archive-keyring (once; cached in $keyring)" >&2
  if ! chroot "$work/trixie" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends ubuntu-archive-keyring' \
    >"$work/keyring.log" 2>&1; then
    tail -n 20 "$work/keyring.log" >&2
    echo "ubuntu_root: cannot install ubuntu-archive-keyring in the trixie root" >&2
    exit 2
  fi
  cp "$work/trixie/usr/share/keyrings/ubuntu-archive-keyring.gpg" "$keyring.tmp"
  mv "$keyring.tmp" "$keyring"
fi

# A debootstrap without a script for this release (Debian 12's knows up to
# jammy) gets one: a copy of its data directory with SUITE -> gutsy.
if [ ! -e "/usr/share/debootstrap/scripts/$suite" ]; then
  cp -a /usr/share/debootstrap "$work/debootstrap"
  ln -s gutsy "$work/debootstrap/scripts/$suite"
  export DEBOOTSTRAP_DIR="$work/debootstrap"
fi
mirror=()
[ -n "${BLASTRADIUS_UBUNTU_MIRROR:-}" ] && mirror=("$BLASTRADIUS_UBUNTU_MIRROR")
echo "ubuntu_root: debootstrap --variant=minbase $suite (once; cached in $tarball)" >&2
if ! debootstrap --variant=minbase --keyring="$keyring" "$suite" "$work/root" "${mirror[@]}" \
  >"$work/debootstrap.log" 2>&1; then
  tail -n 30 "$work/debootstrap.log" >&2
  echo "ubuntu_root: debootstrap $suite failed (is the Ubuntu archive reachable?)" >&2
  exit 2
fi
# debootstrap wrote "deb MIRROR SUITE main"; add what the runners have.
url=$(awk '$1 == "deb" {print $2; exit}' "$work/root/etc/apt/sources.list")
[ -n "$url" ] || { echo "ubuntu_root: no mirror in the root's sources.list" >&2; exit 2; }
printf 'deb %s %s main universe\n' "$url" "$suite" "$url" "$suite-updates" "$url" "$suite-security" \
  >"$work/root/etc/apt/sources.list"
rm -rf "$work/root/var/cache/apt/archives/"*.deb
tar -C "$work/root" -cf "$tarball.tmp" .
mv "$tarball.tmp" "$tarball"
echo "$tarball"
