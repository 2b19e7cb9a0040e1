#!/usr/bin/env bash
# Start-up figures of issue 14, measured side by side in one run:
#   - hyperfine: djls version, djls check of testdata/corpus/cookie and of
#     its production settings file, djls check of a throwaway one-module
#     Django project and of its settings file, and Django's own
#     `manage.py check --deploy` on that project (when python3 imports
#     Django), with a cgo hello world as the floor of any djls process;
#   - perf stat: page faults and task clock of the same djls commands;
#   - GODEBUG=inittrace=1: the sum over packages of each one's minimum init
#     clock, and the median wall time (@) at which main's init starts.
# Usage: scripts/bench-startup.sh [DJLS_BINARY]  (default: go build ./cmd/djls)
# Needs hyperfine; perf is optional. Quote `uptime` with the figures: the
# machine's other load moves them more than most changes do.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/djls-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
runs=${RUNS:-40}
djls=${1:-}
if [ -z "$djls" ]; then
  djls=$tmp/djls
  (cd "$repo" && go build -o "$djls" ./cmd/djls)
fi
py=${PYTHON:-/usr/bin/python3}

# The floor: a cgo program that does nothing (djls links tree-sitter's C).
mkdir -p "$tmp/hello"
cat >"$tmp/hello/main.go" <<'EOF'
package main

// int one(void) { return 1; }
import "C"
import "os"

func main() {
	if C.one() == 1 {
		os.Stdout.WriteString("hello\n")
	}
}
EOF
printf 'module hello\ngo 1.22\n' >"$tmp/hello/go.mod"
(cd "$tmp/hello" && go build -o "$tmp/cgo-hello" .)

# A one-module Django project: manage.py, settings.py, requirements.txt.
proj=$tmp/onemod
mkdir -p "$proj/mysite"
cat >"$proj/manage.py" <<'EOF'
#!/usr/bin/env python3
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)
EOF
: >"$proj/mysite/__init__.py"
echo 'urlpatterns = []' >"$proj/mysite/urls.py"
cat >"$proj/mysite/settings.py" <<'EOF'
import os

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-insecure-key")
DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"
ALLOWED_HOSTS = ["example.com"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "mysite.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}
STATIC_URL = "/static/"
EOF
echo 'Django>=3.2,<4' >"$proj/requirements.txt"

cookie=$repo/testdata/corpus/cookie
cmds=("$tmp/cgo-hello" "$djls version" "$djls check $cookie" "$djls check $cookie/config/settings/production.py"
  "$djls check $proj" "$djls check $proj/mysite/settings.py")
if "$py" -c 'import django' 2>/dev/null; then
  cmds+=("$py $proj/manage.py check --deploy")
else
  echo "(no Django for $py: its check is left out)"
fi
uptime
# -i: djls check exits 1 when it finds something, as it does here.
hyperfine -N -i -w 5 -r "$runs" "${cmds[@]}"
uptime

if command -v perf >/dev/null; then
  for c in "${cmds[@]:1:5}"; do
    echo "== perf stat: $c"
    # shellcheck disable=SC2086 # the command's words
    perf stat -e page-faults,task-clock -r 20 $c 2>&1 >/dev/null | grep -E 'page-faults|task-clock|elapsed' || true
  done
fi

echo "== GODEBUG=inittrace=1 $djls version, $runs runs"
for _ in $(seq "$runs"); do
  GODEBUG=inittrace=1 "$djls" version 2>&1 >/dev/null
done >"$tmp/inittrace"
awk '/^init / { c = $5; if (!($2 in min) || c < min[$2]) min[$2] = c }
  END { s = 0; for (p in min) s += min[p]; printf "sum of per-package minimum init clocks: %.2f ms (%d packages)\n", s, length(min) }' "$tmp/inittrace"
awk '/^init main / { print substr($3, 2) + 0 }' "$tmp/inittrace" | sort -n |
  awk '{ v[NR] = $1 } END { printf "main init starts at @%s ms (median of %d)\n", v[int((NR + 1) / 2)], NR }'
