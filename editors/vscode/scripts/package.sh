#!/usr/bin/env bash
# Builds the djls server from this repository into the extension's bundle dir
# (bundled/libs/bin/djls[.exe]) and packages a platform-specific .vsix.
#
# Usage: scripts/package.sh [TARGET] [OUT.vsix]
#   TARGET   a vsce target: linux-x64 (default), linux-arm64, linux-armhf,
#            darwin-x64, darwin-arm64, win32-x64, win32-arm64, alpine-x64, alpine-arm64
#   OUT      default: dist/djls-security-<version>-<target>.vsix (gitignored)
# The server uses cgo (tree-sitter): building for another OS or CPU needs a C
# cross-compiler in CC, e.g. CC="zig cc -target aarch64-linux-gnu".
set -euo pipefail
EXT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_DIR=$(cd "$EXT_DIR/../.." && pwd)
TARGET="${1:-${VSCE_TARGET:-linux-x64}}"
VERSION=$(node -p "require('$EXT_DIR/package.json').version")
OUT="${2:-$EXT_DIR/dist/djls-security-$VERSION-$TARGET.vsix}"

case "$TARGET" in
  linux-x64 | alpine-x64) goos=linux goarch=amd64 ;;
  linux-arm64 | alpine-arm64) goos=linux goarch=arm64 ;;
  linux-armhf) goos=linux goarch=arm GOARM="${GOARM:-7}"; export GOARM ;;
  darwin-x64) goos=darwin goarch=amd64 ;;
  darwin-arm64) goos=darwin goarch=arm64 ;;
  win32-x64) goos=windows goarch=amd64 ;;
  win32-arm64) goos=windows goarch=arm64 ;;
  *) echo "package.sh: unknown target '$TARGET'" >&2; exit 2 ;;
esac
exe=djls; [ "$goos" = windows ] && exe=djls.exe

BIN_DIR="$EXT_DIR/bundled/libs/bin"
rm -rf "$BIN_DIR" && mkdir -p "$BIN_DIR"
t0=$(date +%s)
echo "package.sh: go build ./cmd/djls for $goos/$goarch -> bundled/libs/bin/$exe"
(cd "$REPO_DIR" && CGO_ENABLED=1 GOOS="$goos" GOARCH="$goarch" \
  go build -trimpath -ldflags "-s -w -X main.version=$VERSION" -o "$BIN_DIR/$exe" ./cmd/djls)
chmod 755 "$BIN_DIR/$exe"
t1=$(date +%s)

cd "$EXT_DIR"
npm run --silent compile
mkdir -p "$(dirname "$OUT")"
# The .vsix carries the repository's licence (copied here, gitignored). The
# repository has none yet: package without one, and say so.
# The repository's licence ships in the .vsix (vsce names it LICENSE.txt).
cp "$REPO_DIR/LICENSE" LICENSE || { echo "package.sh: no LICENSE at the repository root" >&2; exit 1; }
# vsce is pinned in devDependencies and works offline; the extension is
# bundled by esbuild (npm run compile), so no node_modules go in.
node_modules/.bin/vsce package --target "$TARGET" --no-dependencies -o "$OUT" </dev/null
t2=$(date +%s)
# What a Marketplace page needs is in the .vsix (vsce lower-cases readme.md
# and changelog.md, and names the licence LICENSE.txt).
listing=$(unzip -l "$OUT" | tr '[:upper:]' '[:lower:]')
for f in extension/package.json extension/readme.md extension/changelog.md extension/images/icon.png \
  extension/out/bundle/extension.js "extension/bundled/libs/bin/$exe"; do
  grep -q " $f\$" <<<"$listing" || { echo "package.sh: $f is missing from $OUT" >&2; exit 1; }
done
grep -q " extension/license\(.txt\|.md\)\?\$" <<<"$listing" || { echo "package.sh: LICENSE is missing from $OUT" >&2; exit 1; }
echo "package.sh: built $OUT (go build $((t1 - t0))s, compile+vsce $((t2 - t1))s)"
