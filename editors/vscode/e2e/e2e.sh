#!/usr/bin/env bash
# Real-editor end-to-end test: packages the extension with its bundled djls
# binary, installs the .vsix into code-server (VS Code in a browser), and drives
# it with Debian's chromium through playwright-core, inside a network namespace
# that has loopback only.
#
# Usage: e2e/e2e.sh            (npm run e2e)
# env:   CODE_SERVER_DIR  code-server install (default: $XDG_CACHE_HOME/djls-e2e/code-server-4.100.3,
#                         made by e2e/setup-code-server.sh or editors/ci-vscode.sh)
#        CHROMIUM         chromium binary (default: /usr/bin/chromium)
#        DJLS_VSIX        use this .vsix instead of running scripts/package.sh
#        E2E_ARTIFACTS    where screenshots and logs go (default: a new temp dir)
# Fails (non-zero) when anything it needs is missing: it never skips.
set -euo pipefail
EXT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_DIR=$(cd "$EXT_DIR/../.." && pwd)
CS_VERSION="${CS_VERSION:-4.100.3}"
CODE_SERVER_DIR="${CODE_SERVER_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/djls-e2e/code-server-$CS_VERSION}"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
CORPUS="${DJLS_CORPUS_DIR:-$REPO_DIR/testdata/corpus}/maisha"

fail() { echo "e2e: FAIL: $*" >&2; echo "0 passed, 1 failed"; exit 1; }
[ -x "$CODE_SERVER_DIR/node_modules/.bin/code-server" ] ||
  fail "code-server is not installed in $CODE_SERVER_DIR (run editors/ci-vscode.sh, or e2e/setup-code-server.sh DIR and set CODE_SERVER_DIR)"
[ -x "$CHROMIUM" ] || fail "chromium not found at $CHROMIUM (apt-get install -y chromium)"
command -v unshare >/dev/null || fail "unshare not found (util-linux)"
command -v ip >/dev/null || fail "ip not found (apt-get install -y iproute2)"
command -v curl >/dev/null || fail "curl not found (apt-get install -y curl)"
[ -d "$CORPUS" ] || fail "corpus project not found: $CORPUS"
(cd "$EXT_DIR" && node -e "require.resolve('playwright-core')") 2>/dev/null ||
  fail "playwright-core is not installed (npm ci in editors/vscode)"

ARTIFACTS="${E2E_ARTIFACTS:-$(mktemp -d -t djls-vscode-e2e.XXXXXX)}"
mkdir -p "$ARTIFACTS"
ARTIFACTS=$(cd "$ARTIFACTS" && pwd)
echo "e2e: artifacts (screenshots, logs) in $ARTIFACTS"

if [ -n "${DJLS_VSIX:-}" ]; then
  VSIX=$(realpath "$DJLS_VSIX")
else
  VSIX="$EXT_DIR/dist/djls-security-e2e-linux-x64.vsix"
  bash "$EXT_DIR/scripts/package.sh" linux-x64 "$VSIX" >"$ARTIFACTS/package.log" 2>&1 ||
    { tail -40 "$ARTIFACTS/package.log" >&2; fail "packaging the .vsix failed (see $ARTIFACTS/package.log)"; }
fi
[ -f "$VSIX" ] || fail "no .vsix at $VSIX"

# Loopback only: nothing the editor or the browser tries can leave this machine.
unshare -n bash -c 'ip link set lo up && exec bash "$0" "$@"' \
  "$EXT_DIR/e2e/run-e2e.sh" "$CODE_SERVER_DIR" "$VSIX" "$CORPUS" "$ARTIFACTS" "$CHROMIUM"
