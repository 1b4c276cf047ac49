#!/usr/bin/env bash
# Installs the Debian packages blastradius needs, only when one is missing.
set -euo pipefail
packages=(cmake make g++ pkg-config git libtree-sitter-dev libre2-dev libvectorscan-dev
  nlohmann-json3-dev libfmt-dev libtbb-dev doctest-dev libssl-dev libxxhash-dev
  python3 python3-jsonschema chromium clang-format)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
