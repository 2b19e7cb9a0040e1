#!/usr/bin/env bash
# Tests .pre-commit-hooks.yaml with Debian's pre-commit, offline: a
# throwaway git repository holding a Django project installs the hooks from
# a copy of this checkout (its working tree, committed), pip takes the
# djls-security wheel from a local folder (PIP_FIND_LINKS, PIP_NO_INDEX).
# A commit with DEBUG = True is refused with the finding printed; the fix
# hook applies a safe fix; a clean commit is accepted.
# Usage: scripts/test-pre-commit.sh [WHEEL_DIR]  (default: builds the wheel)
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/djls-pre-commit.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pass=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
if ! command -v pre-commit >/dev/null; then
  [ -z "${CI:-}" ] || fail "pre-commit is not installed (apt-get install pre-commit)"
  echo "skip: pre-commit is not installed"; exit 0
fi

wheels=${1:-}
if [ -z "$wheels" ]; then
  wheels=$tmp/wheels
  "$repo/scripts/build-wheel.sh" "$wheels" >/dev/null
fi
export PIP_FIND_LINKS=$(cd "$wheels" && pwd) PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1
export PRE_COMMIT_HOME=$tmp/cache
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.com GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.com
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1

# The hook repository: this checkout's working tree (tracked and new files),
# committed, so uncommitted changes are what is tested.
hooks=$tmp/hooks
mkdir -p "$hooks"
(cd "$repo" && git ls-files -z --cached --others --exclude-standard | xargs -0 tar -cf - 2>/dev/null) | tar -xf - -C "$hooks" 2>/dev/null || true
git -C "$hooks" init -q && git -C "$hooks" add -A && git -C "$hooks" commit -qm hooks
rev=$(git -C "$hooks" rev-parse HEAD)

# The project: a Django settings module that is clean but for DEBUG.
proj=$tmp/proj
mkdir -p "$proj/mysite"
cd "$proj"
git init -q
printf 'import os, sys\nif __name__ == "__main__":\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n' >manage.py
printf 'Django==5.1\ngunicorn==23.0.0\n' >requirements.txt
printf '.env\n' >.gitignore
: >mysite/__init__.py
cat >mysite/settings.py <<'PY'
import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = os.environ["DJANGO_ALLOWED_HOSTS"].split(",")
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app", "PASSWORD": os.environ["DB_PASSWORD"], "CONN_MAX_AGE": 60}}
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
LOGGING = {"version": 1}
PY
write_config() {
  printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: %s\n' "$hooks" "$rev" "$1" >.pre-commit-config.yaml
  git add .pre-commit-config.yaml
}
write_config djls-security
if ! djls_out=$(cd "$repo" && go run ./cmd/djls check --fail-on info "$proj" 2>&1); then
  fail "the clean project has findings: $djls_out"
fi
pre-commit install >/dev/null
git add -A
git commit -qm "a clean project" >"$tmp/out.txt" 2>&1 || { cat "$tmp/out.txt" >&2; fail "the clean commit was refused"; }
ok "a clean commit is accepted"

sed -i 's/^DEBUG = False/DEBUG = True/' mysite/settings.py
git add mysite/settings.py
if git commit -qm "debug on" >"$tmp/out.txt" 2>&1; then
  cat "$tmp/out.txt" >&2; fail "the commit with DEBUG = True was accepted"
fi
grep -q 'mysite/settings.py:4:9: DJS001 \[error\]' "$tmp/out.txt" || { cat "$tmp/out.txt" >&2; fail "the refusal does not print the DJS001 finding"; }
grep -q '^djls-security\.*Failed' "$tmp/out.txt" || { cat "$tmp/out.txt" >&2; fail "pre-commit did not name the hook"; }
[ "$(git rev-list --count HEAD)" = 1 ] || fail "a commit was made"
ok "a commit with DEBUG = True is refused: $(grep -o 'DJS001 \[error\].*' "$tmp/out.txt" | head -1)"
[ ! -e "$tmp/cache/bin/djls" ] && ! find "$tmp/cache" -path '*/bin/djls' | grep -q . || fail "the hook environment has a djls command"

# The fix hook applies the safe fixes (DEBUG's is unsafe: it changes what
# runserver does, so it is left to the editor or --unsafe-fixes): an
# HttpOnly session cookie turned off is set back, the commit is refused
# because the hook changed a file, and the commit after it is accepted.
sed -i 's/^DEBUG = True/DEBUG = False/' mysite/settings.py
printf 'SESSION_COOKIE_HTTPONLY = False\n' >>mysite/settings.py
git add mysite/settings.py
write_config djls-security-fix
if git commit -qm "httponly off" >"$tmp/out.txt" 2>&1; then
  cat "$tmp/out.txt" >&2; fail "the fix hook let SESSION_COOKIE_HTTPONLY = False through"
fi
grep -q '^SESSION_COOKIE_HTTPONLY = True$' mysite/settings.py && grep -q 'files were modified by this hook' "$tmp/out.txt" ||
  { cat "$tmp/out.txt" mysite/settings.py >&2; fail "the fix hook did not rewrite SESSION_COOKIE_HTTPONLY"; }
ok "the fix hook rewrites SESSION_COOKIE_HTTPONLY = False to True and refuses the commit"
git add -A
git commit -qm "fixed" >"$tmp/out.txt" 2>&1 || { cat "$tmp/out.txt" >&2; fail "the fixed commit was refused"; }
ok "the fixed commit is accepted"
echo "pre-commit: $pass passed, 0 failed"
