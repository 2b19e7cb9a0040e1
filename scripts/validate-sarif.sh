#!/usr/bin/env bash
# Validates `djls check --format sarif` with Microsoft's SARIF validator
# (@microsoft/sarif-multitool from npm), the SARIF 2.1.0 rules and GitHub's
# ingestion rules (--rule-kind "Sarif;Ghas"), on every corpus project and
# on a repository whose paths hold spaces and non-ASCII characters. Also
# checks what the validator does not: every result's URI, resolved against
# %SRCROOT%, names a file that exists, and no two results of a run share a
# fingerprint. Fails on any validator error or warning.
#
# The tool is installed once into SARIF_TOOL_DIR (default
# ~/.cache/djls-sarif-multitool); needs node/npm and python3.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
tool_version=5.7.0
tool_dir=${SARIF_TOOL_DIR:-$HOME/.cache/djls-sarif-multitool}
tool=$tool_dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ ! -e "$tool" ] || ! grep -q "\"version\": \"$tool_version\"" "$tool_dir/node_modules/@microsoft/sarif-multitool/package.json" 2>/dev/null; then
  mkdir -p "$tool_dir"
  npm install --prefix "$tool_dir" --no-save --no-audit --no-fund --loglevel=error "@microsoft/sarif-multitool@$tool_version" >/dev/null
fi
chmod u+x "$tool" # its postinstall does this, but npm 11 skips install scripts
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/djls-sarif.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
go build -o "$tmp/djls" ./cmd/djls
mkdir "$tmp/logs"
# pairs of (log, folder it was made in): URIs resolve against that folder's repository
: >"$tmp/runs.txt"

n=0
for dir in testdata/corpus/*/ testdata/corpus-v2/*/; do
  name=$(basename "$dir")
  "$tmp/djls" check --format sarif --fail-on never "$dir" >"$tmp/logs/$name.sarif"
  printf '%s\t%s\n' "$tmp/logs/$name.sarif" "$repo" >>"$tmp/runs.txt"
  n=$((n + 1))
done

# A repository whose paths hold spaces, non-ASCII letters and URI
# delimiters, checked from a subfolder.
odd="$tmp/odd repo"
proj="$odd/Mon projet #1 (100%)"
mkdir -p "$odd/.git" "$proj/café/settings" "$proj/日本"
cd "$proj"
printf 'Django==5.1\n' >requirements.txt
: >manage.py
: >café/__init__.py; : >café/settings/__init__.py
printf 'import os\nDEBUG = True\nSECRET_KEY = "django-insecure-abc"\nALLOWED_HOSTS = ["*"]\nCORS_ALLOWED_ORIGINS = [\n    "http://localhost:3000",\n    "http://localhost:3001",\n]\n' >café/settings/base.py
printf 'from .base import *\nDATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db"}}\n' >café/settings/production.py
printf 'DEBUG = True\nALLOWED_HOSTS = ["*"]\n' >"日本/settings.py"
"$tmp/djls" check --format sarif --fail-on never . >"$tmp/logs/odd-paths.sarif"
printf '%s\t%s\n' "$tmp/logs/odd-paths.sarif" "$proj" >>"$tmp/runs.txt"
n=$((n + 1))
cd "$repo"

# The validator: one log per corpus project plus the odd-paths one.
"$tool" validate --rule-kind "Sarif;Ghas" --log ForceOverwrite -o "$tmp/validation.sarif" "$tmp/logs"/*.sarif >"$tmp/validation.txt" 2>&1 || true
if grep -E ': (error|warning) ' "$tmp/validation.txt"; then
  echo "validate-sarif: the SARIF validator reports the problems above" >&2
  exit 1
fi
grep -q 'Analysis completed successfully' "$tmp/validation.txt" || { cat "$tmp/validation.txt" >&2; exit 1; }

python3 - "$tmp/runs.txt" <<'PY'
import json, os, sys, urllib.parse
bad = 0
results = 0
for line in open(sys.argv[1], encoding="utf-8"):
    log_path, _ = line.rstrip("\n").split("\t")
    run = json.load(open(log_path, encoding="utf-8"))["runs"][0]
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    seen = {}
    for r in run["results"]:
        results += 1
        fp = json.dumps(r.get("partialFingerprints"), sort_keys=True)
        if fp in seen:
            print("%s: results %s and %s share the fingerprint %s" % (log_path, seen[fp], r["ruleId"], fp)); bad += 1
        seen[fp] = r["ruleId"]
        for loc in r["locations"] + r.get("relatedLocations", []):
            art = loc["physicalLocation"]["artifactLocation"]
            uri = urllib.parse.urljoin(base, art["uri"]) if art.get("uriBaseId") == "%SRCROOT%" else art["uri"]
            path = urllib.parse.unquote(urllib.parse.urlparse(uri).path)
            if not os.path.exists(path):
                print("%s: %s resolves to %s, which does not exist" % (log_path, art, path)); bad += 1
if results == 0:
    print("no results at all"); bad += 1
sys.exit(1 if bad else 0)
PY
echo "validate-sarif: $n logs valid (SARIF 2.1.0 and GitHub ingestion rules), URIs resolve, fingerprints unique"
