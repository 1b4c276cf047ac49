#!/usr/bin/env bash
# Fails when a C++ source is not clang-format clean (.clang-format: Google
# base). Fix with `make format`.
set -euo pipefail
cd "$(dirname "$0")/../.."
files=$(git ls-files '*.cc' '*.h' 2>/dev/null || find scanner reports tests grammars -name '*.cc' -o -name '*.h')
clang-format --dry-run --Werror $files
echo "clang-format: $(echo "$files" | wc -w) files clean"
