#!/usr/bin/env bash
# Runs action.yml's own steps here (scripts/run-action.py), all but the
# code scanning upload, against a throwaway repository holding a Django
# project in a folder with a space: the wheel is installed offline from a
# local folder (PIP_FIND_LINKS, PIP_NO_INDEX), the SARIF log is written with
# URIs relative to the repository root, django-version reaches the check,
# and fail-on decides the job's status.
# Usage: scripts/test-action.sh [WHEEL_DIR]  (default: builds the wheel).
# Needs python3 with venv, and PyYAML (Debian: python3-yaml).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/djls-action.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pass=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
py=python3
for candidate in python3 /usr/bin/python3; do
  if "$candidate" -c 'import yaml' 2>/dev/null; then py=$candidate; break; fi
done
"$py" -c 'import yaml' 2>/dev/null || fail "PyYAML is missing (apt-get install python3-yaml)"

wheels=${1:-}
if [ -z "$wheels" ]; then
  wheels=$tmp/wheels
  "$repo/scripts/build-wheel.sh" "$wheels" >/dev/null
fi
export PIP_FIND_LINKS=$(cd "$wheels" && pwd) PIP_NO_INDEX=1

ws=$tmp/ws
mkdir -p "$ws/.git" "$ws/my app/config"
cd "$ws"
printf '.env\n' >.gitignore
printf 'Django==4.1\ngunicorn\n' >"my app/requirements.txt"
: >"my app/manage.py"
cat >"my app/config/settings.py" <<'PY'
import os
SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = True
ALLOWED_HOSTS = ["example.org"]
STATICFILES_STORAGE = "x.Storage"
PY
run() { "$py" "$repo/scripts/run-action.py" --workspace "$ws" "$@" >"$tmp/out.txt" 2>&1; }

# fail-on error with DEBUG = True: the job fails after the (skipped) upload.
set +e
run --input "paths=my app" --input fail-on=error --input django-version=5.1
rc=$?
set -e
cat "$tmp/out.txt"
[ "$rc" = 1 ] || fail "fail-on error with DJS001: exit $rc, want 1"
grep -q "run-action: not run here: Upload to code scanning (uses github/codeql-action/upload-sarif@v3, with {'sarif_file': 'djls-security.sarif', 'category': 'djls-security'})" "$tmp/out.txt" || fail "the upload step did not get the SARIF file"
grep -q '^run-action: Fail on findings failed (exit 1)' "$tmp/out.txt" || fail "the last step did not fail the job"
grep -q 'my app/config/settings.py:3:9: DJS001 \[error\]' "$tmp/out.txt" || fail "the log does not show the finding as text"
"$py" - "$ws/djls-security.sarif" <<'PY' || fail "the SARIF log is not what code scanning needs"
import json, sys
run = json.load(open(sys.argv[1], encoding="utf-8"))["runs"][0]
got = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in run["results"]}
want = {("DJS001", "my%20app/config/settings.py"), ("DJS701", "my%20app/config/settings.py")}
assert want <= got, got
assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/ws/"), run["originalUriBaseIds"]
PY
ok "fail-on error: the job fails on DJS001, the SARIF log (DJS001, and DJS701 from django-version 5.1) goes to the upload"

run --input "paths=my app" --input fail-on=never || { cat "$tmp/out.txt"; fail "fail-on never failed"; }
grep -q '"ruleId": "DJS701"' "$ws/djls-security.sarif" && fail "without django-version, Django 4.1 from requirements should not give DJS701"
ok "fail-on never: the job passes; without django-version the requirements' Django 4.1 is used"

run --input upload=false --input fail-on=never --input sarif-file=out.sarif || { cat "$tmp/out.txt"; fail "upload=false failed"; }
grep -q "^run-action: skip Upload to code scanning" "$tmp/out.txt" && [ -s "$ws/out.sarif" ] || { cat "$tmp/out.txt"; fail "upload=false did not skip the upload"; }
ok "upload false: no upload; sarif-file names the log"

set +e
run --input django-version=five
rc=$?
set -e
[ "$rc" = 2 ] && grep -q 'django-version must be a version' "$tmp/out.txt" || { cat "$tmp/out.txt"; fail "a bad django-version: exit $rc, want 2 at the check"; }
ok "a bad django-version fails the check step (exit 2)"
echo "action: $pass passed, 0 failed"
