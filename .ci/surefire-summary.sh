#!/usr/bin/env bash
# Prints one line summed over every module's Surefire XML reports:
#   N passed, N failed, N skipped
# (passed = tests - failures - errors - skipped; failed = failures + errors).
# Usage: .ci/surefire-summary.sh [repo root, default .]   -- awk only, no python needed.
set -euo pipefail
root=${1:-.}
shopt -s nullglob
files=("$root"/*/target/surefire-reports/TEST-*.xml)
if (( ${#files[@]} == 0 )); then
  echo "0 passed, 0 failed, 0 skipped"
  exit 0
fi
awk '
  # The first <testsuite ...> tag of each file carries the totals for that test class.
  FNR == 1 { seen = 0 }
  !seen && /<testsuite[ >]/ {
    seen = 1
    tests += attr("tests"); fail += attr("failures") + attr("errors"); skip += attr("skipped")
  }
  function attr(name,   s) {
    if (match($0, " " name "=\"[0-9]+\"")) {
      s = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", s); return s + 0
    }
    return 0
  }
  END { printf "%d passed, %d failed, %d skipped\n", tests - fail - skip, fail, skip }
' "${files[@]}"
