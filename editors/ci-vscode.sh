#!/usr/bin/env bash
# CI for the VS Code extension (editors/vscode): installs what it needs
# (idempotent), then compiles, runs the unit and protocol tests, and the
# real-editor e2e test (code-server + chromium, loopback-only network).
# Usage: editors/ci-vscode.sh     (from anywhere; paths are relative to this script)
# Cold on a 2-core machine: ~5 min (apt ~1 min; code-server ~2.5 min, in the background
# while npm ci, go build and the tests run); warm: ~1 min. Fails loudly, never skips.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
EXT_DIR="$HERE/vscode"
CS_VERSION="${CS_VERSION:-4.100.3}"   # pinned: later code-servers need a newer Node than the system's 20
export CODE_SERVER_DIR="${CODE_SERVER_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/djls-e2e/code-server-$CS_VERSION}"
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

T_START=$(date +%s)
step_start=$T_START
timing() { local now; now=$(date +%s); echo "ci-vscode: [timing] $1: $((now - step_start))s (total $((now - T_START))s)"; step_start=$now; }

# 1. System packages: chromium (the browser the e2e drives), headers and tools
#    that code-server's native modules build with, ripgrep instead of its download.
pkgs=()
[ -x /usr/bin/chromium ] || pkgs+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || pkgs+=(libkrb5-dev)
command -v rg >/dev/null || pkgs+=(ripgrep)
command -v make >/dev/null && command -v g++ >/dev/null || pkgs+=(build-essential)
command -v pkg-config >/dev/null || pkgs+=(pkg-config)
command -v python3 >/dev/null || pkgs+=(python3)
command -v ip >/dev/null || pkgs+=(iproute2)
command -v curl >/dev/null || pkgs+=(curl)
command -v unshare >/dev/null || pkgs+=(util-linux)
if [ ${#pkgs[@]} -gt 0 ]; then
  echo "ci-vscode: apt-get install ${pkgs[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
fi
command -v go >/dev/null || { echo "ci-vscode: FAIL: go is not on PATH" >&2; exit 1; }
command -v node >/dev/null || { echo "ci-vscode: FAIL: node is not on PATH" >&2; exit 1; }
timing "apt packages"

# 2. code-server (real VS Code), from the npm registry, cached outside the
#    clone. Installed in the background (~2.5 min cold, instant when cached)
#    while the extension is built and unit/protocol-tested.
setup_log=$(mktemp -t ci-vscode-code-server.XXXXXX)
bash "$EXT_DIR/e2e/setup-code-server.sh" "$CODE_SERVER_DIR" >"$setup_log" 2>&1 &
setup_pid=$!
trap 'kill "$setup_pid" 2>/dev/null || true' EXIT

# 3. The extension's npm dependencies (package-lock.json).
cd "$EXT_DIR"
npm ci --no-audit --no-fund --loglevel=error
timing "npm ci"

# 4. Compile, unit + protocol tests, real-editor e2e.
npm run compile
timing "compile"
npm test
timing "unit + protocol tests"
if ! wait "$setup_pid"; then
  tail -40 "$setup_log" >&2
  echo "ci-vscode: FAIL: code-server setup (log: $setup_log)" >&2
  exit 1
fi
trap - EXIT
tail -1 "$setup_log" && rm -f "$setup_log"
timing "code-server $CS_VERSION (waited for the background install)"
npm run e2e
timing "e2e (package .vsix + code-server + chromium)"
echo "ci-vscode: all passed in $(( $(date +%s) - T_START ))s"
