#!/usr/bin/env bash
# Tests the djls-security wheel as a Python developer meets it, offline:
#   1. a fresh venv: `pip install --no-index WHEEL`, then `djls-security check`
#      prints what `go run ./cmd/djls check` prints;
#   2. beside a stand-in for django-language-server (a wheel that installs a
#      `djls` command), in either order: neither command is overwritten, and
#      uninstalling djls-security leaves `djls`;
#   3. `pipx install` of the wheel;
#   4. `python -m djls_security`.
# Usage: scripts/test-wheel.sh [WHEEL]   (default: builds one with
# scripts/build-wheel.sh). Needs python3 with venv, and pipx (apt: pipx).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
python=${PYTHON:-python3}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/djls-wheel-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
pass=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

wheel=${1:-}
if [ -z "$wheel" ]; then
  wheel=$(scripts/build-wheel.sh "$tmp/wheels" | tail -n1)
fi
echo "wheel: $(basename "$wheel")"

# The stand-in for django-language-server: a wheel whose one command is djls.
standin=$("$python" - "$tmp/standin" <<'PY'
import sys
sys.path.insert(0, "python")
import wheelfile
meta = wheelfile.metadata("django-language-server", "0.0.1", "stand-in")
print(wheelfile.write_wheel(sys.argv[1], "django-language-server", "0.0.1", "py3-none-any",
      files=[], meta=meta, scripts=[("djls", b"#!/bin/sh\necho django-language-server \"$@\"\n")]))
PY
)

# 1. A fresh venv: the same findings as the Go build.
want=$tmp/want.txt
set +e
go run ./cmd/djls check testdata/corpus/maisha >"$want" 2>"$tmp/want.err"
want_rc=$?
set -e
# go run adds its own "exit status 1" to stderr; the rest must match too.
grep -v '^exit status ' "$tmp/want.err" >>"$want" || true
[ "$want_rc" = 1 ] || fail "go run ./cmd/djls check exited $want_rc, want 1"
"$python" -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install -q "$wheel"
[ ! -e "$tmp/venv/bin/djls" ] || fail "the wheel installed a djls command"
set +e
"$tmp/venv/bin/djls-security" check testdata/corpus/maisha >"$tmp/got.txt" 2>"$tmp/got.err"
got_rc=$?
set -e
cat "$tmp/got.err" >>"$tmp/got.txt"
[ "$got_rc" = "$want_rc" ] || fail "djls-security check exited $got_rc, want $want_rc"
diff -u "$want" "$tmp/got.txt" || fail "djls-security check differs from go run ./cmd/djls check"
ok "venv: djls-security check testdata/corpus/maisha = go run ./cmd/djls check ($(grep -c ': DJS' "$want") findings)"

# 4. python -m djls_security runs the same binary.
"$tmp/venv/bin/python" -m djls_security version | grep -q "^djls $(cat python/VERSION)$" ||
  fail "python -m djls_security version: $("$tmp/venv/bin/python" -m djls_security version 2>&1)"
ok "python -m djls_security version"

# 2. Beside django-language-server's djls, in either order.
for order in "$standin $wheel" "$wheel $standin"; do
  rm -rf "$tmp/both"
  "$python" -m venv "$tmp/both"
  for w in $order; do "$tmp/both/bin/pip" install -q "$w"; done
  [ "$("$tmp/both/bin/djls" check)" = "django-language-server check" ] || fail "djls was overwritten (install order: $order)"
  "$tmp/both/bin/djls-security" version >/dev/null || fail "djls-security does not run beside djls"
done
"$tmp/both/bin/pip" uninstall -q -y djls-security
[ "$("$tmp/both/bin/djls" check)" = "django-language-server check" ] || fail "uninstalling djls-security broke djls"
ok "beside a stand-in django-language-server: djls and djls-security both work, in either order"

# 3. pipx, in a home of its own.
if command -v pipx >/dev/null; then
  export PIPX_HOME=$tmp/pipx PIPX_BIN_DIR=$tmp/pipx-bin
  pipx install --pip-args=--no-index "$wheel" >"$tmp/pipx.log" 2>&1 || { cat "$tmp/pipx.log" >&2; fail "pipx install"; }
  set +e
  "$PIPX_BIN_DIR/djls-security" check testdata/corpus/maisha >"$tmp/pipx.txt" 2>"$tmp/pipx.err"
  set -e
  cat "$tmp/pipx.err" >>"$tmp/pipx.txt"
  diff -u "$want" "$tmp/pipx.txt" || fail "pipx's djls-security check differs"
  [ ! -e "$PIPX_BIN_DIR/djls" ] || fail "pipx exposed a djls command"
  ok "pipx install: djls-security check = go run ./cmd/djls check"
elif [ -n "${CI:-}" ]; then
  fail "pipx is not installed (apt-get install pipx)"
else
  echo "skip: pipx is not installed"
fi
echo "wheel: $pass passed, 0 failed"
