#!/usr/bin/env bash
# GitHub Action step 1: find a blastradius to run, without building when possible.
#   1. the release tarball of the action's own tag (or the `version` input),
#      when this machine's glibc is new enough for it (>= 2.36: Ubuntu 24.04
#      yes, 22.04 no): no apt, no compiler;
#   2. otherwise the caller restores a build from the Actions cache under the
#      key printed here, or builds (action/build.sh) and saves it.
# Outputs (GITHUB_OUTPUT): bin (when 1. worked), key, dir.
# Environment: GITHUB_ACTION_PATH, GITHUB_ACTION_REPOSITORY, GITHUB_ACTION_REF,
#   RUNNER_TEMP, RUNNER_OS, RUNNER_ARCH, INPUT_VERSION ('' = the action's tag,
#   'source' = always build), BLASTRADIUS_RELEASE_URL (overrides the download URL;
#   file:// works, for tests).
set -euo pipefail
src="${GITHUB_ACTION_PATH:?}"
out="${GITHUB_OUTPUT:?}"
tmp="${RUNNER_TEMP:-/tmp}"

version=$(sed -n 's/^project(blastradius VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
arch=$(uname -m)

# The build cache key: the sources that end up in the binary, and the image.
parts=()
for p in CMakeLists.txt cmake scanner reports signatures grammars/CMakeLists.txt grammars/package-lock.json \
  grammars/queries grammars/grammar_registry.h docs/man completions scripts/install-deps.sh scripts/bundle.sh; do
  [ -e "$src/$p" ] && parts+=("$p")
done
sources=$(cd "$src" && find "${parts[@]}" -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum |
  sha256sum | cut -c1-32)
os=$(. /etc/os-release && echo "${ID}-${VERSION_ID:-x}")
dir="$tmp/blastradius-bin"
{
  echo "key=blastradius-v2-${RUNNER_OS:-Linux}-${RUNNER_ARCH:-$arch}-${ImageOS:-$os}-${sources}"
  echo "dir=$dir"
} >>"$out"

glibc_ok() {
  local v
  v=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')
  [ -n "$v" ] && [ "$(printf '%s\n%s\n' 2.36 "$v" | sort -V | head -n 1)" = 2.36 ]
}

want="${INPUT_VERSION:-}"
if [ "$want" = source ]; then
  echo "blastradius: building from source (version: source)"
  exit 0
fi
ref="${GITHUB_ACTION_REF:-}"
if [ -z "$want" ]; then
  # A release tag such as v0.1.0 names its tarball; a branch or sha has none.
  if [[ "$ref" =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]]; then want="${ref#v}"; fi
fi
url="${BLASTRADIUS_RELEASE_URL:-}"
if [ -z "$url" ] && [ -n "$want" ]; then
  url="https://github.com/${GITHUB_ACTION_REPOSITORY:-blastradius/blastradius}/releases/download/v${want}/blastradius-${want}-linux-${arch}.tar.gz"
fi
if [ -z "$url" ]; then
  echo "blastradius: no release for ref '${ref:-?}': building from source (cached)"
  exit 0
fi
if ! glibc_ok; then
  echo "blastradius: the release tarball needs glibc >= 2.36 (this runner has $(getconf GNU_LIBC_VERSION 2>/dev/null)): building from source"
  exit 0
fi
rm -rf "$dir"
mkdir -p "$dir"
if curl -fsSL --retry 3 -o "$tmp/blastradius.tar.gz" "$url" &&
  tar -C "$dir" --strip-components=1 -xzf "$tmp/blastradius.tar.gz" &&
  "$dir/bin/blastradius" version >/dev/null; then
  echo "blastradius: using the release tarball $(basename "$url")"
  echo "bin=$dir/bin/blastradius" >>"$out"
else
  echo "::warning title=blastradius::could not use the release tarball $url; building from source"
  rm -rf "$dir"
fi
