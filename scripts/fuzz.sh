#!/usr/bin/env bash
# Runs every fuzz target for FUZZTIME (default 60s) each. CI does not fuzz (see .ci/run).
# A crasher is written under the package's testdata/fuzz: once fixed, commit
# it (with a name that says what it found) so that it stays a seed that
# go test ./... runs.
#   FUZZTIME=5m scripts/fuzz.sh            # all targets
#   scripts/fuzz.sh ./internal/engine FuzzFixes
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
fuzz() { # package target
  if ! go test -run '^$' -fuzz "^$2\$" -fuzztime "${FUZZTIME:-60s}" -fuzzminimizetime 30s "$1" >"$log" 2>&1; then
    tail -40 "$log"
    echo "fuzz: $1 $2 FAILED (the crasher is under $1/testdata/fuzz/$2)"
    return 1
  fi
  echo "fuzz: $1 $2 ok ($(grep -o 'execs: [0-9]*' "$log" | tail -1))"
}
if [ $# -eq 2 ]; then
  fuzz "$1" "$2"
  exit
fi
status=0
fuzz ./internal/textpos FuzzMapper || status=1
fuzz ./internal/treesitter FuzzIncrementalEdits || status=1
fuzz ./internal/lsp FuzzIncrementalEdits || status=1
fuzz ./internal/engine FuzzAnalyze || status=1
fuzz ./internal/evaluator FuzzValueGrowth || status=1
fuzz ./internal/engine FuzzFixes || status=1
fuzz ./internal/lsp FuzzFraming || status=1
fuzz ./internal/lsp FuzzHandlers || status=1
fuzz ./internal/lsp FuzzCheckContentChanges || status=1
fuzz ./internal/config FuzzLoadTOML || status=1
fuzz ./internal/pyenc FuzzDecode || status=1
fuzz ./internal/project FuzzSettingsModuleRefs || status=1
exit $status
