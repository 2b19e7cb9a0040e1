#!/usr/bin/env bash
# End-to-end test of djls in a real Neovim (Debian's 0.7.2): builds djls,
# opens a copy of the maisha corpus project's settings.py in headless Neovim
# with the config shipped in editors/nvim/lsp/djls_security.lua, checks the
# diagnostics and their ranges, applies the DEBUG quick fix, writes the file,
# and checks the file on disk; then writes a bad djls-security.toml (an error
# on its line, one warning, findings go on) and fixes it (its ignore applies);
# checks the rule code in virtual text and floats (lua/djls_security.lua's
# format) and :DjlsFixAll on 0.7 (the helpers module and the README block).
#
#   bash editors/ci-nvim.sh        (from anywhere)
#
# Installs neovim with apt when nvim is missing (root, Debian). Exits non-zero
# with a message on any failure; never skips.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus="$repo/testdata/corpus/maisha"
rel=Maisha_backend/settings.py
start=$(date +%s%N)
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
die() { echo "ci-nvim: FAIL: $*" >&2; exit 1; }

# Neovim: install if missing (idempotent), then insist on it.
if ! command -v nvim >/dev/null 2>&1; then
  echo "ci-nvim: nvim not found; installing Debian's neovim"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq neovim >/dev/null
  fi
fi
command -v nvim >/dev/null 2>&1 || die "nvim is not installed and could not be installed (need root and apt-get)"
echo "ci-nvim: $(nvim --version | head -1)"
[ -f "$corpus/$rel" ] || die "corpus file missing: $corpus/$rel"

work=$(mktemp -d "${TMPDIR:-/tmp}/djls-nvim-e2e.XXXXXX")
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

# djls on PATH, built from this checkout.
t=$(date +%s%N)
mkdir -p "$work/bin"
(cd "$repo" && go build -o "$work/bin/djls" ./cmd/djls) || die "go build ./cmd/djls failed"
echo "ci-nvim: built djls in $(ms "$t") ms"
export PATH="$work/bin:$PATH"

# A private copy of the project: the test edits and writes settings.py.
cp -R "$corpus" "$work/maisha"
chmod -R u+w "$work/maisha"
cp "$corpus/$rel" "$work/original.py"

# Keep Neovim's state (its LSP log among it) inside $work, away from $HOME.
export XDG_CONFIG_HOME="$work/xdg/config" XDG_DATA_HOME="$work/xdg/data" \
  XDG_STATE_HOME="$work/xdg/state" XDG_CACHE_HOME="$work/xdg/cache"
export DJLS_E2E_CONFIG="$repo/editors/nvim/lsp/djls_security.lua"
export DJLS_E2E_FILE="$work/maisha/$rel"
export DJLS_E2E_ROOT="$work/maisha"
export DJLS_E2E_SERVER_LOG="$work/server.log"
export DJLS_E2E_SCRIPT="$repo/editors/nvim/test/e2e.lua"

t=$(date +%s%N)
status=0
(cd "$work/maisha" && timeout 120 nvim --headless --clean -u NONE \
  -c 'lua dofile(os.getenv("DJLS_E2E_SCRIPT"))') </dev/null || status=$?
echo "ci-nvim: nvim ran in $(ms "$t") ms"
if [ "$status" != 0 ]; then
  [ "$status" = 124 ] && echo "ci-nvim: nvim did not finish within 120 s" >&2
  log=$(find "$work/xdg" -name lsp.log 2>/dev/null | head -1)
  if [ -n "$log" ] && [ -s "$log" ]; then
    echo "ci-nvim: tail of Neovim's lsp.log:" >&2
    tail -n 40 "$log" >&2
  fi
  if [ -s "$DJLS_E2E_SERVER_LOG" ]; then
    echo "ci-nvim: tail of the server's debug log:" >&2
    tail -n 40 "$DJLS_E2E_SERVER_LOG" >&2
  fi
  die "the Neovim test failed (exit $status)"
fi

# The file on disk: line 13 is the fixed DEBUG line, nothing else changed.
want="DEBUG = config('DEBUG', default=False, cast=bool)"
got=$(sed -n 13p "$work/maisha/$rel")
[ "$got" = "$want" ] || die "line 13 on disk is: $got
want: $want"
awk -v w="$want" 'NR == 13 { $0 = w } 1' "$work/original.py" > "$work/expected.py"
if ! diff -u "$work/expected.py" "$work/maisha/$rel" >"$work/diff.txt"; then
  cat "$work/diff.txt" >&2
  die "settings.py changed beyond line 13 (diff above: expected vs on disk)"
fi
echo "ci-nvim: ok line 13 on disk is $want; no other change"
echo "ci-nvim: PASS in $(ms "$start") ms"
