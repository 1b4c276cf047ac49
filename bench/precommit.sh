#!/usr/bin/env bash
# Pre-commit latency: `blastradius scan --staged` on a typical commit (5 of 40
# files changed, 400 added lines) in a throwaway repository, full signature
# set: wall-clock median and instruction count (bench/startup.sh, case
# "staged"; BLASTRADIUS, BASELINE, RUNS and CALLGRIND as there). Target < 30 ms.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CASES=staged exec "$here/startup.sh"
