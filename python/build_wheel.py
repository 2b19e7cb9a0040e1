#!/usr/bin/env python3
"""Builds the djls-security wheel around a djls binary built by Go.

    python3 python/build_wheel.py --binary BIN --platform TAG [--version V] [--out DIR]

The binary is installed as the command `djls-security` (`djls-security.exe`
on Windows), never `djls`: django-language-server's wheel installs a `djls`
command, and two wheels writing one script would break each other. A small
package, djls_security, also lets `python -m djls_security` find and run it.
scripts/build-wheel.sh builds the binary and calls this; the release
workflow calls it once per platform.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wheelfile  # noqa: E402

NAME = "djls-security"
SUMMARY = "Production-safety checks for Django settings: a linter (djls-security check) and language server"
HERE = os.path.dirname(os.path.abspath(__file__))

INIT_PY = '''"""The djls-security binary, installed as a command by this wheel."""

import os
import sys
import sysconfig


def find_djls_security_bin():
    """The path of the djls-security executable this package installed."""
    exe = "djls-security" + (".exe" if sys.platform == "win32" else "")
    candidates = [sysconfig.get_path("scripts")]
    user_scheme = {"nt": "nt_user", "posix": "posix_user"}.get(os.name)
    if sys.platform == "darwin" and "osx_framework_user" in sysconfig.get_scheme_names():
        user_scheme = "osx_framework_user"
    if user_scheme:
        candidates.append(sysconfig.get_path("scripts", scheme=user_scheme))
    for folder in candidates:
        path = os.path.join(folder, exe)
        if os.path.isfile(path):
            return path
    raise FileNotFoundError(exe + " is not installed beside this Python package")
'''

MAIN_PY = '''import os
import subprocess
import sys

from djls_security import find_djls_security_bin

if __name__ == "__main__":
    binary = find_djls_security_bin()
    if sys.platform == "win32":
        sys.exit(subprocess.run([binary, *sys.argv[1:]]).returncode)
    os.execv(binary, [binary, *sys.argv[1:]])
'''

README = """djls reads Django settings modules the way production will see them and
reports what would be unsafe there (DEBUG falling back to True, an insecure
SECRET_KEY default, ALLOWED_HOSTS = ['*'], missing HSTS and secure cookies,
CORS_ALLOW_ALL_ORIGINS, ...). It never imports or executes your code.

    pipx install djls-security
    djls-security check .            # text; --format json|sarif|github
    djls-security check --fix .      # apply the safe fixes
    djls-security serve              # the language server, on stdio

The command is `djls-security`, so this wheel installs beside
django-language-server (whose command is `djls`).
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", required=True, help="the djls executable built by go build")
    ap.add_argument("--platform", required=True, help="wheel platform tag, e.g. manylinux_2_17_x86_64.manylinux2014_x86_64")
    ap.add_argument("--version", default=read_version(), help="PEP 440 version (default: python/VERSION)")
    ap.add_argument("--out", default="dist", help="folder to write the wheel into")
    args = ap.parse_args()

    with open(args.binary, "rb") as f:
        binary = f.read()
    exe = "djls-security.exe" if args.platform.startswith("win") else "djls-security"
    meta = wheelfile.metadata(
        NAME,
        args.version,
        SUMMARY,
        extra=[
            "Home-page: https://github.com/djls-dev/djls",
            "License: MIT",
            "Classifier: License :: OSI Approved :: MIT License",
            "Requires-Python: >=3.8",
            "Classifier: Framework :: Django",
            "Classifier: Topic :: Security",
            "Description-Content-Type: text/plain",
        ],
        description=README,
    )
    info = "%s-%s.dist-info" % (wheelfile.normalize(NAME), args.version)
    with open(os.path.join(HERE, "..", "LICENSE"), "rb") as f:
        license_text = f.read()
    path = wheelfile.write_wheel(
        args.out,
        NAME,
        args.version,
        "py3-none-" + args.platform,
        files=[
            ("djls_security/__init__.py", INIT_PY.encode()),
            ("djls_security/__main__.py", MAIN_PY.encode()),
            (info + "/LICENSE", license_text),
        ],
        meta=meta,
        scripts=[(exe, binary)],
    )
    print(path)


def read_version():
    with open(os.path.join(HERE, "VERSION")) as f:
        return f.read().strip()


if __name__ == "__main__":
    main()
