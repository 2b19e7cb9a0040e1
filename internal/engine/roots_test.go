package engine

import (
	"path/filepath"
	"strings"
	"testing"
)

// A value written in a fragment that two production roots import is one
// finding, on the literal in the fragment, with related information naming
// each root through the import that brings the value in.
func TestInheritedValueOnceNamingEachRoot(t *testing.T) {
	root := writeProject(t, `
-- app/settings/base.py --
import os
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = ["example.org"]
DEBUG = True
-- app/settings/production.py --
from .base import *
SECURE_SSL_REDIRECT = True
-- app/settings/staging.py --
"""Staging."""
from .base import *
-- app/settings/local.py --
from .base import *
`)
	_, res := loadAndAnalyze(t, root)
	base := filepath.Join(root, "app/settings/base.py")
	var found int
	for path, f := range res.Files {
		for _, fd := range f.Findings {
			if fd.Code != "DJS001" {
				continue
			}
			found++
			if path != base || lineOf(f.Text, fd.Start) != 4 {
				t.Errorf("DJS001 at %s:%d, want base.py:4", path, lineOf(f.Text, fd.Start))
			}
			var roots []string
			for _, r := range fd.Related {
				rel, _ := filepath.Rel(root, r.Path)
				text := res.Files[r.Path].Text
				roots = append(roots, filepath.ToSlash(rel)+":"+itoa(lineOf(text, r.Start))+" "+r.Message)
			}
			want := []string{
				"app/settings/production.py:1 DEBUG reaches production through this module",
				"app/settings/staging.py:2 DEBUG reaches production through this module",
			}
			if strings.Join(roots, "\n") != strings.Join(want, "\n") {
				t.Errorf("related:\n%s\nwant:\n%s", strings.Join(roots, "\n"), strings.Join(want, "\n"))
			}
		}
	}
	if found != 1 {
		t.Errorf("%d DJS001 findings, want 1", found)
	}
}

func TestRoleByPath(t *testing.T) {
	for rel, want := range map[string]Role{
		"config/dev/settings.py":              Development,
		"settings/local/__init__.py":          Development,
		"backend/sandbox/dev/settings.py":     Development,
		"deploy/prod/settings.py":             Production,
		"shop/settings/production.py":         Production,
		"shop/settings/base.py":               Shared,
		"shop/settings.py":                    Shared,
		"tests/settings_prod.py":              Production, // the file's own name wins over its folders
		"developer_portal/settings/base.py":   Shared,     // tokens, not substrings
		"shop/settings/local_settings.py":     Development,
		"config/settings/staging/__init__.py": Production,
		"example/example/settings.py":         Development,
		"demo_project/settings.py":            Development,
		"docs/settings.py":                    Development,
		"dojo/settings/unittests.py":          Development,
		"tcms/settings/devel.py":              Development,
	} {
		if got := roleByPath(rel); got != want {
			t.Errorf("roleByPath(%q) = %s, want %s", rel, got, want)
		}
	}
}
