#!/usr/bin/env bash
# Starts code-server with the extension installed on a copy of a project and
# runs e2e.js against it. Called by e2e.sh inside a loopback-only network namespace.
# Usage: run-e2e.sh CODE_SERVER_DIR VSIX PROJECT_TEMPLATE OUT_DIR CHROMIUM
set -euo pipefail
CS_DIR=$(realpath "$1"); VSIX=$(realpath "$2"); TEMPLATE=$(realpath "$3"); OUT=$(realpath "$4"); CHROMIUM="$5"
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RUN=$(mktemp -d -t djls-vscode-e2e-run.XXXXXX)
# Keep code-server (heartbeat, logs, device id), chromium (crash reports, dconf)
# and node's caches out of the real $HOME and /tmp.
export HOME="$RUN/home" XDG_CONFIG_HOME="$RUN/home/.config" XDG_DATA_HOME="$RUN/home/.local/share" \
  XDG_CACHE_HOME="$RUN/home/.cache" TMPDIR="$RUN/tmp"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$TMPDIR"
cp -r "$TEMPLATE" "$RUN/ws"                              # the test edits files: work on a copy
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
CS=("$CS_DIR/node_modules/.bin/code-server" --config "$RUN/config.yaml" --user-data-dir "$RUN/data" --extensions-dir "$RUN/ext")
"${CS[@]}" --install-extension "$VSIX" >"$OUT/install-extension.log" 2>&1 ||
  { cat "$OUT/install-extension.log" >&2; echo "run-e2e: installing the .vsix failed" >&2; exit 1; }
# no trust prompt, no welcome page, no telemetry, no update checks
mkdir -p "$RUN/data/User" && cat >"$RUN/data/User/settings.json" <<'JSON'
{"security.workspace.trust.enabled": false, "workbench.startupEditor": "none", "telemetry.telemetryLevel": "off",
 "extensions.autoCheckUpdates": false, "extensions.autoUpdate": false, "update.mode": "none",
 "chat.disableAIFeatures": true, "workbench.secondarySideBar.defaultVisibility": "hidden",
 "djlsSecurity.logLevel": "debug", "editor.codeActionsOnSave": {"source.fixAll": "explicit"},
 "files.refactoring.autoSave": false}
JSON
# The test removes the bundled binary at the end to see the "not found"
# notification: no other djls may be found on PATH then.
clean_path=""
IFS=: read -ra path_dirs <<<"$PATH"
for d in "${path_dirs[@]}"; do [ -n "$d" ] && [ ! -x "$d/djls" ] && clean_path="${clean_path:+$clean_path:}$d"; done
export PATH="$clean_path"
setsid "${CS[@]}" --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override "$RUN/ws" >"$OUT/code-server.log" 2>&1 &
CS_PID=$!
cleanup() {
  kill -TERM -- "-$CS_PID" 2>/dev/null || true
  wait "$CS_PID" 2>/dev/null || true
  # the extension host's log (client + djls server output) is an artifact too
  find "$RUN/data/logs" -name '*djls-security*' -exec cp {} "$OUT/" \; 2>/dev/null || true
  rm -rf "$RUN"
}
trap cleanup EXIT
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null || { tail -20 "$OUT/code-server.log" >&2; echo "run-e2e: code-server did not come up" >&2; exit 1; }
PORT=$PORT WS="$RUN/ws" OUT="$OUT" CHROMIUM="$CHROMIUM" EXTENSIONS_DIR="$RUN/ext" node "$HERE/e2e.js"
