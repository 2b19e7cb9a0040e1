package main

import (
	"strings"
	"testing"
)

// TestDjangoVersionFlag: --django-version overrides the version read from
// requirements (STATICFILES_STORAGE is removed in 5.1, fine in 4.1), yields
// to the project's configuration, and rejects what is not a version.
func TestDjangoVersionFlag(t *testing.T) {
	files := map[string]string{
		"app/settings.py":  clean + "STATICFILES_STORAGE = 'x.Storage'\n",
		"requirements.txt": "Django==4.1\ngunicorn\n",
		".gitignore":       ".env\n",
	}
	root := project(t, files)
	code, out, _ := runCLI(t, "check", root)
	if code != 0 || strings.Contains(out, "DJS701") {
		t.Fatalf("Django 4.1 from requirements: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "check", "--django-version", "5.1", root)
	if code != 1 || !strings.Contains(out, "DJS701 [warning] STATICFILES_STORAGE is removed in Django 5.1") {
		t.Errorf("--django-version 5.1: exit %d\n%s", code, out)
	}
	files["djls-security.toml"] = "django-version = \"4.1\"\n"
	if code, out, _ = runCLI(t, "check", "--django-version", "5.1", project(t, files)); code != 0 {
		t.Errorf("the project's django-version should win: exit %d\n%s", code, out)
	}
	code, _, errb := runCLI(t, "check", "--django-version", "five", root)
	if code != 2 || !strings.Contains(errb, `--django-version must be a version like 4.2, not "five"`) {
		t.Errorf("--django-version five: exit %d, stderr %q", code, errb)
	}
}
