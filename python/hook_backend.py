"""PEP 517 build backend for this repository as a pre-commit hook repo.

pre-commit installs a `language: python` hook by pip-installing the hook
repository itself. This backend (pyproject.toml names it, with
backend-path) builds that install: a wheel with no code whose one
requirement is djls-security at this checkout's version, which carries the
binary. It needs nothing beyond the standard library, so pip builds it with
no package index (setuptools would have to be downloaded first); the
djls-security wheel comes from the index, or from PIP_FIND_LINKS offline.
"""

import os

import wheelfile

NAME = "djls-security-pre-commit"
HERE = os.path.dirname(os.path.abspath(__file__))


def _version():
    with open(os.path.join(HERE, "VERSION")) as f:
        return f.read().strip()


def _metadata():
    version = _version()
    return version, wheelfile.metadata(
        NAME,
        version,
        "pre-commit hooks for djls-security (Django settings checks)",
        requires=["djls-security==" + version],
    )


def get_requires_for_build_wheel(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    version, meta = _metadata()
    info = "%s-%s.dist-info" % (wheelfile.normalize(NAME), version)
    os.makedirs(os.path.join(metadata_directory, info), exist_ok=True)
    with open(os.path.join(metadata_directory, info, "METADATA"), "w") as f:
        f.write(meta)
    return info


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    version, meta = _metadata()
    path = wheelfile.write_wheel(wheel_directory, NAME, version, "py3-none-any", files=[], meta=meta)
    return os.path.basename(path)
