"""Writes wheels (PEP 427) with the standard library alone.

A wheel is a zip: the files to install, a NAME-VERSION.dist-info folder
with METADATA, WHEEL and RECORD (every file's sha256 and size), and an
optional NAME-VERSION.data/scripts folder whose files pip installs into the
environment's bin (Scripts on Windows) as they are. No build tool or package
index is needed, so the wheels can be built and tested offline.
"""

import base64
import hashlib
import os
import zipfile

# A fixed timestamp keeps the wheel's bytes a function of its contents.
ZIP_DATE = (2020, 1, 1, 0, 0, 0)


def normalize(name):
    """The distribution name as wheel file names spell it (PEP 427/503)."""
    return name.replace("-", "_").replace(".", "_").lower()


def _record_hash(data):
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def metadata(name, version, summary, requires=(), extra=(), description=""):
    """The METADATA file (core metadata 2.1) as text; the description is its body."""
    lines = [
        "Metadata-Version: 2.1",
        "Name: " + name,
        "Version: " + version,
        "Summary: " + summary,
    ]
    lines += list(extra)
    lines += ["Requires-Dist: " + r for r in requires]
    text = "\n".join(lines) + "\n"
    if description:
        text += "\n" + description
    return text


def write_wheel(out_dir, name, version, tag, files, meta, scripts=()):
    """Writes NAME-VERSION-TAG.whl into out_dir and returns its path.

    files: (path in the wheel, bytes) for importable files;
    scripts: (file name, bytes) installed as commands, executable;
    meta: the METADATA text. tag is "py3-none-<platform>".
    """
    dist = normalize(name)
    info = "%s-%s.dist-info" % (dist, version)
    data = "%s-%s.data" % (dist, version)
    wheel_meta = "Wheel-Version: 1.0\nGenerator: djls python/wheelfile.py\nRoot-Is-Purelib: %s\n" % (
        "true" if tag.endswith("-any") else "false"
    )
    for t in _expand_tags(tag):
        wheel_meta += "Tag: %s\n" % t
    entries = [(p, b, 0o644) for p, b in files]
    entries += [("%s/scripts/%s" % (data, n), b, 0o755) for n, b in scripts]
    entries += [
        (info + "/METADATA", meta.encode(), 0o644),
        (info + "/WHEEL", wheel_meta.encode(), 0o644),
    ]
    record = "".join("%s,%s,%d\n" % (p, _record_hash(b), len(b)) for p, b, _ in entries)
    record += info + "/RECORD,,\n"
    entries.append((info + "/RECORD", record.encode(), 0o644))

    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "%s-%s-%s.whl" % (dist, version, tag))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for p, b, mode in entries:
            zi = zipfile.ZipInfo(p, ZIP_DATE)
            zi.external_attr = (0o100000 | mode) << 16  # a regular file with its mode
            zi.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(zi, b)
    return path


def _expand_tags(tag):
    """The tags a compressed tag set stands for: py3-none-a.b gives two."""
    py, abi, plats = tag.split("-")
    return ["%s-%s-%s" % (p, a, pl) for p in py.split(".") for a in abi.split(".") for pl in plats.split(".")]
