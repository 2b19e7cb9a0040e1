package engine

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestSettingsNotReadAreReported: a settings module in a form djls does
// not read is listed with why, never skipped in silence; one it reads is
// not.
func TestSettingsNotReadAreReported(t *testing.T) {
	root := writeProject(t, `-- a/settings.py --
from configurations import values
from vendor.settings import VendorConfiguration

class Production(VendorConfiguration):
    DEBUG = values.BooleanValue(True)
-- b/settings.py --
import os
for k, v in os.environ.items():
    globals()[k] = v
-- c/settings/__init__.py --
import importlib, os
settings = importlib.import_module("c.settings." + os.environ["ENV"])
-- d/settings/__init__.py --
-- e/settings.py --
from configurations import Configuration, values
from storages.backends.s3boto3 import S3Boto3Storage

class StaticStorage(S3Boto3Storage):
    location = 'static'

class Production(Configuration):
    DEBUG = values.BooleanValue(False)
-- f/settings.py --
from configurations import Configuration, values
from vendor.settings import VendorBase

class Common(Configuration):
    DEBUG = values.BooleanValue(False)

class Production(VendorBase):
    DEBUG = False
-- g/settings/base.py --
import os
SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False
for name in os.environ:
    globals()[name] = os.environ.get(name)
-- g/settings/production.py --
from .base import *
ALLOWED_HOSTS = ["example.org"]
`)
	ws, err := Load(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := ws.Analyze(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"a/settings.py":          "django-configurations class Production derives from a class djls cannot read",
		"b/settings.py":          "its settings are written by code djls does not follow (line 3:",
		"c/settings/__init__.py": "it loads its settings through importlib",
		"f/settings.py":          "django-configurations class Production derives from a class djls cannot read",
		// Judged, but in part: what is not assigned after the write is unknown.
		"g/settings/production.py": "judged in part: code at g/settings/base.py:5 (a globals() or vars() write",
	}
	for rel, prefix := range want {
		got := res.NotRead[filepath.Join(root, filepath.FromSlash(rel))]
		if !strings.HasPrefix(got, prefix) {
			t.Errorf("%s: NotRead = %q, want %q...", rel, got, prefix)
		}
	}
	if len(res.NotRead) != len(want) {
		t.Errorf("NotRead = %v, want only %d modules", res.NotRead, len(want))
	}
}
