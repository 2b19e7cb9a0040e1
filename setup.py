"""Makes this repository pip-installable for pre-commit alone.

pre-commit installs a `language: python` hook (.pre-commit-hooks.yaml) by
running `pip install .` in the hook repository: this gives a package with
no code that requires djls-security, the wheel carrying the djls binary
(built by scripts/build-wheel.sh), at the version in python/VERSION, so
the hooks need no Go or C compiler. It is a setup.py, not a
pyproject.toml, because djls reads every pyproject.toml up to the
repository root as a project file of the Django projects it checks, and
the example projects under testdata live in this repository.
"""

import os

from setuptools import setup

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "python", "VERSION")) as f:
    VERSION = f.read().strip()

setup(
    name="djls-security-pre-commit",
    version=VERSION,
    description="pre-commit hooks for djls-security (Django settings checks)",
    install_requires=["djls-security==" + VERSION],
    packages=[],
    py_modules=[],
)
