# Helpers shared by package_test.sh and distro_test.sh (sourced, not run):
# throwaway roots unpacked from a cached minbase tarball, commands run in
# them with a clean environment, the demo-scan summary that reports are
# compared by, pass/fail lines. The caller sets $src, $cache and $tag (the
# message prefix) and `set -euo pipefail`.

fail() { echo "$tag: FAIL: $*" >&2; exit 1; }
passed=0
ok() { echo "$tag: ok: $*"; passed=$((passed + 1)); }

roots=()
# Unmounts what new_root and bind_mount mounted (innermost first), then
# removes the root; a root that cannot be unmounted is left in place.
cleanup() {
  local r m
  for r in "${roots[@]}"; do
    for m in $(awk -v r="$r/" 'index($2, r) == 1 {print $2}' /proc/mounts | sort -r); do
      umount "$m" || { echo "$tag: cannot unmount $m; leaving $r" >&2; continue 2; }
    done
    rm -rf --one-file-system "$r"
  done
}
trap cleanup EXIT

# new_root TARBALL: unpacks a fresh root with the demo in /tmp/demo; sets NEW_ROOT.
new_root() {
  local r
  r=$(mktemp -d "$cache/root.XXXXXX")
  roots+=("$r")
  tar -C "$r" -xf "$1"
  cp /etc/resolv.conf "$r/etc/resolv.conf" 2>/dev/null || true
  mount -t proc proc "$r/proc" 2>/dev/null || true
  mkdir -p "$r/tmp/demo"
  cp -a "$src/examples/demo/." "$r/tmp/demo/"
  NEW_ROOT="$r"
}

# Fingerprints are keyed per install: one fixed key makes the build tree's
# and the packaged binaries' reports comparable.
export BLASTRADIUS_FINGERPRINT_KEY=0123456789abcdef0123456789abcdef
in_root() {
  local r="$1"
  shift
  chroot "$r" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive BLASTRADIUS_FINGERPRINT_KEY="$BLASTRADIUS_FINGERPRINT_KEY" "$@"
}

# "rule_id path:line fingerprint" of every finding's every location, sorted.
summary() {
  python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
rows = sorted("%s %s:%s %s" % (f["rule_id"], l["path"], l["line"], f["fingerprint"]) for f in doc["findings"] for l in f["locations"])
print("\n".join(rows))' "$1"
}

# copy_sources ROOT: the checkout's build inputs (not examples/ or tests/) in ROOT/src.
copy_sources() {
  mkdir -p "$1/src"
  (cd "$src" && git ls-files -z --cached --others --exclude-standard -- . ':!examples' ':!tests' |
    tar --null -T - -cf - 2>/dev/null) | tar -C "$1/src" -xf -
}

# The .deb that scripts/package.sh makes on this machine's distribution
# (cmake/Install.cmake names it after /etc/os-release): deb_name VERSION [OS_RELEASE].
deb_name() {
  local id ver
  id=$(. "${2:-/etc/os-release}" && echo "$ID")
  ver=$(. "${2:-/etc/os-release}" && echo "${VERSION_ID:-}")
  echo "blastradius_$1-1~$id${ver}_$(dpkg --print-architecture).deb"
}

ms() { python3 -c 'import sys; print(round((float(sys.argv[2]) - float(sys.argv[1])) * 1000))' "$1" "$2"; }
now() { date +%s.%N; }
