package config

import (
	"errors"
	"strings"
	"testing"
)

// FuzzLoadTOML: any bytes as djls-security.toml or pyproject.toml give a
// config or a *config.Error naming the file, never a panic.
func FuzzLoadTOML(f *testing.F) {
	for _, s := range []string{
		"select = [\"DJS0\"]\nignore = [\"DJS901\"]\n[severity]\nDJS001 = \"warning\"\n",
		"[tool.djls-security]\nselct = 1\n", "django-version = 4.2\n", "settings = [\"a/**/b.py\"]\nproduction = [\"x\"]\n",
		"[tool.djls-security.severity]\nDJS1 = \"nope\"\n", "a = [\n", "\"\\u0000\" = 1", "[[x]]\n[x]\n",
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	known := func(id string) bool { return strings.HasPrefix(id, "DJS") && len(id) == 6 }
	f.Fuzz(func(t *testing.T, text []byte, pyproject bool) {
		var prefix []string
		name := "djls-security.toml"
		if pyproject {
			prefix, name = []string{"tool", "djls-security"}, "pyproject.toml"
		}
		cfg, err := loadTOML(name, text, prefix, known)
		if err != nil {
			var cerr *Error
			if !errors.As(err, &cerr) || !strings.Contains(err.Error(), name) {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		_ = Merge(cfg, cfg)
	})
}
