package fix

import "testing"

// An override of an inherited setting goes after the whole import block the
// star import belongs to, never between two imports (flake8/ruff E402).
func TestOverrideAfterGoesAfterTheImportBlock(t *testing.T) {
	src := `"""Production settings."""
from .base import *  # noqa: F401,F403
# Logging and monitoring.
import logging
from pathlib import Path

LOG_DIR = Path('/var/log')
`
	want := `"""Production settings."""
from .base import *  # noqa: F401,F403
# Logging and monitoring.
import logging
from pathlib import Path
import os
DEBUG = os.environ.get('DJANGO_DEBUG', '').lower() in ('1', 'true', 'yes')

LOG_DIR = Path('/var/log')
`
	got := edit(t, src, "*", func(b *Builder) []Edit {
		return b.OverrideAfter(b.InheritedFrom(), "DEBUG", b.Style().BoolRead("DJANGO_DEBUG", false))
	})
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestSetValueAfterTheImportBlock(t *testing.T) {
	src := "from .base import *\nimport os\nfrom pathlib import Path\nX = 1\n"
	want := "from .base import *\nimport os\nfrom pathlib import Path\nSESSION_COOKIE_SECURE = True\nX = 1\n"
	fixes := Build(target(t, src, "*"), false, func(b *Builder) *Fix { return b.SetValue("SESSION_COOKIE_SECURE", "True", true) })
	if len(fixes) != 1 {
		t.Fatalf("got %d fixes", len(fixes))
	}
	if got, _ := Apply([]byte(src), fixes[0].Edits); string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// A star import whose block ends the module, and one followed directly by
// code: the block ends at its last import either way.
func TestImportBlockEnd(t *testing.T) {
	for src, want := range map[string]string{
		"from a import *\n":                        "from a import *",
		"from a import *\nimport b\n":              "import b",
		"from a import *\nX = 1\nimport b\n":       "from a import *",
		"import z\nfrom a import *\nimport b\nX=1": "import b",
	} {
		tg := target(t, src, "*")
		var got string
		Build(tg, false, func(b *Builder) *Fix {
			got = importBlockEnd(b.root, b.InheritedFrom()).Text(b.Text())
			return nil
		})
		if got != want {
			t.Errorf("%q: block ends at %q, want %q", src, got, want)
		}
	}
}
