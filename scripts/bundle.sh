#!/usr/bin/env bash
# Lays out a built tree as the relocatable release does:
#   DEST/bin/blastradius, DEST/lib/blastradius/*.so* (every shared library the
#   binary needs except glibc's, found through its $ORIGIN rpath),
#   DEST/share/{man,bash-completion,zsh,doc}
# usage: scripts/bundle.sh BUILD_DIR DEST
set -euo pipefail
build="${1:?usage: bundle.sh BUILD_DIR DEST}"
dest="${2:?usage: bundle.sh BUILD_DIR DEST}"
rm -rf "$dest"
cmake --install "$build" --prefix "$dest" --strip >/dev/null
libdir="$dest/lib/blastradius"
mkdir -p "$libdir"
# glibc's own libraries stay the system's; everything else travels along.
ldd "$dest/bin/blastradius" | awk '$2 == "=>" && $3 ~ /^\// {print $1, $3}' | while read -r soname path; do
  case "$soname" in
    libc.so.* | libm.so.* | libpthread.so.* | libdl.so.* | librt.so.* | ld-linux*.so.* | libresolv.so.*) continue ;;
  esac
  cp -L "$path" "$libdir/$soname"
  chmod 0644 "$libdir/$soname"
done
if ldd "$dest/bin/blastradius" | grep -q "not found"; then
  ldd "$dest/bin/blastradius" >&2
  exit 2
fi
