"""Runs Django's deploy checks on settings modules for the differential test.

Usage: python3 -B driver.py < cases.json
where cases.json is a list of {"dir": DIR, "module": DOTTED.NAME}.

Prints one JSON object per line: first {"django": VERSION}, then for each
case {"dir": DIR, "ids": [...]} with the IDs `manage.py check --deploy`
would show (silenced ones left out) and 4_0.E001 by Django 4.0's test, or
{"dir": DIR, "error": TRACEBACK}.

Django is imported once; each module is checked in a forked child, so no
settings, app registry or imported module leaks from one case to the next and
no case pays for Django's import again.
"""
import json
import os
import sys
import traceback

import django
from django.core import checks

# Imported before forking, for speed only: most of django.setup()'s time is
# spent importing these, and none of them reads a setting at import time
# (settings are not configured yet, so one that did would fail here).
import decouple  # noqa: F401
import django.db.backends.sqlite3.base  # noqa: F401
import django.db.models  # noqa: F401
import django.urls  # noqa: F401
import django.utils.log  # noqa: F401
import environ  # noqa: F401


def check(case):
    sys.path.insert(0, case["dir"])
    os.environ["DJANGO_SETTINGS_MODULE"] = case["module"]
    django.setup()
    msgs = checks.run_checks(include_deployment_checks=True)
    ids = {m.id for m in msgs if not m.is_silenced()}
    return sorted(ids | csrf_trusted_origins_4_0())


def csrf_trusted_origins_4_0():
    """Django 4.0's check_csrf_trusted_origins (4_0.E001), which 3.2 lacks,
    as django/core/checks/compatibility/django_4_0.py writes it."""
    from django.conf import settings

    if any("://" not in origin for origin in settings.CSRF_TRUSTED_ORIGINS):
        return {"4_0.E001"}
    return set()


def main():
    print(json.dumps({"django": django.get_version()}), flush=True)
    for case in json.load(sys.stdin):
        d = case["dir"]
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            try:
                out = {"dir": d, "ids": check(case)}
            except BaseException:
                out = {"dir": d, "error": traceback.format_exc()}
            with os.fdopen(w, "w") as f:
                json.dump(out, f)
            os._exit(0)
        os.close(w)
        with os.fdopen(r) as f:
            data = f.read()
        _, status = os.waitpid(pid, 0)
        if not data:
            data = json.dumps({"dir": d, "error": "checker died, wait status %d" % status})
        print(data, flush=True)


main()
