package engine

import (
	"path/filepath"
	"strings"
	"testing"
)

// underlined returns what the only finding of code underlines (its file
// relative to root, and the text of its range), and the text from its start
// to the end of that line.
func underlined(t *testing.T, res *Result, root, code string) (file, text, rest string) {
	t.Helper()
	n := 0
	for p, f := range res.Files {
		for _, fd := range f.Findings {
			if fd.Code == code {
				n++
				rel, _ := filepath.Rel(root, p)
				file, text = filepath.ToSlash(rel), string(f.Text[fd.Start:fd.End])
				rest, _, _ = strings.Cut(string(f.Text[fd.Start:]), "\n")
			}
		}
	}
	if n != 1 {
		t.Fatalf("%d %s findings, want 1", n, code)
	}
	return file, text, rest
}

const rangesSettings = `import os
SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["example.org"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ["DATABASE_NAME"],
    }
}
`

// TestDatabaseFindingUnderlinesTheAlias: DJS503 sits on the alias key, not
// on the whole entry dict.
func TestDatabaseFindingUnderlinesTheAlias(t *testing.T) {
	root := writeProject(t, "-- app/settings.py --\n"+rangesSettings+"-- djls-security.toml --\nignore = [\"DJS901\"]\n")
	_, res := loadAndAnalyze(t, root)
	if file, text, _ := underlined(t, res, root, "DJS503"); file != "app/settings.py" || text != `"default"` {
		t.Errorf("DJS503 underlines %q in %s, want \"default\" in app/settings.py", text, file)
	}
}

// TestEnvFileFindingIsZeroWidth: DJS801 is a point, on .gitignore's first
// line or, with no .gitignore, at the settings' first env read: it never
// underlines unrelated code.
func TestEnvFileFindingIsZeroWidth(t *testing.T) {
	for name, c := range map[string]struct{ gitignore, file, at string }{
		"gitignore without .env": {"node_modules/\n", ".gitignore", "node_modules/"},
		"no gitignore":           {"<none>\n", "app/settings.py", `os.environ["SECRET_KEY"]`},
	} {
		root := writeProject(t, "-- app/settings.py --\n"+rangesSettings+"-- .gitignore --\n"+c.gitignore+"-- app/.env --\nSECRET_KEY=x\n")
		_, res := loadAndAnalyze(t, root)
		file, text, rest := underlined(t, res, root, "DJS801")
		if file != c.file || text != "" || rest != c.at {
			t.Errorf("%s: DJS801 underlines %q in %s before %q, want nothing in %s before %q", name, text, file, rest, c.file, c.at)
		}
	}
}
