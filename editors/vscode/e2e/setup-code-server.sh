#!/usr/bin/env bash
# Installs code-server (real VS Code served to a browser) from the npm registry,
# with no other network access: every step that would download a prebuilt binary
# is skipped or replaced (see shared notes/vscode-e2e.md for the reasons).
# Usage: setup-code-server.sh DEST_DIR     (idempotent; ~1.5-2 min cold, ~300 MB)
set -euo pipefail
CS_VERSION="${CS_VERSION:-4.100.3}"   # last 4.x whose engines.node is 20 (Code 1.100.3)
DEST="${1:?usage: setup-code-server.sh DEST_DIR}"
export npm_config_nodedir="${NODEDIR:-/usr}"   # node-gyp uses local headers, never downloads them
export npm_config_yes=true                     # node-pty's postinstall runs `npx node-gyp`
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
export npm_config_unsafe_perm=true             # code-server's own root check (npm 11 has no such flag)

need_apt=()
command -v rg >/dev/null || need_apt+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
command -v make >/dev/null && command -v g++ >/dev/null || need_apt+=(build-essential)
command -v python3 >/dev/null || need_apt+=(python3)
command -v pkg-config >/dev/null || need_apt+=(pkg-config)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

mkdir -p "$DEST" && cd "$DEST"
STAMP=".installed-$CS_VERSION"
if [ -f "$STAMP" ] && [ -x node_modules/.bin/code-server ]; then
  echo "code-server $CS_VERSION already installed in $DEST"; exit 0
fi
rm -rf node_modules .installed-*
printf '{"name":"djls-e2e-code-server","private":true,"dependencies":{"code-server":"%s"}}\n' "$CS_VERSION" > package.json
npm install --ignore-scripts --no-package-lock --loglevel=error   # code-server's postinstall.sh fails offline
npm rebuild argon2 --loglevel=error               # prebuilt download fails -> compiles from source
cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts --loglevel=error          # VS Code's npm-shrinkwrap.json
if [ -d node_modules/@vscode/ripgrep ]; then      # its postinstall downloads rg from GitHub;
  mkdir -p node_modules/@vscode/ripgrep/bin       # an existing bin/ makes it skip that
  ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
fi
npm rebuild --loglevel=error                      # native modules: spdlog, node-pty, kerberos, watcher...
# the rest of code-server's postinstall.sh
if grep -q symlink_asar ../../postinstall.sh; then ln -sfn node_modules node_modules.asar; fi
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --loglevel=error)
cd "$DEST" && touch "$STAMP"
echo "code-server $CS_VERSION installed in $DEST"
