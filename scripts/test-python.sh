#!/usr/bin/env bash
# The Python-side distribution, end to end and offline: builds the
# djls-security wheel once, then tests it in a venv and with pipx
# (test-wheel.sh), as a pre-commit hook (test-pre-commit.sh) and as the
# GitHub Action (test-action.sh). .ci/run runs this; needs python3 with
# venv, pipx, pre-commit and python3-yaml (apt).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
wheels=$(mktemp -d "${TMPDIR:-/tmp}/djls-wheels.XXXXXX")
trap 'rm -rf "$wheels"' EXIT
start=$(date +%s)
wheel=$("$repo/scripts/build-wheel.sh" "$wheels" | tail -n1)
echo "test-python: built $(basename "$wheel") in $(($(date +%s) - start))s"
bash "$repo/scripts/test-wheel.sh" "$wheel"
bash "$repo/scripts/test-pre-commit.sh" "$wheels"
bash "$repo/scripts/test-action.sh" "$wheels"
echo "test-python: done in $(($(date +%s) - start))s"
