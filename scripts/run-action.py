#!/usr/bin/env python3
"""Runs action.yml's steps here, as a GitHub runner would, but for `uses:`
steps (the code scanning upload), which are printed and checked instead:
their `with:` values are resolved and a sarif_file must exist.

    run-action.py [--input NAME=VALUE]... [--workspace DIR]

Supports what action.yml uses: ${{ inputs.X }}, ${{ github.action_path }},
${{ steps.ID.outputs.X }} in env/with values, `if: inputs.X == 'v'`, bash
steps (run as GitHub does: bash --noprofile --norc -eo pipefail), step
outputs through GITHUB_OUTPUT. Exits with the status of the first failing
step, else 0. Needs PyYAML (Debian: python3-yaml).
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ACTION_PATH = os.path.dirname(HERE)
EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", action="append", default=[], help="NAME=VALUE")
    ap.add_argument("--workspace", default=os.getcwd())
    args = ap.parse_args()
    with open(os.path.join(ACTION_PATH, "action.yml"), encoding="utf-8") as f:
        action = yaml.safe_load(f)

    inputs = {name: str(spec.get("default", "")) for name, spec in action.get("inputs", {}).items()}
    for kv in args.input:
        name, _, value = kv.partition("=")
        if name not in inputs:
            sys.exit("run-action: action.yml has no input %r" % name)
        inputs[name] = value
    steps_out = {}
    ctx = {"inputs": inputs, "steps": steps_out}
    runner_temp = tempfile.mkdtemp(prefix="djls-action-")

    def resolve(text):
        return EXPR.sub(lambda m: evaluate(m.group(1), ctx), str(text))

    for i, step in enumerate(action["runs"]["steps"]):
        label = step.get("name") or step.get("id") or "step %d" % i
        cond = step.get("if")
        if cond is not None and not condition(cond, ctx):
            print("run-action: skip %s (if: %s)" % (label, cond))
            continue
        if "uses" in step:
            with_ = {k: resolve(v) for k, v in step.get("with", {}).items()}
            print("run-action: not run here: %s (uses %s, with %s)" % (label, step["uses"], with_))
            sarif = with_.get("sarif_file")
            if sarif is not None and not os.path.isfile(os.path.join(args.workspace, sarif)):
                print("run-action: %s: sarif_file %r does not exist" % (label, sarif))
                return 1
            continue
        out_file = os.path.join(runner_temp, "output-%d" % i)
        open(out_file, "w").close()
        env = dict(os.environ)
        env.update({k: resolve(v) for k, v in step.get("env", {}).items()})
        env.update(
            GITHUB_OUTPUT=out_file,
            GITHUB_PATH=os.path.join(runner_temp, "path"),
            GITHUB_WORKSPACE=args.workspace,
            GITHUB_ACTION_PATH=ACTION_PATH,
            RUNNER_TEMP=runner_temp,
        )
        if step.get("shell") != "bash":
            sys.exit("run-action: %s: only bash steps are supported" % label)
        print("run-action: run %s" % label, flush=True)
        rc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", resolve(step["run"])], cwd=args.workspace, env=env).returncode
        if "id" in step:
            steps_out[step["id"]] = read_outputs(out_file)
        if rc != 0:
            print("run-action: %s failed (exit %d)" % (label, rc))
            return rc
    return 0


def evaluate(expr, ctx):
    """The value of inputs.X, github.action_path or steps.ID.outputs.X."""
    if expr == "github.action_path":
        return ACTION_PATH
    parts = expr.split(".")
    if parts[0] == "inputs" and len(parts) == 2:
        return ctx["inputs"][parts[1]]
    if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
        return ctx["steps"].get(parts[1], {}).get(parts[3], "")
    raise SystemExit("run-action: unsupported expression ${{ %s }}" % expr)


def condition(cond, ctx):
    m = re.fullmatch(r"\s*(\S+)\s*==\s*'([^']*)'\s*", cond)
    if not m:
        raise SystemExit("run-action: unsupported if: %s" % cond)
    return evaluate(m.group(1), ctx) == m.group(2)


def read_outputs(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            name, sep, value = line.rstrip("\n").partition("=")
            if sep:
                out[name] = value
    return out


if __name__ == "__main__":
    sys.exit(main())
