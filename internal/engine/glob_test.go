package engine

import (
	"path/filepath"
	"testing"
)

// TestConfiguredGlobsAreGitGlobs: configuration globs are read as
// .gitignore's are. (They were matched with filepath.Match, folder by
// folder, where "[!_]" is the set of '!' and '_', not its negation.)
func TestConfiguredGlobsAreGitGlobs(t *testing.T) {
	root := writeProject(t, `-- djls-security.toml --
ignore = ["DJS901", "DJS503"]
settings = ["deploy/**/[!_]*.py"]
production = ["deploy/**/[!_]*.py"]
-- deploy/live.py --
DEBUG = True
-- deploy/k8s/eu.py --
DEBUG = True
-- deploy/_local.py --
DEBUG = True
`)
	_, res := loadAndAnalyze(t, root)
	for rel, judged := range map[string]bool{"deploy/live.py": true, "deploy/k8s/eu.py": true, "deploy/_local.py": false} {
		debug := 0
		if fr := res.Files[filepath.Join(root, filepath.FromSlash(rel))]; fr != nil {
			for _, f := range fr.Findings {
				if f.Code == "DJS001" {
					debug++
				}
			}
		}
		if (debug == 1) != judged {
			t.Errorf("%s: %d DJS001 findings, want judged %v", rel, debug, judged)
		}
	}
	for _, c := range []struct {
		glob, rel string
		want      bool
	}{
		{"deploy/*.py", "deploy/prod.py", true},
		{"deploy/*.py", "deploy/k8s/prod.py", false},
		{"**/prod.py", "prod.py", true},
		{"config/**/prod.py", "config/a/b/prod.py", true},
		{"config.settings.k8s", "config/settings/k8s.py", true}, // a dotted module
		{"settings.k8s", "config/settings/k8s.py", true},
		{"settings.k8s", "config/settings_k8s.py", false},
	} {
		if got := globMatch(c.glob, c.rel); got != c.want {
			t.Errorf("globMatch(%q, %q) = %v, want %v", c.glob, c.rel, got, c.want)
		}
	}
}
