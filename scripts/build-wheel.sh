#!/usr/bin/env bash
# Builds the djls-security wheel for this machine's OS and CPU:
#
#   scripts/build-wheel.sh [OUT_DIR]        (default: dist/)
#
# prints the wheel's path. On Linux the binary is linked statically (glibc's
# libc.a, netgo/osusergo so nothing needs NSS or dlopen) and the script
# refuses a binary that is not static: a binary that needs no libc runs on
# every glibc and musl system Go supports, so the wheel claims
# manylinux_2_17 (manylinux2014: CentOS 7's kernel 3.10 is above Go's
# minimum, Linux 3.2) and musllinux_1_1. Elsewhere PLATFORM_TAG must be set
# (the release workflow sets it per runner). Env: VERSION (default
# python/VERSION), DJLS_BINARY (wrap an already built binary instead of
# building one), PLATFORM_TAG, PYTHON (default python3).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$repo/dist}
mkdir -p "$out"
out=$(cd "$out" && pwd)
version=${VERSION:-$(cat "$repo/python/VERSION")}
python=${PYTHON:-python3}
os=$(go env GOOS)
arch=$(go env GOARCH)

if [ -z "${PLATFORM_TAG:-}" ]; then
  case "$os/$arch" in
    linux/amd64) m=x86_64 ;;
    linux/arm64) m=aarch64 ;;
    *) echo "build-wheel.sh: set PLATFORM_TAG for $os/$arch (see .github/workflows/release.yml)" >&2; exit 2 ;;
  esac
  PLATFORM_TAG="manylinux_2_17_$m.manylinux2014_$m.musllinux_1_1_$m"
fi

exe=djls-security; [ "$os" = windows ] && exe=djls-security.exe
work=$(mktemp -d "${TMPDIR:-/tmp}/djls-wheel.XXXXXX")
trap 'rm -rf "$work"' EXIT
bin=${DJLS_BINARY:-}
if [ -z "$bin" ]; then
  bin=$work/$exe
  ldflags="-s -w -X main.version=$version"
  case "$os" in
    # Linux: no libc to load. Windows: no MinGW runtime DLL to ship.
    linux | windows) ldflags="$ldflags -linkmode external -extldflags -static" ;;
  esac
  (cd "$repo" && CGO_ENABLED=1 go build -trimpath -tags osusergo,netgo -ldflags "$ldflags" -o "$bin" ./cmd/djls)
fi
if [ "$os" = linux ] && [[ "$PLATFORM_TAG" == *manylinux* || "$PLATFORM_TAG" == *musllinux* ]]; then
  # The platform tag is only true of a binary that loads no libc.
  if readelf -l "$bin" | grep -q 'INTERP\|interpreter'; then
    echo "build-wheel.sh: $bin is dynamically linked; its tag would claim more than it runs on" >&2
    exit 1
  fi
fi
"$python" "$repo/python/build_wheel.py" --binary "$bin" --platform "$PLATFORM_TAG" --version "$version" --out "$out"
